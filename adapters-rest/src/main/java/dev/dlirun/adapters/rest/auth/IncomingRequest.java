package dev.dlirun.adapters.rest.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as it arrived, all authentication needs of it.
 *
 * @param rawPath the path as in the request line
 * @param query   the decoded query parameters
 * @param headers header values by name, in any case
 */
public record IncomingRequest(String method, String rawPath, Map<String, List<String>> query,
                              Map<String, List<String>> headers, byte[] body) {

    public IncomingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The header's values joined as one, the way a signature covers them; empty when it was not sent. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(entry -> String.join(",", entry.getValue()))
                .findFirst();
    }
}
