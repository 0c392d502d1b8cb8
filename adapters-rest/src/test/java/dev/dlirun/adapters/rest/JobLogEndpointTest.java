package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.JobLogLine;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET .../streaming/jobs/{job_id}/logs}, an extension: a job's last log lines, project-scoped. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLogEndpointTest {

    private static final String LAUNCH = "4cdf9dd74b77b0603a7fe156d2046f53";
    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.logs.reset();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aJobsLinesAreAnsweredOldestFirstWithTheLaunchTheyAreOfAndWhatIsMissing() {
        AtomicInteger asked = new AtomicInteger();
        server.logs.answer((project, id, limit) -> {
            asked.set(limit);
            return project.equals(ProjectId.of("p1")) && id.equals(JobId.of(131))
                    ? Optional.of(new JobLog(id, Optional.of(LAUNCH), List.of(new JobLogLine("jobmanager", "first"),
                    new JobLogLine("taskmanager", "second")), true, Optional.of("a remote cluster keeps no log per job")))
                    : Optional.empty();
        });

        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/131/logs?limit=2").GET());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        assertThat(asked).hasValue(2);
        JsonNode json = answer.json();
        assertThat(json.get("is_success").isBoolean()).isTrue();
        assertThat(json.get("job_id").asLong()).isEqualTo(131);
        assertThat(json.get("launch").asText()).isEqualTo(LAUNCH);
        assertThat(json.get("truncated").asBoolean()).isTrue();
        assertThat(json.get("missing").asText()).isEqualTo("a remote cluster keeps no log per job");
        assertThat(json.get("lines")).hasSize(2);
        assertThat(json.get("lines").get(0).get("process").asText()).isEqualTo("jobmanager");
        assertThat(json.get("lines").get(1).get("line").asText()).isEqualTo("second");
    }

    @Test
    void withoutALimitTheLast100LinesAreAskedForAndAJobThatNeverRanHasNoLaunch() {
        AtomicInteger asked = new AtomicInteger();
        server.logs.answer((project, id, limit) -> {
            asked.set(limit);
            return Optional.of(JobLog.neverRan(id));
        });

        JsonNode json = server.send(server.request("/v1.0/p1/streaming/jobs/7/logs").GET()).json();

        assertThat(asked).hasValue(100);
        assertThat(json.has("launch")).isFalse();
        assertThat(json.get("lines")).isEmpty();
        assertThat(json.get("missing").asText()).isEqualTo("Job 7 has not run yet: it has no log.");
    }

    @Test
    void aJobTheProjectDoesNotHoldIs400WithDli16001() {
        server.logs.answer((project, id, limit) -> project.equals(ProjectId.of("p1"))
                ? Optional.of(JobLog.neverRan(id)) : Optional.empty());

        var answer = server.send(server.request("/v1.0/p2/streaming/jobs/131/logs").GET());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.16001");
        assertThat(answer.json().get("error_msg").asText()).isEqualTo("Job 131 does not exist.");
    }

    @Test
    void aLimitThatIsNotANumberAndAJobIdThatIsNotOneAre400WithDli0001() {
        for (String path : new String[]{"131/logs?limit=abc", "abc/logs", "0/logs"}) {
            var answer = server.send(server.request("/v1.0/p1/streaming/jobs/" + path).GET());
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.json().get("error_code").asText()).as(path).isEqualTo("DLI.0001");
        }
    }

    @Test
    void aBackendWithoutJobLogsIs400WithDli0007SayingSoAndOneThatIsDownIs503() {
        server.logs.answer((project, id, limit) -> {
            throw new OperationNotAllowedException("DLI has no operation that shows a job's log lines.");
        });
        var refused = server.send(server.request("/v1.0/p1/streaming/jobs/1/logs").GET());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(refused.json().get("error_msg").asText()).startsWith("DLI has no operation");

        server.logs.answer((project, id, limit) -> {
            throw new BackendUnavailableException("Flink is starting");
        });
        assertThat(server.send(server.request("/v1.0/p1/streaming/jobs/1/logs").GET()).status()).isEqualTo(503);
    }
}
