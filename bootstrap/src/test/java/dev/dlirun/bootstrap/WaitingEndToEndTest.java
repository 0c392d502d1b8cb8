package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Prefer: wait} on the real wiring with simulated runs that take 20 s to run: a wait that runs out answers the
 * statuses as they are, the server's {@code --max-wait} caps a wait, and 500 callers waiting at once hold no thread
 * a plain request needs.
 */
class WaitingEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int JOBS = 520;

    private static Path jobsFile;
    private static RunningService service;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        List<String> jobs = new ArrayList<>();
        for (int id = 1; id <= JOBS; id++) {
            jobs.add("{\"project_id\": \"wait\", \"job_id\": " + id + ", \"name\": \"job-" + id
                    + "\", \"job_type\": \"flink_sql_job\", \"status\": \"job_init\", \"has_savepoint\": false}");
        }
        jobsFile = Files.writeString(Files.createTempFile("waiting-jobs", ".json"), "[" + String.join(",", jobs) + "]");
        service = new RunningService(ServerConfig.simulated(0).withJobsFile(jobsFile)
                .withLaunchDelay(Duration.ofSeconds(20)).withMaxWait(Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        Files.deleteIfExists(jobsFile);
    }

    private static HttpRequest run(long id, String prefer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/v1.0/wait/streaming/jobs/run"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [" + id + ", 99999]}"));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return request.build();
    }

    @Test
    void aWaitThatRunsOutAnswersTheStatusesAsTheyAreCappedByMaxWait() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = CLIENT.send(run(1, "wait=600"), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=3");
        assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(10));
        JsonNode outcomes = JSON.readTree(answer.body());
        assertThat(outcomes.get(0).get("is_success").asText()).isEqualTo("true");
        assertThat(outcomes.get(0).get("job_id").asLong()).isEqualTo(1);
        assertThat(outcomes.get(0).get("status").asText()).isEqualTo("job_submitting");
        assertThat(outcomes.get(1).get("is_success").asText()).isEqualTo("false");
        assertThat(outcomes.get(1).get("job_id").asLong()).isEqualTo(99999);
        assertThat(outcomes.get(1).has("status")).isFalse();
    }

    @Test
    void fiveHundredWaitingCallersDoNotKeepAPlainRequestWaiting() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (long id = 10; id < 510; id++) {
            waiting.add(CLIENT.sendAsync(run(id, "wait=3"), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(500);

        long start = System.nanoTime();
        HttpResponse<String> plain = CLIENT.send(run(515, null), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo("[{\"is_success\":\"true\",\"message\":\"The request for submitting DLI "
                + "jobs is successfully delivered.\"},{\"is_success\":\"false\",\"message\":\"Job 99999 does not "
                + "exist.\"}]");
        assertThat(took).as("answered while 500 callers wait").isLessThan(Duration.ofSeconds(2));
        assertThat(waiting.stream().filter(CompletableFuture::isDone).count()).as("still waiting").isZero();
        for (CompletableFuture<HttpResponse<String>> call : waiting) {
            HttpResponse<String> answer = call.get();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=3");
        }
    }
}
