package dev.dlirun.adapters.rest.server;

import dev.dlirun.adapters.rest.TestHarnessAccess;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.domain.port.in.CheckReadiness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request targets no client should send but anyone can, written on a raw socket (HTTP clients refuse to send them):
 * each answers 400 with DLI's error body, never the container's HTML error page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestTargetGuardTest {

    private final Harness server = new Harness();

    private static final class Harness extends TestHarnessAccess {
        Harness() {
            super(RestSettings.defaults(), CheckReadiness.Readiness::up, Telemetry.inMemory());
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1.0/p1/streaming/jobs/a\\b", "/console/a{b}", "/v1.0/p1/streaming/jobs/1|2",
            "/v1.0/p1/streaming/jobs?name=a\"b", "/v1.0/p1/streaming/jobs/<x>", "/health/live^"})
    void aTargetWithCharactersAUriMayNotHoldIs400WithDlisErrorBody(String target) throws IOException {
        String answer = raw(target);

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(answer).containsIgnoringCase("Content-Type: application/json").containsIgnoringCase("X-Request-Id: ")
                .endsWith("{\"error_code\":\"DLI.0001\",\"error_msg\":\"The request target holds characters a URI may "
                        + "not hold unencoded: percent-encode them.\"}");
        assertThat(answer.toLowerCase()).doesNotContain("grizzly").doesNotContain("jersey").doesNotContain("exception");
    }

    @Test
    void theSameCharactersPercentEncodedGoOnToTheApplication() throws IOException {
        assertThat(raw("/health/live")).startsWith("HTTP/1.1 200 ").endsWith("{\"status\":\"UP\"}");
        String encoded = raw("/v1.0/p1/streaming/jobs/a%5Cb");
        assertThat(encoded).startsWith("HTTP/1.1 400 ").contains("\"error_code\":\"DLI.0001\"")
                .doesNotContain("percent-encode");
    }

    private String raw(String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(server.hostAndPort().split(":")[1]))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + server.hostAndPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
