package dev.dlirun.adapters.rest.auth;

import dev.dlirun.api.signing.SdkHmacSha256;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AkSkAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String PATH = "/v1.0/p1/streaming/jobs/run";
    private static final byte[] BODY = "{\"job_ids\":[131]}".getBytes(StandardCharsets.UTF_8);

    private final AkSkAuthenticator authenticator = new AkSkAuthenticator(
            List.of(new AkSkAuthenticator.Credential("AK1", "SK1", Set.of("p1"))), Clock.fixed(NOW, ZoneOffset.UTC));

    /** A request signed by a caller with {@code sk} at {@code at}, over {@code signedBody}, sending {@code sentBody}. */
    private static IncomingRequest signed(String ak, String sk, Instant at, byte[] signedBody, byte[] sentBody) {
        Map<String, String> signedHeaders = Map.of("Host", "127.0.0.1:8080", "X-Project-Id", "p1");
        Map<String, String> auth = SdkHmacSha256.sign(
                new SdkHmacSha256.Request("POST", PATH, Map.of(), signedHeaders, signedBody), ak, sk, at);
        Map<String, List<String>> headers = new HashMap<>();
        signedHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
        auth.forEach((name, value) -> headers.put(name, List.of(value)));
        headers.put("Content-Type", List.of("application/json"));
        return new IncomingRequest("POST", PATH, Map.of(), headers, sentBody);
    }

    @Test
    void aRequestSignedWithAKnownKeyIsItsCaller() {
        Caller caller = authenticator.authenticate(signed("AK1", "SK1", NOW, BODY, BODY));

        assertThat(caller).isEqualTo(Caller.of("AK1", Set.of("p1")));
        assertThat(caller.mayUse("p1")).isTrue();
        assertThat(caller.mayUse("p2")).isFalse();
    }

    @Test
    void aDateWithinFifteenMinutesIsFine() {
        assertThat(authenticator.authenticate(signed("AK1", "SK1", NOW.minus(Duration.ofMinutes(14)), BODY, BODY)))
                .isNotNull();
        assertThat(authenticator.authenticate(signed("AK1", "SK1", NOW.plus(Duration.ofMinutes(14)), BODY, BODY)))
                .isNotNull();
    }

    @Test
    void aWrongSecretKeyATamperedBodyAndAnUnknownKeyAreRefusedAlike() {
        for (IncomingRequest request : List.of(signed("AK1", "WRONG", NOW, BODY, BODY),
                signed("AK1", "SK1", NOW, BODY, "{\"job_ids\":[999]}".getBytes(StandardCharsets.UTF_8)),
                signed("AK9", "SK1", NOW, BODY, BODY))) {
            assertThatThrownBy(() -> authenticator.authenticate(request))
                    .isInstanceOf(NotAuthenticatedException.class)
                    .hasMessage("The access key or the signature is not valid.");
        }
    }

    @Test
    void aStaleOrFutureDateIsRefused() {
        for (Instant at : List.of(NOW.minus(Duration.ofMinutes(16)), NOW.plus(Duration.ofMinutes(16)))) {
            assertThatThrownBy(() -> authenticator.authenticate(signed("AK1", "SK1", at, BODY, BODY)))
                    .hasMessage("X-Sdk-Date is more than 15 minutes away from the server's clock.");
        }
    }

    @Test
    void aSignatureThatDoesNotCoverHostAndDateIsRefused() {
        IncomingRequest request = signed("AK1", "SK1", NOW, BODY, BODY);
        String authorization = request.header("Authorization").orElseThrow()
                .replace("SignedHeaders=host;x-project-id;x-sdk-date", "SignedHeaders=x-project-id;x-sdk-date");
        Map<String, List<String>> headers = new HashMap<>(request.headers());
        headers.put("Authorization", List.of(authorization));

        assertThatThrownBy(() -> authenticator.authenticate(
                new IncomingRequest("POST", PATH, Map.of(), headers, BODY)))
                .hasMessage("The signature must cover the host and x-sdk-date headers.");
    }

    @Test
    void missingOrMalformedCredentialsAreRefusedSayingWhat() {
        assertThatThrownBy(() -> authenticator.authenticate(new IncomingRequest("POST", PATH, Map.of(), Map.of(), BODY)))
                .hasMessage("The request carries no credentials: sign it with SDK-HMAC-SHA256.");
        assertThatThrownBy(() -> authenticator.authenticate(new IncomingRequest("POST", PATH, Map.of(),
                Map.of("Authorization", List.of("Basic dXNlcjpwYXNz")), BODY)))
                .hasMessage("The Authorization header is not an SDK-HMAC-SHA256 signature.");
    }

    @Test
    void theMessageOfARefusalNeverHoldsASecret() {
        assertThatThrownBy(() -> authenticator.authenticate(signed("AK1", "WRONG", NOW, BODY, BODY)))
                .message().doesNotContain("SK1").doesNotContain("WRONG");
    }

    @Test
    void everyRefusalChallengesWithTheSignaturesScheme() {
        assertThat(authenticator.scheme()).isEqualTo("SDK-HMAC-SHA256");
        for (IncomingRequest request : List.of(new IncomingRequest("POST", PATH, Map.of(), Map.of(), BODY),
                signed("AK1", "WRONG", NOW, BODY, BODY), signed("AK1", "SK1", NOW.minus(Duration.ofHours(1)), BODY,
                        BODY))) {
            assertThatThrownBy(() -> authenticator.authenticate(request))
                    .isInstanceOfSatisfying(NotAuthenticatedException.class, e ->
                            assertThat(e.challenge()).isEqualTo("SDK-HMAC-SHA256 realm=\"dlirun\""));
        }
    }
}
