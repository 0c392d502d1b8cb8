package dev.dlirun.adapters.rest.auth;

import dev.dlirun.adapters.rest.TestHarnessAccess;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.api.signing.SdkHmacSha256;
import dev.dlirun.domain.port.in.CheckReadiness;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v3/auth/projects} over HTTP on the real server: the projects of the caller's credentials under token
 * and AK/SK authentication, anyone's under none, and a refusal with DLI's error body and the 401 challenge without
 * valid credentials.
 */
class CallerProjectsEndpointTest {

    private static final String PROJECTS = "/v3/auth/projects";
    private static final String TOKEN = "tok-two-projects";

    /** The REST tests' harness, from its package. */
    private static final class Server extends TestHarnessAccess {
        Server(Authenticator authenticator) {
            super(RestSettings.defaults().withAuthenticator(authenticator), CheckReadiness.Readiness::up,
                    Telemetry.inMemory());
        }
    }

    private static Server withTokens() {
        return new Server(new TokenAuthenticator(List.of(
                new TokenAuthenticator.KnownToken(SdkHmacSha256.sha256Hex(TOKEN), Set.of("team-b", "demo")),
                new TokenAuthenticator.KnownToken(SdkHmacSha256.sha256Hex("tok-other"), Set.of("other")))));
    }

    @Test
    void aTokenCallerGetsExactlyItsOwnProjectsSortedById() {
        try (Server server = withTokens()) {
            var answer = server.get(PROJECTS, Map.of("X-Auth-Token", TOKEN));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            assertThat(answer.header("X-Request-Id")).isNotBlank();
            assertThat(answer.body()).isEqualTo("{\"projects\":[{\"id\":\"demo\",\"name\":\"demo\",\"enabled\":true},"
                    + "{\"id\":\"team-b\",\"name\":\"team-b\",\"enabled\":true}],\"any_project\":false}");
        }
    }

    @Test
    void anAkSkCallerWhoseRequestIsSignedGetsItsProjects() {
        try (Server server = new Server(new AkSkAuthenticator(List.of(
                new AkSkAuthenticator.Credential("AK1", "SK1", Set.of("p2", "p1")),
                new AkSkAuthenticator.Credential("AK2", "SK2", Set.of("p3"))), Clock.systemUTC()))) {
            Map<String, String> signed = SdkHmacSha256.sign(new SdkHmacSha256.Request("GET", PROJECTS, Map.of(),
                    Map.of("Host", server.hostAndPort()), new byte[0]), "AK1", "SK1", Instant.now());
            Map<String, String> headers = new java.util.HashMap<>(signed);
            headers.remove("Host");

            var answer = server.get(PROJECTS, headers);

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("projects").findValuesAsText("id")).containsExactly("p1", "p2");
            assertThat(answer.json().get("any_project").asBoolean()).isFalse();
        }
    }

    @Test
    void withoutAuthenticationAnyoneMayNameAnyProject() {
        try (Server server = new Server(Authenticator.NONE)) {
            var answer = server.get(PROJECTS);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"projects\":[],\"any_project\":true}");
        }
    }

    @Test
    void aWrongTokenOrNoneIs401Dli0013WithTheTokenChallenge() {
        try (Server server = withTokens()) {
            var wrong = server.get(PROJECTS, Map.of("X-Auth-Token", "guess"));
            var none = server.get(PROJECTS);

            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.header("Content-Type")).startsWith("application/json");
            assertThat(wrong.body()).isEqualTo("{\"error_code\":\"DLI.0013\",\"error_msg\":\"The token is not valid.\"}");
            assertThat(wrong.header("WWW-Authenticate")).isEqualTo("X-Auth-Token realm=\"dlirun\"");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.json().get("error_msg").asText()).isEqualTo("The request carries no X-Auth-Token.");
            assertThat(none.header("WWW-Authenticate")).isEqualTo("X-Auth-Token realm=\"dlirun\"");
        }
    }

    @Test
    void everyRefusalUnderAkSkChallengesWithTheSignaturesScheme() {
        try (Server server = new Server(new AkSkAuthenticator(List.of(
                new AkSkAuthenticator.Credential("AK1", "SK1", Set.of("p1"))), Clock.systemUTC()))) {
            var unsigned = server.post("/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [1]}");
            var badlySigned = server.get(PROJECTS, Map.of("Authorization", "SDK-HMAC-SHA256 Access=AK1, "
                    + "SignedHeaders=host;x-sdk-date, Signature=00", "X-Sdk-Date",
                    SdkHmacSha256.DATE_FORMAT.format(Instant.now())));

            for (var refused : List.of(unsigned, badlySigned)) {
                assertThat(refused.status()).isEqualTo(401);
                assertThat(refused.json().get("error_code").asText()).isEqualTo("DLI.0013");
                assertThat(refused.header("WWW-Authenticate")).isEqualTo("SDK-HMAC-SHA256 realm=\"dlirun\"");
            }
            assertThat(badlySigned.json().get("error_msg").asText())
                    .isEqualTo("The access key or the signature is not valid.");
        }
    }

    @Test
    void aCallerWithoutProjectsGetsAnEmptyListAndNotAnyProject() {
        assertThat(CallerProjectsResource.answer(Caller.of("AK0", Set.of())))
                .satisfies(answer -> {
                    assertThat(answer.getProjects()).isEmpty();
                    assertThat(answer.getAnyProject()).isFalse();
                });
    }
}
