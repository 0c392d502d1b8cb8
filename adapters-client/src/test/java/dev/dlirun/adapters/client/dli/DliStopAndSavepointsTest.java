package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.wait.Settling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.dlirun.adapters.client.dli.FakeDli.Route.SAVEPOINT;
import static dev.dlirun.adapters.client.dli.FakeDli.Route.STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stops, triggers and imports forwarded to a fake DLI that checks every request's signature with the SDK's signer. */
class DliStopAndSavepointsTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeDli dli = FakeDli.start()
            .withJob(PROJECT, 131, JobStatus.JOB_RUNNING, false)
            .withJob(PROJECT, 132, JobStatus.JOB_CANCEL_SUCCESS, false)
            .requiring(OfficialSigner.verifies("AK-TEST", "SK-TEST"));
    private final DliJobBackend adapter = new DliJobBackend(DliSettings.defaults(dli.endpoint(),
                    new DliCredentials.AkSk("AK-TEST", "SK-TEST"))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500))
            .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());

    @AfterEach
    void close() {
        adapter.close();
        dli.close();
    }

    private static Deadline seconds(long n) {
        return Deadline.after(Duration.ofSeconds(n));
    }

    private JsonNode lastBody(FakeDli.Route route) throws Exception {
        var requests = dli.received().stream().filter(r -> r.method().equals("POST")
                && r.rawPath().contains(route == STOP ? "/stop" : "savepoint")).toList();
        return JSON.readTree(requests.get(requests.size() - 1).body());
    }

    @Test
    void aStopGoesToDlisBatchStopWithTheSavepointAskedFor() throws Exception {
        JobOutcome outcome = adapter.stop(PROJECT, List.of(new Job(PROJECT, JobId.of(131), JobStatus.JOB_RUNNING,
                false)), StopMode.WITH_SAVEPOINT, seconds(5)).get(JobId.of(131));

        assertThat(outcome).isEqualTo(new JobOutcome.Delivered(JobOperation.STOP, JobId.of(131)));
        assertThat(lastBody(STOP).get("job_ids").get(0).asLong()).isEqualTo(131);
        assertThat(lastBody(STOP).get("trigger_savepoint").asBoolean()).isTrue();
        assertThat(dli.statusOf(PROJECT, 131)).contains(JobStatus.JOB_CANCEL_SUCCESS);
    }

    @Test
    void aStopThatTimesOutIsNotSentAgainAndSaysItMayHaveStopped() {
        dli.failNext(STOP, FakeDli.Fault.status(200, "[]").after(Duration.ofSeconds(2)));

        JobOutcome outcome = adapter.stop(PROJECT, List.of(new Job(PROJECT, JobId.of(131), JobStatus.JOB_RUNNING,
                false)), StopMode.CANCEL, seconds(5)).get(JobId.of(131));

        assertThat(outcome).isInstanceOf(JobOutcome.Uncertain.class);
        assertThat(outcome.message()).isEqualTo("Job 131 may or may not have been stopped (DLI did not answer in "
                + "time); check its status before stopping it again.");
        assertThat(dli.calls(STOP)).isEqualTo(1);
    }

    @Test
    void aTriggerAndAnImportAreForwardedAsDliDefinesThem() throws Exception {
        adapter.triggerSavepoint(PROJECT, JobId.of(131), Optional.of("before-upgrade"), seconds(5));
        assertThat(lastBody(SAVEPOINT).get("action").asText()).isEqualTo("TRIGGER");
        assertThat(lastBody(SAVEPOINT).get("savepoint_path").asText()).isEqualTo("before-upgrade");

        adapter.importSavepoint(PROJECT, JobId.of(132), "obs://bucket/sp/1", seconds(5));
        assertThat(lastBody(SAVEPOINT).get("job_id").asLong()).isEqualTo(132);
        assertThat(lastBody(SAVEPOINT).get("savepoint_path").asText()).isEqualTo("obs://bucket/sp/1");
        assertThat(dli.received()).filteredOn(r -> r.method().equals("POST"))
                .extracting(FakeDli.Received::rawPath)
                .containsExactly("/v1.0/p1/streaming/jobs/131/savepoint", "/v1.0/p1/streaming/jobs/132/import-savepoint");
    }

    @Test
    void dlisRefusalsReachTheCallerAsDliSaidThem() {
        assertThatThrownBy(() -> adapter.triggerSavepoint(PROJECT, JobId.of(999), Optional.empty(), seconds(5)))
                .isInstanceOf(JobNotFoundException.class).hasMessage("Job 999 does not exist.");
        assertThatThrownBy(() -> adapter.importSavepoint(PROJECT, JobId.of(131), "obs://b/sp", seconds(5)))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("job_running");
    }

    @Test
    void aTriggerThatTimesOutIsNotSentAgain() {
        dli.failNext(SAVEPOINT, FakeDli.Fault.status(200, "{}").after(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> adapter.triggerSavepoint(PROJECT, JobId.of(131), Optional.empty(), seconds(5)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("may or may not have reached DLI");
        assertThat(dli.calls(SAVEPOINT)).isEqualTo(1);
    }

    @Test
    void aWaitAsksDliAgainUntilTheJobsSettleOrTheWaitRunsOut() throws Exception {
        adapter.submit(PROJECT, List.of(new Job(PROJECT, JobId.of(132), JobStatus.JOB_CANCEL_SUCCESS, false)),
                dev.dlirun.domain.run.StartMode.FRESH, seconds(5));
        assertThat(dli.statusOf(PROJECT, 132)).contains(JobStatus.JOB_SUBMITTING);

        // The fake leaves a submitted job submitting: the wait runs out, answering the state as it is.
        long start = System.nanoTime();
        var states = adapter.awaitSettled(PROJECT, List.of(JobId.of(131), JobId.of(132), JobId.of(999)),
                List.of(JobId.of(132)), Settling.AFTER_RUN, Duration.ofMillis(2500)).toCompletableFuture()
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
        assertThat(states.get(JobId.of(132)).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        assertThat(states.get(JobId.of(131)).status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(states).doesNotContainKey(JobId.of(999));
        assertThat(dli.calls(FakeDli.Route.DETAIL)).as("asked again about job 132, not in a tight loop")
                .isBetween(3L, 6L);

        // A job that has settled answers at once.
        start = System.nanoTime();
        var settled = adapter.awaitSettled(PROJECT, List.of(JobId.of(131)), List.of(JobId.of(131)),
                Settling.AFTER_RUN, Duration.ofSeconds(30)).toCompletableFuture().get(10,
                java.util.concurrent.TimeUnit.SECONDS);
        assertThat(settled.get(JobId.of(131)).status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
