package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.server.RestSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.dlirun.adapters.rest.RestServerHarness.RUN_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/** What arrives on the wire may be hostile: every such request gets a 4xx, and the server keeps serving. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    private static final int MAX_BODY = 4096;
    private final RestServerHarness server = new RestServerHarness(RestSettings.defaults()
            .withMaxBodyBytes(MAX_BODY).withReadTimeout(Duration.ofSeconds(1)));

    @AfterAll
    void stop() {
        server.close();
    }

    private static void assertError(RestServerHarness.Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("error_code").asText()).startsWith("DLI.");
        assertThat(answer.json().get("error_msg").asText()).isEqualTo(message);
    }

    private static String batchOfSize(int bytes) {
        StringBuilder body = new StringBuilder("{\"job_ids\": [1");
        while (body.length() < bytes - 2) {
            body.append(", 1");
        }
        return body.append("]}").toString();
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrChunked() {
        String tooBig = batchOfSize(MAX_BODY + 100);

        assertError(server.postJson(RUN_PATH, tooBig), 413, "The request body is larger than 4096 bytes.");
        byte[] bytes = tooBig.getBytes(StandardCharsets.UTF_8);
        assertError(server.send(server.request(RUN_PATH).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))),
                413, "The request body is larger than 4096 bytes.");
        assertThat(server.postJson(RUN_PATH, batchOfSize(MAX_BODY - 10)).status()).isEqualTo(200);
    }

    @Test
    void deepNestingHugeNumbersAndLongStringsAre400() {
        assertThat(server.postJson(RUN_PATH, "{\"job_ids\": [1], \"x\": " + "[".repeat(1500) + "]".repeat(1500) + "}")
                .status()).isEqualTo(400);
        assertError(server.postJson(RUN_PATH, "{\"job_ids\": [" + "9".repeat(2000) + "]}"), 400,
                "request body is nested too deeply or holds too long a value.");
        assertThat(server.postJson(RUN_PATH, "{\"job_ids\": [1e999999999]}").status()).isEqualTo(400);
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = {'{', '"', 'j', 'o', 'b', '_', 'i', 'd', 's', '"', ':', '[', '1', ']', ',', '"', (byte) 0xC3,
                (byte) 0x28, '"', ':', '1', '}'};
        var answer = server.send(server.request(RUN_PATH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error_msg").asText()).startsWith("request body is not valid JSON");
    }

    @Test
    void oversizedHeadersAreRefusedWithA4xx() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /v1.0/p1/streaming/jobs/1 HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "a".repeat(64 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertThat(status).matches("HTTP/1\\.1 4\\d\\d");
        } catch (java.net.SocketException closedWhileWeWrote) {
            // Refusing a request by closing the connection on it is a refusal too.
        }
        assertThat(server.postJson(RUN_PATH, "{\"job_ids\": [1]}").status()).isEqualTo(200);
    }

    /** The status line, headers and body (by its Content-Length) of one HTTP answer. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void callersWhoStopHalfwayThroughTheirRequestDoNotBlockOthersAndAreCutOff() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST " + RUN_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"job_ids\": [")
                        .getBytes(StandardCharsets.ISO_8859_1));
                stalled.add(socket);
            }

            long start = System.nanoTime();
            assertThat(server.postJson(RUN_PATH, "{\"job_ids\": [1]}").status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            for (Socket socket : stalled) {
                socket.setSoTimeout(10_000);
                // Once the read timeout passes, the server answers 408.
                String answer = readAnswer(socket.getInputStream());
                assertThat(answer).startsWith("HTTP/1.1 408").contains("The request body stopped arriving");
            }
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
        assertThat(server.postJson(RUN_PATH, "{\"job_ids\": [1]}").status()).isEqualTo(200);
    }
}
