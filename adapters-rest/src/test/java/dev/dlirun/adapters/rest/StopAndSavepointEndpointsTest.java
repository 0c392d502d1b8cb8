package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Batch stop, trigger and import of savepoints over HTTP: the wire in, the use cases' answers out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StopAndSavepointEndpointsTest {

    private static final String STOP = "/v1.0/p1/streaming/jobs/stop";
    private static final String TRIGGER = "/v1.0/p1/streaming/jobs/131/savepoint";
    private static final String IMPORT = "/v1.0/p1/streaming/jobs/131/import-savepoint";
    private static final String HISTORY = "/v1.0/p1/streaming/jobs/131/savepoints";

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.stop.answer(FakeBatchStop::stopAll);
        server.stop.lastCommand = null;
        server.savepoints.failWith(null);
        server.savepoints.lastCall = null;
        server.savepoints.history = null;
    }

    @AfterAll
    void close() {
        server.close();
    }

    @Test
    void aStopAnswersOneOutcomePerIdInOrderWithDlisMessage() {
        server.stop.answer(command -> List.of(new JobOutcome.Delivered(JobOperation.STOP, JobId.of(131)),
                new JobOutcome.NotStoppable(JobId.of(130), JobStatus.JOB_INIT),
                new JobOutcome.Delivered(JobOperation.STOP, JobId.of(131))));

        var answer = server.postJson(STOP, "{\"job_ids\": [131, 130, 131], \"trigger_savepoint\": true}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.stop.lastCommand.jobIds()).containsExactly(JobId.of(131), JobId.of(130), JobId.of(131));
        assertThat(server.stop.lastCommand.stopMode()).isEqualTo(StopMode.WITH_SAVEPOINT);
        assertThat(server.stop.lastCommand.projectId()).isEqualTo(ProjectId.of("p1"));
        assertThat(answer.json()).hasSize(3);
        assertThat(answer.json().get(0).get("is_success").asText()).isEqualTo("true");
        assertThat(answer.json().get(0).get("message").asText())
                .isEqualTo("The request for stopping DLI jobs is successfully delivered.");
        assertThat(answer.json().get(1).get("is_success").asText()).isEqualTo("false");
        assertThat(answer.json().get(1).get("message").asText()).isEqualTo("Job 130 cannot be stopped in status job_init.");
    }

    @Test
    void aStopWithoutTriggerSavepointCancels() {
        server.postJson(STOP, "{\"job_ids\": [131]}");

        assertThat(server.stop.lastCommand.stopMode()).isEqualTo(StopMode.CANCEL);
    }

    @Test
    void aNullTriggerSavepointMeansTheSameAsLeavingItOut() {
        var answer = server.postJson(STOP, "{\"job_ids\": [131], \"trigger_savepoint\": null}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.stop.lastCommand.stopMode()).isEqualTo(StopMode.CANCEL);
    }

    @Test
    void aMalformedStopIs400NamingTheField() {
        for (String[] bad : new String[][]{
                {"{\"job_ids\": []}", "job_ids must not be empty."},
                {"{\"trigger_savepoint\": true}", "job_ids is required."},
                {"{\"job_ids\": [0]}", "job_ids[0] must be an integer from 1 to 9223372036854775807."},
                {"{\"job_ids\": [1], \"trigger_savepoint\": \"yes\"}", "trigger_savepoint must be true or false."},
                {"[1]", "request body must be a JSON object."}}) {
            var answer = server.postJson(STOP, bad[0]);

            assertThat(answer.status()).as(bad[0]).isEqualTo(400);
            assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0001");
            assertThat(answer.json().get("error_msg").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(server.stop.lastCommand).isNull();
    }

    @Test
    void aTriggerIsDeliveredWithOrWithoutADirectory() {
        var answer = server.postJson(TRIGGER, "{\"action\": \"TRIGGER\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("is_success").asText()).isEqualTo("true");
        assertThat(server.savepoints.lastCall).isEqualTo(new FakeSavepoints.Call("trigger", ProjectId.of("p1"),
                JobId.of(131), Optional.empty()));

        server.postJson(TRIGGER, "{\"action\": \"TRIGGER\", \"savepoint_path\": \"before-upgrade\"}");
        assertThat(server.savepoints.lastCall.path()).contains("before-upgrade");
    }

    @Test
    void aTriggerWithAnotherActionOrNoneIs400() {
        for (String bad : new String[]{"{\"action\": \"STOP\"}", "{}", "{\"action\": 1}"}) {
            var answer = server.postJson(TRIGGER, bad);

            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0001");
            assertThat(answer.json().get("error_msg").asText()).as(bad).startsWith("action ").contains("TRIGGER");
        }
        assertThat(server.savepoints.lastCall).isNull();
    }

    @Test
    void anImportTakesTheJobIdAsANumberOrAStringAndRefusesAnotherJobs() {
        assertThat(server.postJson(IMPORT, "{\"job_id\": 131, \"savepoint_path\": \"sp-1\"}").status()).isEqualTo(200);
        assertThat(server.savepoints.lastCall).isEqualTo(new FakeSavepoints.Call("import", ProjectId.of("p1"),
                JobId.of(131), Optional.of("sp-1")));
        assertThat(server.postJson(IMPORT, "{\"job_id\": \"131\", \"savepoint_path\": \"sp-2\"}").status())
                .isEqualTo(200);
        assertThat(server.postJson(IMPORT, "{\"savepoint_path\": \"sp-3\"}").status()).isEqualTo(200);
        assertThat(server.savepoints.lastCall.path()).contains("sp-3");

        var other = server.postJson(IMPORT, "{\"job_id\": 130, \"savepoint_path\": \"sp-4\"}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.json().get("error_msg").asText()).startsWith("job_id must be the job of the path (131)");
        var missing = server.postJson(IMPORT, "{\"job_id\": 131}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error_msg").asText()).isEqualTo("savepoint_path is required.");
        assertThat(server.savepoints.lastCall.path()).contains("sp-3");
    }

    @Test
    void aJobThatDoesNotExistIs400Dli16001AndAStatusThatForbidsItIs400Dli0007() {
        server.savepoints.failWith(new JobNotFoundException(JobId.of(131)));
        var missing = server.postJson(TRIGGER, "{\"action\": \"TRIGGER\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error_code").asText()).isEqualTo("DLI.16001");
        assertThat(missing.json().get("error_msg").asText()).isEqualTo("Job 131 does not exist.");

        server.savepoints.failWith(new OperationNotAllowedException("Job 131 cannot import a savepoint in status "
                + "job_running; stop it first."));
        var running = server.postJson(IMPORT, "{\"savepoint_path\": \"sp\"}");
        assertThat(running.status()).isEqualTo(400);
        assertThat(running.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(running.json().get("error_msg").asText()).contains("stop it first");

        server.savepoints.failWith(new InvalidInputException("savepoint_path",
                "must lie in this project's savepoint directory"));
        var elsewhere = server.postJson(IMPORT, "{\"savepoint_path\": \"file:///etc\"}");
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().get("error_code").asText()).isEqualTo("DLI.0001");
    }

    @Test
    void theHistoryAnswersEachSavepointNewestFirstWithItsOriginAndTheCurrentOne() {
        server.savepoints.history = new JobSavepoints(JobId.of(131), Optional.of("file:/sp/131/savepoint-b"), List.of(
                new JobSavepoints.Savepoint("file:/sp/131/savepoint-a", 1_763_946_012_000L,
                        JobSavepoints.Origin.TRIGGER),
                new JobSavepoints.Savepoint("file:/sp/131/savepoint-b", 1_763_946_042_000L, JobSavepoints.Origin.STOP),
                new JobSavepoints.Savepoint("file:/sp/130/savepoint-c", 1_763_942_400_000L,
                        JobSavepoints.Origin.IMPORT)));

        var answer = server.send(server.request(HISTORY).GET());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(server.savepoints.lastCall)
                .isEqualTo(new FakeSavepoints.Call("history", ProjectId.of("p1"), JobId.of(131), Optional.empty()));
        assertThat(answer.json().toString()).isEqualTo("{\"is_success\":\"true\",\"message\":\"\",\"job_id\":131,"
                + "\"savepoints\":["
                + "{\"path\":\"file:/sp/131/savepoint-b\",\"taken_at\":1763946042000,\"origin\":\"stop\",\"current\":true},"
                + "{\"path\":\"file:/sp/131/savepoint-a\",\"taken_at\":1763946012000,\"origin\":\"trigger\","
                + "\"current\":false},"
                + "{\"path\":\"file:/sp/130/savepoint-c\",\"taken_at\":1763942400000,\"origin\":\"import\","
                + "\"current\":false}]}");
    }

    @Test
    void aJobWithoutSavepointsHasAnEmptyHistory() {
        var answer = server.send(server.request(HISTORY).GET());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("savepoints").isArray()).isTrue();
        assertThat(answer.json().get("savepoints")).isEmpty();
        assertThat(answer.json().get("job_id").asLong()).isEqualTo(131);
    }

    @Test
    void theHistoryOfAJobThatDoesNotExistIs400Dli16001AndInFrontOfDliIs400Dli0007() {
        server.savepoints.failWith(new JobNotFoundException(JobId.of(131)));
        var missing = server.send(server.request(HISTORY).GET());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error_code").asText()).isEqualTo("DLI.16001");
        assertThat(missing.json().get("error_msg").asText()).isEqualTo("Job 131 does not exist.");

        server.savepoints.failWith(new OperationNotAllowedException("DLI has no operation for a job's savepoint "
                + "history: it is an extension of this service's local engine, not available in front of DLI."));
        var dli = server.send(server.request(HISTORY).GET());
        assertThat(dli.status()).isEqualTo(400);
        assertThat(dli.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(dli.json().get("error_msg").asText()).startsWith("DLI has no operation for a job's savepoint history");
    }

    @Test
    void aMalformedJobIdOrAnotherMethodIsRefusedWithTheErrorBodyAndTheUseCaseIsNotAsked() {
        var malformed = server.send(server.request("/v1.0/p1/streaming/jobs/abc/savepoints").GET());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error_code").asText()).isEqualTo("DLI.0001");

        var post = server.postJson(HISTORY, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(server.savepoints.lastCall).isNull();
    }
}
