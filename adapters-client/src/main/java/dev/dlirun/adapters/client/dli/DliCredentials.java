package dev.dlirun.adapters.client.dli;

import dev.dlirun.api.signing.SdkHmacSha256;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** How this service proves itself to DLI. Never printed: {@link #toString()} shows no secret. */
public sealed interface DliCredentials {

    /** The headers that authenticate {@code request}, sent at {@code now}. */
    Map<String, String> authenticate(SdkHmacSha256.Request request, Instant now);

    /** An access key and secret key: every request is signed with {@code SDK-HMAC-SHA256}. */
    record AkSk(String accessKey, String secretKey) implements DliCredentials {
        public AkSk {
            if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
                throw new IllegalArgumentException("an AK/SK pair needs both an access key and a secret key");
            }
        }

        @Override
        public Map<String, String> authenticate(SdkHmacSha256.Request request, Instant now) {
            return SdkHmacSha256.sign(request, accessKey, secretKey, now);
        }

        @Override
        public String toString() {
            return "AK/SK (access key " + masked(accessKey) + ")";
        }
    }

    /** An IAM token, sent as {@code X-Auth-Token}. */
    record Token(String token) implements DliCredentials {
        public Token {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a token must not be empty");
            }
        }

        @Override
        public Map<String, String> authenticate(SdkHmacSha256.Request request, Instant now) {
            return Map.of("X-Auth-Token", token);
        }

        @Override
        public String toString() {
            return "IAM token";
        }
    }

    /** The first four characters of an access key, which identify it to its owner without giving it away. */
    static String masked(String accessKey) {
        Objects.requireNonNull(accessKey);
        return accessKey.length() <= 4 ? "****" : accessKey.substring(0, 4) + "****";
    }
}
