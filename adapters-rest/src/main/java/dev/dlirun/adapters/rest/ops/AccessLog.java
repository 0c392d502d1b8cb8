package dev.dlirun.adapters.rest.ops;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code dlirun.access} logger: method, path (with its project id), status, duration,
 * how many jobs it named, and its request id. Never a header, a body or a secret.
 */
@PreMatching
@Priority(2)
public final class AccessLog implements ContainerRequestFilter, ContainerResponseFilter {

    private static final Logger LOG = LoggerFactory.getLogger("dlirun.access");
    private static final String STARTED = AccessLog.class.getName() + ".started";
    /** Requests are served one per thread, from the request filter to the response filter. */
    private static final ThreadLocal<Integer> JOBS = new ThreadLocal<>();
    private static final int MAX_PATH = 256;

    /** Tells the access log how many job ids the request being served named. */
    public static void jobs(int count) {
        JOBS.set(count);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
        JOBS.remove();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        long millis = started instanceof Long start ? (System.nanoTime() - start) / 1_000_000 : -1;
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH) + "...";
        }
        Integer jobs = JOBS.get();
        JOBS.remove();
        // The request id is in the logging context (MDC), which every log format prints.
        LOG.info("{} {} {} {}ms jobs={}", request.getMethod(), path, response.getStatus(), millis,
                jobs == null ? 0 : jobs);
    }
}
