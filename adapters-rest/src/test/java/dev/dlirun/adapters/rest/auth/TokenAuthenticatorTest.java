package dev.dlirun.adapters.rest.auth;

import dev.dlirun.api.signing.SdkHmacSha256;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenAuthenticatorTest {

    private final TokenAuthenticator authenticator = new TokenAuthenticator(List.of(
            new TokenAuthenticator.KnownToken(SdkHmacSha256.sha256Hex("secret-token").toUpperCase(), Set.of("p1"))));

    private static IncomingRequest with(Map<String, List<String>> headers) {
        return new IncomingRequest("GET", "/v1.0/p1/streaming/jobs/1", Map.of(), headers, new byte[0]);
    }

    @Test
    void aKnownTokenIsItsCallerNamedByItsHashOnly() {
        Caller caller = authenticator.authenticate(with(Map.of("X-Auth-Token", List.of("secret-token"))));

        assertThat(caller.mayUse("p1")).isTrue();
        assertThat(caller.name()).startsWith("token ").doesNotContain("secret-token");
    }

    @Test
    void anUnknownOrMissingTokenIsRefused() {
        assertThatThrownBy(() -> authenticator.authenticate(with(Map.of("X-Auth-Token", List.of("guess")))))
                .isInstanceOf(NotAuthenticatedException.class).hasMessage("The token is not valid.");
        assertThatThrownBy(() -> authenticator.authenticate(with(Map.of())))
                .hasMessage("The request carries no X-Auth-Token.");
    }

    @Test
    void aRefusalChallengesWithTheTokenScheme() {
        assertThat(authenticator.scheme()).isEqualTo("X-Auth-Token");
        assertThatThrownBy(() -> authenticator.authenticate(with(Map.of())))
                .isInstanceOfSatisfying(NotAuthenticatedException.class, e ->
                        assertThat(e.challenge()).isEqualTo("X-Auth-Token realm=\"dlirun\""));
    }
}
