package dev.dlirun.adapters.rest.ops;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import org.slf4j.MDC;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is safe to echo and log, a new one
 * otherwise. The id is answered on every response, errors and unknown paths included, and is in the logging
 * context while the request is served.
 */
@PreMatching
@Priority(0)
public final class RequestIds implements ContainerRequestFilter, ContainerResponseFilter {

    public static final String HEADER = "X-Request-Id";
    /** The key of the request id in the logging context (SLF4J MDC). */
    public static final String LOG_KEY = "request_id";

    private static final String PROPERTY = RequestIds.class.getName();
    /** Requests are served synchronously, one per thread, from the request filter to the response filter. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    @Override
    public void filter(ContainerRequestContext request) {
        String offered = request.getHeaderString(HEADER);
        String id = offered != null && SAFE.matcher(offered).matches() ? offered : newId();
        request.setProperty(PROPERTY, id);
        CURRENT.set(id);
        MDC.put(LOG_KEY, id);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        response.getHeaders().putSingle(HEADER, id != null ? id : newId());
        CURRENT.remove();
        MDC.remove(LOG_KEY);
    }

    /** The id of the request being served on this thread, for messages that ask callers to quote it. */
    public static String current() {
        String id = CURRENT.get();
        return id != null ? id : "unknown";
    }

    /**
     * 128 random bits as 32 hex digits. A request id must be unique, not secret: {@link ThreadLocalRandom} rather
     * than the {@link java.security.SecureRandom} behind {@code UUID.randomUUID()}, which showed in profiles.
     */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
