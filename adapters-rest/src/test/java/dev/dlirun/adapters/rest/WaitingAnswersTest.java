package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.dlirun.adapters.rest.RestServerHarness.RUN_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code Prefer: wait} on run and stop: DLI's exact answer without it, the jobs' states with it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaitingAnswersTest {

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.useCase.reset();
        server.await.lastAsked = null;
        server.await.answer = CompletableFuture.completedFuture(Map.of());
    }

    @AfterAll
    void close() {
        server.close();
    }

    private RestServerHarness.Answer post(String path, String body, String prefer) {
        HttpRequest.Builder request = server.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return server.send(request);
    }

    @Test
    void withoutAWaitTheAnswerIsDlisShapeByteForByte() {
        var answer = post(RUN_PATH, "{\"job_ids\": [1]}", null);

        assertThat(answer.body()).isEqualTo("[{\"is_success\":\"true\",\"message\":\"The request for submitting DLI "
                + "jobs is successfully delivered.\"}]");
        assertThat(answer.header("Preference-Applied")).isNull();
        assertThat(server.await.lastAsked).isNull();
    }

    @Test
    void aPreferTheServerCannotReadIsIgnored() {
        var answer = post(RUN_PATH, "{\"job_ids\": [1]}", "wait=soon");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Preference-Applied")).isNull();
        assertThat(answer.json().get(0).has("status")).isFalse();
        assertThat(server.await.lastAsked).isNull();
    }

    @Test
    void aRunThatWaitsAnswersEachJobsStateAndSaysTheWaitItApplied() {
        server.useCase.answer(command -> List.of(new JobOutcome.Delivered(JobOperation.RUN, JobId.of(1)),
                new JobOutcome.NotFound(JobId.of(9)), new JobOutcome.Delivered(JobOperation.RUN, JobId.of(2)),
                new JobOutcome.Delivered(JobOperation.RUN, JobId.of(1))));
        server.await.answer = CompletableFuture.completedFuture(Map.of(
                JobId.of(1), new JobState(JobId.of(1), JobStatus.JOB_RUNNING, Optional.empty()),
                JobId.of(2), new JobState(JobId.of(2), JobStatus.JOB_SUBMIT_FAIL,
                        Optional.of("Statement 1 (line 1): SQL parse failed."))));

        var answer = post(RUN_PATH, "{\"job_ids\": [1, 9, 2, 1]}", "respond-async, wait=300");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=60");
        assertThat(server.await.lastAsked).isEqualTo(new FakeAwait.Asked(server.await.lastAsked.projectId(),
                List.of(JobId.of(1), JobId.of(9), JobId.of(2)), List.of(JobId.of(1), JobId.of(2), JobId.of(1)),
                Settling.AFTER_RUN, Duration.ofSeconds(300)));
        JsonNode json = answer.json();
        assertThat(json).hasSize(4);
        assertThat(json.get(0).get("is_success").asText()).isEqualTo("true");
        assertThat(json.get(0).get("job_id").asLong()).isEqualTo(1);
        assertThat(json.get(0).get("status").asText()).isEqualTo("job_running");
        assertThat(json.get(0).has("status_desc")).isFalse();
        assertThat(json.get(1).get("job_id").asLong()).isEqualTo(9);
        assertThat(json.get(1).get("is_success").asText()).isEqualTo("false");
        assertThat(json.get(1).has("status")).isFalse();
        assertThat(json.get(2).get("status").asText()).isEqualTo("job_submit_fail");
        assertThat(json.get(2).get("status_desc").asText()).isEqualTo("Statement 1 (line 1): SQL parse failed.");
        assertThat(json.get(3)).isEqualTo(json.get(0));
    }

    @Test
    void aStopThatWaitsWaitsForTheStopsToSettle() {
        server.await.answer = CompletableFuture.completedFuture(Map.of(JobId.of(5),
                new JobState(JobId.of(5), JobStatus.JOB_CANCEL_SUCCESS, Optional.empty())));

        var answer = post("/v1.0/p1/streaming/jobs/stop", "{\"job_ids\": [5], \"trigger_savepoint\": true}", "wait=10");

        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=10");
        assertThat(server.await.lastAsked.settling()).isEqualTo(Settling.AFTER_STOP);
        assertThat(answer.json().get(0).get("status").asText()).isEqualTo("job_cancel_success");
    }

    @Test
    void aWaitStillUnderWayHoldsNoRequestThread() throws Exception {
        server.await.answer = new CompletableFuture<>();
        var waiting = server.sendAsync(server.request(RUN_PATH).header("Content-Type", "application/json")
                .header("Prefer", "wait=30").POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [1]}")));
        // The waiting request is suspended; the server answers others meanwhile.
        for (int i = 0; i < 50; i++) {
            assertThat(post(RUN_PATH, "{\"job_ids\": [2]}", null).status()).isEqualTo(200);
        }
        assertThat(waiting).isNotDone();

        server.await.answer.complete(Map.of(JobId.of(1), new JobState(JobId.of(1), JobStatus.JOB_RUNNING,
                Optional.empty())));

        assertThat(waiting.get().json().get(0).get("status").asText()).isEqualTo("job_running");
    }
}
