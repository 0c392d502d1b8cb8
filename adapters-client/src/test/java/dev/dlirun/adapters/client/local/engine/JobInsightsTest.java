package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.insight.RecordCount;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the local engine tells of a job at work: its latest launch's, as the runtime knows it, or why not. */
class JobInsightsTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final ProjectId OTHER = ProjectId.of("p2");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));

    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final JobInsights insights = new JobInsights(catalogue, runtime);

    /** A job of the project whose latest launch is {@code launch}. */
    private void launched(long id, JobStatus status, RuntimeJobId launch) {
        LocalJob job = TestJobs.job(PROJECT, id, status, false);
        JobRun run = job.run();
        catalogue.addIfAbsent(job.with(new JobRun(status, null, false, null, 1L, run.updateTime(), false, launch,
                null, false)));
    }

    @Test
    void aJobsExecutionGraphIsItsLatestLaunchsAsTheRuntimeKnowsIt() {
        RuntimeJobId launch = RuntimeJobId.generate();
        launched(1, JobStatus.JOB_RUNNING, launch);
        ExecutionGraph graph = new ExecutionGraph(launch.value(), "p1/1 job-1", "RUNNING", false, 5, -1, 10);
        runtime.graphs.put(launch, graph);

        assertThat(insights.executionGraph(PROJECT, JobId.of(1), DEADLINE)).isEqualTo(graph);
    }

    @Test
    void aJobOfAnotherProjectOrNoneIsNotFoundEvenInABatch() {
        launched(1, JobStatus.JOB_RUNNING, RuntimeJobId.generate());

        assertThatThrownBy(() -> insights.executionGraph(OTHER, JobId.of(1), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> insights.checkpoints(PROJECT, JobId.of(2), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> insights.metrics(OTHER, List.of(JobId.of(1)), DEADLINE))
                .isInstanceOfSatisfying(JobNotFoundException.class,
                        e -> assertThat(e.jobId()).isEqualTo(JobId.of(1)));
    }

    @Test
    void aJobThatNeverRanOrWhoseLaunchIsForgottenHasNothingToShowAndSaysWhyRatherThanZeros() {
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false));
        launched(2, JobStatus.JOB_FINISH, RuntimeJobId.generate());
        RuntimeJobId running = RuntimeJobId.generate();
        launched(3, JobStatus.JOB_RUNNING, running);
        JobMetrics.RunMetrics counted = new JobMetrics.RunMetrics(List.of(new RecordCount("Source: s", 7)),
                List.of(new RecordCount("b: Writer", 7)), 1.0, 1.0);
        runtime.metrics.put(running, counted);

        assertThatThrownBy(() -> insights.executionGraph(PROJECT, JobId.of(1), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class).hasMessage("Job 1 has not run yet: there is no run to show.");
        assertThatThrownBy(() -> insights.exceptions(PROJECT, JobId.of(2), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageStartingWith("The job runtime no longer knows the latest run of job 2");
        Map<JobId, JobMetrics> metrics = insights.metrics(PROJECT, List.of(JobId.of(1), JobId.of(2), JobId.of(3)),
                DEADLINE);
        assertThat(metrics.get(JobId.of(1)).run()).isEmpty();
        assertThat(metrics.get(JobId.of(1)).whyNone()).hasValue("Job 1 has not run yet: there is no run to show.");
        assertThat(metrics.get(JobId.of(2)).run()).isEmpty();
        assertThat(metrics.get(JobId.of(2)).whyNone()).hasValueSatisfying(why -> assertThat(why)
                .contains("no longer knows"));
        assertThat(metrics.get(JobId.of(3)).run()).hasValue(counted);
    }

    @Test
    void simulatedRunsSayTheyHaveNothingToShow() {
        JobInsights simulated = new JobInsights(catalogue, new SimulatedJobRuntime(Duration.ZERO, Clock.systemUTC()));
        launched(1, JobStatus.JOB_RUNNING, RuntimeJobId.generate());

        assertThatThrownBy(() -> simulated.checkpoints(PROJECT, JobId.of(1), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessage("Simulated runs run no engine: they have no checkpoints to show. Run the service on Flink"
                        + " to see it.");
    }

    @Test
    void aJobLeftWhenTheRequestsTimeIsUpIsNotAskedAndSaysSo() {
        RuntimeJobId running = RuntimeJobId.generate();
        launched(1, JobStatus.JOB_RUNNING, running);
        runtime.metrics.put(running, new JobMetrics.RunMetrics(List.of(), List.of(), 0, 0));

        Map<JobId, JobMetrics> metrics = insights.metrics(PROJECT, List.of(JobId.of(1)),
                Deadline.after(Duration.ZERO));

        assertThat(metrics.get(JobId.of(1)).run()).isEmpty();
        assertThat(metrics.get(JobId.of(1)).whyNone()).hasValue("Job 1 was not measured within the request's time: "
                + "ask for fewer jobs at once.");
    }
}
