package dev.dlirun.adapters.rest.server;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Every answer is the caller's own: no cache keeps it (a shared browser's back button, a proxy between), unless the
 * resource said otherwise (the console's files, which hold no data), and no browser guesses another type for it.
 */
public final class PrivateAnswers implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
    }
}
