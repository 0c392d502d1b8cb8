package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;
import dev.dlirun.adapters.client.local.engine.alert.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts end to end: jobs created through the API with an {@code smn_topic}, run on a real Flink cluster (in the
 * service's process), their alerts posted to real webhook receivers. One server, one cluster for the class.
 */
class AlertsEndToEndTest {

    private static final String PROJECT = "alerts";
    private static final String SECRET = "the-operators-shared-secret";
    private static final Duration SOON = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fails half a second after it starts (the 11th row cannot be cast), every time it starts. */
    private static final String FAILS_AT_ONCE = """
            CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20',
              'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100000');
            CREATE TABLE ints (i INT) WITH ('connector' = 'blackhole');
            INSERT INTO ints SELECT CAST(CASE WHEN n > 10 THEN 'x' ELSE '1' END AS INT) FROM numbers;""";

    /** Runs until stopped. */
    private static final String RUNS_ON = """
            CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
            CREATE TABLE sink (n BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO sink SELECT n FROM numbers;""";

    private static Path data;
    private static WebhookReceiver ops;
    /** The channel of topic {@code pager}: down until a test brings it up. */
    private static WebhookReceiver pager;
    private static RunningService service;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("dlirun-alerts-e2e");
        ops = new WebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8));
        pager = new WebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8));
        pager.down();
        service = new RunningService(ServerConfig.simulated(0)
                .withBackend(Backend.Flink.embedded(4))
                .withDataDirectory(data.resolve("data"))
                .withReadinessCache(Duration.ZERO)
                .withAlerts(AlertSettings.of(Map.of("ops", ops.url(), "pager", pager.url()), SECRET)
                        .withClusterTopics(java.util.Set.of("ops"))
                        .withFirstRetry(Duration.ofMillis(200)).withCheckpointWindow(Duration.ofSeconds(2))));
        long deadline = System.nanoTime() + SOON.toNanos();
        while (service.get("/health/ready").status() != 200) {
            assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (ops != null) {
            ops.close();
        }
        if (pager != null) {
            pager.close();
        }
        ScratchDirectory.delete(data);
    }

    @Test
    void aFailingJobGivesExactlyOneAlertWithTheJobItsStatusAndRootCause() throws Exception {
        long id = create("fails-once", "ops", false, 0);
        run(id);
        service.awaitStatus(PROJECT, id, "job_running_exception", SOON);

        List<JsonNode> alerts = await(ops, id, "job_failed");
        Thread.sleep(1500);

        assertThat(alertsOf(ops, id)).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("project_id").asText()).isEqualTo(PROJECT);
        assertThat(alert.get("job_name").asText()).isEqualTo("fails-once");
        assertThat(alert.get("status").asText()).isEqualTo("job_running_exception");
        assertThat(alert.get("status_desc").asText()).startsWith("NumberFormatException: For input string: 'x'");
        assertThat(alert.get("cluster").asText()).contains("Flink cluster");
        assertThat(ops.received()).filteredOn(r -> r.body().path("job_id").asLong() == id)
                .allSatisfy(r -> assertThat(r.signed()).isTrue());
    }

    @Test
    void aJobFailingEverySecondWithRestartsOnGivesOneRestartLoopAlert() throws Exception {
        long id = create("restarts-forever", "ops", true, 100);
        run(id);

        await(ops, id, "job_restart_loop");
        // Two more restarts at least (one a second or so): still one alert for the loop.
        Thread.sleep(4000);
        service.stop(PROJECT, "{\"job_ids\": [" + id + "]}");

        assertThat(alertsOf(ops, id)).extracting(alert -> alert.get("kind").asText())
                .containsExactly("job_restart_loop");
        assertThat(alertsOf(ops, id).get(0).get("status_desc").asText())
                .startsWith("3 restarts within 300 s; the latest failure: NumberFormatException");
    }

    @Test
    void aReceiverThatIsDownGetsTheAlertOnceWhenItIsBackUp() throws Exception {
        long id = create("fails-while-the-pager-is-down", "pager", false, 0);
        run(id);
        service.awaitStatus(PROJECT, id, "job_running_exception", SOON);
        Thread.sleep(1500);
        assertThat(pager.received()).isEmpty();

        pager.up();

        await(pager, id, "job_failed");
        Thread.sleep(1500);
        assertThat(alertsOf(pager, id)).hasSize(1);
    }

    @Test
    void aRunningJobWhoseCheckpointsDoNotCompleteWithinTheWindowGivesOneCheckpointAlert() throws Exception {
        // A checkpoint a second, but five minutes of pause between checkpoints (Flink also delays the first one by
        // about the pause): none completes for longer than the job's window (3 intervals: 3 s). A real stall, made by
        // the job's own settings.
        String body = JSON.writeValueAsString(Map.of("name", "checkpoints-paused", "smn_topic", "ops",
                "sql_body", RUNS_ON, "checkpoint_enabled", true, "checkpoint_interval", 1,
                "runtime_config", "{\"execution.checkpointing.min-pause\": \"5 min\"}"));
        long id = create(body);
        run(id);
        service.awaitStatus(PROJECT, id, "job_running", SOON);

        List<JsonNode> alerts = await(ops, id, "checkpoint_stalled");
        Thread.sleep(4000);
        service.stop(PROJECT, "{\"job_ids\": [" + id + "]}");

        assertThat(alertsOf(ops, id)).hasSize(1);
        assertThat(alerts.get(0).get("status").asText()).isEqualTo("job_running");
        assertThat(alerts.get(0).get("status_desc").asText()).startsWith("no checkpoint completed within 3 s");
        JsonNode checkpoints = service.get("/v1.0/" + PROJECT + "/streaming/jobs/" + id + "/checkpoints").json()
                .get("checkpoints");
        assertThat(checkpoints.get("completed").asLong()).as(checkpoints.toString()).isLessThanOrEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Creates a SQL job through DLI's API; answers its id. */
    private static long create(String name, String topic, boolean restarts, int resumeMaxNum) throws Exception {
        return create(JSON.writeValueAsString(Map.of("name", name, "sql_body", FAILS_AT_ONCE, "smn_topic", topic,
                "restart_when_exception", restarts, "resume_max_num", resumeMaxNum)));
    }

    /** Creates a SQL job of {@code body} through DLI's API; answers its id. */
    private static long create(String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v1.0/"
                        + PROJECT + "/streaming/sql-jobs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body()).get("job").get("job_id").asLong();
    }

    private static void run(long id) {
        var answer = service.run(PROJECT, "{\"job_ids\": [" + id + "]}");
        assertThat(answer.json().get(0).get("is_success").asText()).as(answer.json().toString()).isEqualTo("true");
    }

    private static List<JsonNode> alertsOf(WebhookReceiver receiver, long id) {
        return receiver.received().stream().map(WebhookReceiver.Received::body)
                .filter(body -> body.path("job_id").asLong() == id).toList();
    }

    /** Waits until {@code receiver} has an alert of {@code kind} about job {@code id}; answers the job's alerts. */
    private static List<JsonNode> await(WebhookReceiver receiver, long id, String kind) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (alertsOf(receiver, id).stream().noneMatch(alert -> alert.get("kind").asText().equals(kind))) {
            assertThat(System.nanoTime()).as("an alert " + kind + " about job " + id + " in time; received: "
                    + receiver.received()).isLessThan(deadline);
            Thread.sleep(100);
        }
        return alertsOf(receiver, id);
    }
}
