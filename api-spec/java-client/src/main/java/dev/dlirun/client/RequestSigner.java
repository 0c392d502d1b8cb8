package dev.dlirun.client;

import dev.dlirun.api.signing.SdkHmacSha256;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/** Adds authentication headers to a request about to be sent, given its final bytes. */
interface RequestSigner {

    /** A request as it goes on the wire: its {@code Host} and {@code Content-Type} headers, path and query raw. */
    record Outgoing(String method, String host, String rawPath, String rawQuery, String contentType, byte[] body) {
    }

    RequestSigner NONE = request -> Map.of();

    Map<String, String> headers(Outgoing request);

    static RequestSigner token(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
        return request -> Map.of("X-Auth-Token", token);
    }

    static RequestSigner akSk(String accessKey, String secretKey, Clock clock) {
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("AK/SK signing needs both an access key and a secret key");
        }
        return request -> {
            Map<String, String> signed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            signed.put("Host", request.host());
            if (request.contentType() != null) {
                signed.put("Content-Type", request.contentType());
            }
            return SdkHmacSha256.sign(new SdkHmacSha256.Request(request.method(), request.rawPath(),
                    QueryParameters.of(request.rawQuery()), signed, request.body()), accessKey, secretKey,
                    clock.instant());
        };
    }
}
