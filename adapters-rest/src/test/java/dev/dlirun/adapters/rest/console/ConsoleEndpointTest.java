package dev.dlirun.adapters.rest.console;

import dev.dlirun.adapters.rest.TestHarnessAccess;
import dev.dlirun.adapters.rest.auth.TokenAuthenticator;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.api.signing.SdkHmacSha256;
import dev.dlirun.domain.port.in.CheckReadiness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files as the service serves them: from the jar, without credentials, under a policy that lets the
 * page run only its own scripts; nothing but the shipped files answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEndpointTest {

    private static final String TOKEN = "console-test-token";

    /** Callers need a token: the console's files must still load without one, and the API must not. */
    private final Harness server = new Harness(RestSettings.defaults().withAuthenticator(new TokenAuthenticator(
            List.of(new TokenAuthenticator.KnownToken(SdkHmacSha256.sha256Hex(TOKEN), Set.of("p1"))))),
            CheckReadiness.Readiness::up, Telemetry.inMemory());

    private static final class Harness extends TestHarnessAccess {
        Harness(RestSettings settings, CheckReadiness readiness, Telemetry telemetry) {
            super(settings, readiness, telemetry);
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void thePageLoadsWithoutCredentialsUnderAPolicyThatAllowsOnlyItsOwnScriptsAndThisOrigin() {
        var page = server.get("/console/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
        assertThat(page.body()).contains("<title>dlirun console</title>")
                .as("the page says how to sign in, so that it need not provoke a 401 to learn it")
                .contains("<meta name=\"dlirun-sign-in\" content=\"token\">");
        assertThat(page.header("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self'; "
                + "style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        var api = server.post("/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [1]}");
        assertThat(api.status()).as("the API itself still needs a token").isEqualTo(401);
        assertThat(api.header("Cache-Control")).as("an API answer is kept by no cache").isEqualTo("no-store");
        assertThat(api.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void theAddressWithoutItsSlashLeadsToThePageSoThatItsRelativeLinksResolve() {
        var answer = server.get("/console");

        assertThat(answer.status()).isEqualTo(308);
        assertThat(answer.header("Location")).as("relative: never built from the caller's Host").isEqualTo("/console/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.js", "api.js", "sign.js", "dom.js", "route.js", "paths.js", "view-parts.js",
            "jobs-view.js", "job-view.js", "edit-view.js", "editor.js", "graph.js", "chart.js"})
    void eachScriptIsServedAsJavaScriptWithAnEntityTagThatAnswersNotModified(String name) {
        var script = server.get("/console/" + name);

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript;charset=utf-8");
        assertThat(script.header("Cache-Control")).isEqualTo("no-cache");
        String etag = script.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");

        var again = server.get("/console/" + name, java.util.Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/nope.js", "/console/..%2F..%2Fpom.xml", "/console/%2e%2e/openapi.yaml",
            "/console/ConsoleResource.class", "/console/index.html%00.js", "/console/sub/app.js"})
    void nothingButTheShippedFilesAnswersAndTheRestGetsDlisErrorBody(String path) {
        var answer = server.get(path);

        assertThat(answer.status()).as(path).isIn(400, 401, 404);
        assertThat(answer.json().path("error_code").asText()).startsWith("DLI.");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("jersey");
    }

    @Test
    void onlyReadingIsOpenWithoutCredentials() {
        assertThat(server.send("DELETE", "/console/app.js").status()).isIn(401, 405);
        assertThat(server.post("/console/", "{}").status()).isIn(401, 405);
    }

    /**
     * What the policy forbids would break the page without a word at run time, so it is refused here: no inline
     * script or style, no HTML parsed from strings, no code from strings, and every file the page loads is shipped.
     */
    @Test
    void theShippedFilesKeepToThePolicyAndReferOnlyToEachOther() throws IOException {
        String page = resource("index.html");
        assertThat(page).doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern("<script(?![^>]*src=)")
                .doesNotContainPattern("\\son[a-z]+=");
        Set<String> referred = new LinkedHashSet<>();
        collect(Pattern.compile("(?:src|href)=\"([^\"#:]+)\""), page, referred);
        for (String name : ConsoleFiles.SHIPPED) {
            if (name.endsWith(".js")) {
                String script = resource(name);
                assertThat(script).as(name).doesNotContain("innerHTML").doesNotContain("outerHTML")
                        .doesNotContain("insertAdjacentHTML").doesNotContain("document.write").doesNotContain("eval(")
                        .doesNotContain("new Function").doesNotContainPattern("\\.style\\.[a-zA-Z]+\\s*=")
                        .doesNotContain("localStorage").doesNotContain("sessionStorage").doesNotContain("document.cookie");
                collect(Pattern.compile("from '\\./([^']+)'"), script, referred);
            }
        }
        assertThat(ConsoleFiles.SHIPPED).containsAll(referred);
        assertThat(referred).contains("app.js", "console.css", "graph.js");
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleEndpointTest.class.getResourceAsStream("/console/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
