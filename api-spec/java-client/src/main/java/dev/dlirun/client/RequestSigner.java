package dev.dlirun.client;

import dev.dlirun.api.signing.SdkHmacSha256;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/** Adds authentication headers to a request about to be sent, given its body. */
interface RequestSigner {

    RequestSigner NONE = (request, body) -> Map.of();

    Map<String, String> headers(HttpRequest request, byte[] body);

    static RequestSigner token(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        return (request, body) -> Map.of("X-Auth-Token", token);
    }

    static RequestSigner akSk(String accessKey, String secretKey, Clock clock) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("AK/SK signing needs both an access key and a secret key");
        }
        return (request, body) -> {
            URI uri = request.uri();
            Map<String, String> signed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            signed.put("Host", uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
            request.headers().firstValue("Content-Type").ifPresent(type -> signed.put("Content-Type", type));
            return SdkHmacSha256.sign(new SdkHmacSha256.Request(request.method(), uri.getRawPath(),
                    QueryParameters.of(uri), signed, body), accessKey, secretKey, clock.instant());
        };
    }
}
