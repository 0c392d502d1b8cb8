package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.insight.RecordCount;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.version.VersionQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A job at work in front of DLI: execute-graph and metrics forwarded, signed; the extensions refused. */
class DliInsightTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    private final FakeDli dli = FakeDli.start()
            .withJob(PROJECT, 131, JobStatus.JOB_RUNNING, false)
            .withJob(PROJECT, 132, JobStatus.JOB_FINISH, false)
            .requiring(OfficialSigner.verifies("AK-TEST", "SK-TEST"));
    private final DliJobBackend adapter = new DliJobBackend(DliSettings.defaults(dli.endpoint(),
                    new DliCredentials.AkSk("AK-TEST", "SK-TEST"))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());

    @AfterEach
    void close() {
        adapter.close();
        dli.close();
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(15));
    }

    @Test
    void theExecutionGraphIsDlisSignedAndReadInItsWireNames() {
        ExecutionGraph graph = adapter.executionGraph(PROJECT, JobId.of(131), soon());

        assertThat(graph).isEqualTo(new ExecutionGraph(String.format("%032x", 131), "job-131", "RUNNING", false,
                1_700_000_000_000L, -1, 1_000));
        assertThat(dli.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.rawPath()).isEqualTo("/v1.0/p1/streaming/jobs/131/execute-graph");
        });
        assertThatThrownBy(() -> adapter.executionGraph(PROJECT, JobId.of(999), soon()))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void metricsAreOneSignedCallForTheBatchWithDlisBooleanIsSuccess() {
        Map<JobId, JobMetrics> metrics = adapter.metrics(PROJECT, List.of(JobId.of(131), JobId.of(132)), soon());

        assertThat(metrics.get(JobId.of(131)).run()).hasValueSatisfying(run -> {
            assertThat(run.sources()).containsExactly(new RecordCount("Source: in", 1310));
            assertThat(run.sinks()).containsExactly(new RecordCount("Sink: out", 1310));
            assertThat(run.totalReadRate()).isEqualTo(100.0);
        });
        assertThat(metrics.get(JobId.of(132)).run()).isPresent();
        assertThat(dli.calls(FakeDli.Route.METRICS)).isEqualTo(1);
        assertThatThrownBy(() -> adapter.metrics(PROJECT, List.of(JobId.of(999)), soon()))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void theExtensionsAnswerThatDliHasNoSuchOperationWithoutCallingIt() {
        assertThatThrownBy(() -> adapter.exceptions(PROJECT, JobId.of(131), soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("DLI has no operation for a job's exception history");
        assertThatThrownBy(() -> adapter.checkpoints(PROJECT, JobId.of(131), soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("DLI has no operation for a job's checkpoints");
        assertThatThrownBy(() -> adapter.history(PROJECT, JobId.of(131), soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("DLI has no operation for a job's savepoint history");
        assertThatThrownBy(() -> adapter.checkState(PROJECT, JobId.of(131),
                dev.dlirun.domain.state.StateCheckRequest.asItIs(), soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("DLI has no operation for a job's state compatibility check");
        assertThatThrownBy(() -> adapter.submit(PROJECT, List.of(), dev.dlirun.domain.run.StartMode
                .RESUME_ALLOWING_NON_RESTORED_STATE, soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("DLI's batch run has no allow_non_restored_state");
        assertThatThrownBy(() -> adapter.versions(new VersionQuery(PROJECT, JobId.of(131), 10, 0), soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("DLI has no operation for a job's versions");
        assertThatThrownBy(() -> adapter.version(PROJECT, JobId.of(131), 1, soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("DLI has no operation for a job's versions");
        assertThatThrownBy(() -> adapter.rollback(PROJECT, JobId.of(131), 1, soon()))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessage("DLI has no operation for a job's versions: it is an extension of this service's local "
                        + "engine, not available in front of DLI.");
        assertThat(dli.received()).isEmpty();
    }
}
