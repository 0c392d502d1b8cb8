package dev.dlirun.adapters.rest.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Authenticates every request before anything else looks at it, and records the caller for
 * {@link ProjectAccessFilter}. A signature covers the body, so the body is read here (within the body limit, which
 * is checked first) and handed on unchanged.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {

    static final String CALLER = Caller.class.getName();
    /** Operators' endpoints: probes and scrapers call them without credentials. */
    private static final Set<String> OPEN_PATHS = Set.of("/health/live", "/health/ready", "/metrics", "/openapi.yaml");
    /** The web console's page and scripts: they hold no data; the page calls the API with the caller's credentials. */
    private static final Pattern CONSOLE_PATHS = Pattern.compile("/console(/[A-Za-z0-9._-]*)?");

    /** RFC 9110's 421 Misdirected Request: this server will not answer for the name the request gave it. */
    public static final int MISDIRECTED = 421;
    private static final Pattern LOOPBACK_HOST =
            Pattern.compile("(localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1])(:\\d{1,5})?");

    private final Authenticator authenticator;

    public AuthenticationFilter(Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        boolean reading = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (reading && (OPEN_PATHS.contains(path) || CONSOLE_PATHS.matcher(path).matches())) {
            return;
        }
        if (authenticator == Authenticator.NONE && !addressedToLoopback(request.getHeaderString("Host"))) {
            // Without authentication, only this machine may call; a page elsewhere whose name an attacker pointed at
            // 127.0.0.1 (DNS rebinding) makes the browser send that name, and is refused.
            throw new WebApplicationException(MISDIRECTED);
        }
        byte[] body = new byte[0];
        if (authenticator.readsBody() && request.hasEntity()) {
            body = request.getEntityStream().readAllBytes();
            request.setEntityStream(new ByteArrayInputStream(body));
        }
        var uri = request.getUriInfo().getRequestUri();
        IncomingRequest incoming = new IncomingRequest(request.getMethod(), uri.getRawPath(), query(uri.getRawQuery()),
                request.getHeaders(), body);
        request.setProperty(CALLER, authenticator.authenticate(incoming));
    }

    /** Whether the request names this server by a loopback name (or names none: a request made in process). */
    static boolean addressedToLoopback(String host) {
        return host == null || LOOPBACK_HOST.matcher(host.trim().toLowerCase(java.util.Locale.ROOT)).matches();
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
