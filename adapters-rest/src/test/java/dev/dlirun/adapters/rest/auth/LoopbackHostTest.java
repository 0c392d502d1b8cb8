package dev.dlirun.adapters.rest.auth;

import dev.dlirun.adapters.rest.TestHarnessAccess;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.domain.port.in.CheckReadiness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server without authentication answers only callers that name it by a loopback name: a web page whose own name an
 * attacker pointed at 127.0.0.1 (DNS rebinding) gets its browser to call with that name, and is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoopbackHostTest {

    private final Harness open = new Harness(RestSettings.defaults());
    private final Harness withTokens = new Harness(RestSettings.defaults().withAuthenticator(new TokenAuthenticator(
            List.of(new TokenAuthenticator.KnownToken("0".repeat(64), Set.of("p1"))))));

    private static final class Harness extends TestHarnessAccess {
        Harness(RestSettings settings) {
            super(settings, CheckReadiness.Readiness::up, Telemetry.inMemory());
        }

        int port() {
            return Integer.parseInt(hostAndPort().split(":")[1]);
        }
    }

    @AfterAll
    void stop() {
        open.close();
        withTokens.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:PORT", "localhost:PORT", "LOCALHOST", "[::1]:PORT", "127.0.0.1"})
    void aLoopbackNameIsAnswered(String host) throws IOException {
        assertThat(get(open, "/v3/auth/projects", host.replace("PORT", String.valueOf(open.port()))))
                .startsWith("HTTP/1.1 200 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example:PORT", "attacker.example", "127.0.0.1.attacker.example:PORT",
            "192.168.1.10:PORT", "localhost.attacker.example"})
    void anyOtherNameIsMisdirectedWithDlisErrorBody(String host) throws IOException {
        String answer = get(open, "/v3/auth/projects", host.replace("PORT", String.valueOf(open.port())));

        assertThat(answer).startsWith("HTTP/1.1 421 ").endsWith("{\"error_code\":\"DLI.0001\",\"error_msg\":\"This "
                + "server runs without authentication and answers only requests addressed to it by a loopback name "
                + "(127.0.0.1, localhost, [::1]) in their Host header.\"}");
    }

    @Test
    void theConsolesFilesAndTheProbesStayOpenAndAServerWithCredentialsAsksForThem() throws IOException {
        assertThat(get(open, "/console/", "attacker.example")).startsWith("HTTP/1.1 200 ");
        assertThat(get(open, "/health/live", "attacker.example")).startsWith("HTTP/1.1 200 ");
        assertThat(get(withTokens, "/v3/auth/projects", "attacker.example")).startsWith("HTTP/1.1 401 ");
    }

    private static String get(Harness server, String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
