package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.engine.alert.WebhookReceiver;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar's alerts across a {@code kill -9}: the outbox in the data directory outlives the process. */
class AlertsProcessIT {

    private static final String SECRET = "a-secret-the-operator-keeps-in-a-file";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fails half a second after it starts: the 11th row cannot be cast. */
    private static final String FAILS_AT_ONCE = """
            CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20',
              'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100000');
            CREATE TABLE ints (i INT) WITH ('connector' = 'blackhole');
            INSERT INTO ints SELECT CAST(CASE WHEN n > 10 THEN 'x' ELSE '1' END AS INT) FROM numbers;""";

    /**
     * A job fails while its alert channel is down; the service is killed with the alert written and not delivered.
     * Started again on the same data directory, with the channel up, it delivers the alert, once.
     */
    @Test
    void anAlertWrittenBeforeAKillMinus9IsDeliveredOnceAfterTheRestart() throws Exception {
        Path data = Files.createTempDirectory("dlirun-data");
        Path secret = Files.writeString(Files.createTempFile("alert-secret", ".txt"), SECRET + "\n");
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8))) {
            receiver.down();
            String[] flags = {"--port=0", "--data-dir=" + data, "--flink-in-process",
                    "--alert-channel=ops=" + receiver.url(), "--alert-secret-file=" + secret};

            ServerProcessIT.Server first = ServerProcessIT.start(flags);
            try {
                int port = ServerProcessIT.port(first);
                HttpResponse<String> created = ServerProcessIT.call(port, "POST", "/v1.0/p1/streaming/sql-jobs",
                        JSON.writeValueAsString(Map.of("name", "fails", "sql_body", FAILS_AT_ONCE,
                                "smn_topic", "ops")));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                long id = JSON.readTree(created.body()).get("job").get("job_id").asLong();
                ServerProcessIT.call(port, "POST", "/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [" + id + "]}");
                ServerProcessIT.awaitStatus(port, "p1", id, "job_running_exception");
                // A try or two of the delivery failed (nothing listens): the alert waits in the outbox.
                Thread.sleep(1500);
            } finally {
                first.process().destroyForcibly(); // SIGKILL
                first.process().waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(receiver.received()).isEmpty();
            receiver.up();

            ServerProcessIT.Server second = ServerProcessIT.start(flags);
            try {
                ServerProcessIT.port(second);
                receiver.await(1, Duration.ofSeconds(60));
                Thread.sleep(2000);
                assertThat(receiver.received()).singleElement().satisfies(alert -> {
                    assertThat(alert.signed()).isTrue();
                    assertThat(alert.body().get("kind").asText()).isEqualTo("job_failed");
                    assertThat(alert.body().get("job_name").asText()).isEqualTo("fails");
                    assertThat(alert.body().get("status_desc").asText()).startsWith("NumberFormatException");
                });
            } finally {
                second.process().destroyForcibly();
                second.process().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            ScratchDirectory.delete(data);
            Files.deleteIfExists(secret);
        }
    }
}
