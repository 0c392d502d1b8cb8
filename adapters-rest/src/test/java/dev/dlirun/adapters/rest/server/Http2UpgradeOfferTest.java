package dev.dlirun.adapters.rest.server;

import dev.dlirun.adapters.rest.TestHarnessAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request offering an HTTP/2 cleartext upgrade is answered as plain HTTP/1.1, at once, and leaves its
 * connection usable. Without {@link Http2UpgradeDecliner} the first test hangs until its timeout and the
 * second loses requests on reused connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2UpgradeOfferTest {

    private static final String PATH = "/v1.0/p1/streaming/jobs/run";
    private static final String BODY = "{\"job_ids\": [1]}";

    private final RestServer server = RestServer.start("127.0.0.1", 0, RestApplication.create(
            TestHarnessAccess.fakeUseCases()));

    @AfterAll
    void stop() {
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void aDefaultJavaHttpClientGetsEveryAnswerOnAReusedConnection() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            statuses.add(response.statusCode());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }

        assertThat(statuses).containsOnly(200).hasSize(20);
    }

    @Test
    void theUpgradeIsDeclinedAndTheConnectionStaysOpenForTheNextRequest() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));

            for (int i = 0; i < 2; i++) {
                out.write(("POST " + PATH + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\n"
                        + "Connection: Upgrade, HTTP2-Settings\r\n"
                        + "Upgrade: h2c\r\n"
                        + "HTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAAAAYABgAA\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: " + BODY.length() + "\r\n"
                        + "\r\n" + BODY).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();

                assertThat(in.readLine()).as("status line of answer %d", i).isEqualTo("HTTP/1.1 200 OK");
                int length = -1;
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    String lower = line.toLowerCase();
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring("content-length:".length()).trim());
                    }
                    assertThat(lower).doesNotStartWith("upgrade:").isNotEqualTo("connection: close");
                }
                char[] body = new char[length];
                assertThat(in.read(body, 0, length)).isEqualTo(length);
                assertThat(new String(body)).contains("\"is_success\":\"true\"");
            }
        }
    }
}
