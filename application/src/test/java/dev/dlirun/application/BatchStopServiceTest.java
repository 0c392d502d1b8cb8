package dev.dlirun.application;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.dlirun.domain.stop.StopMode.CANCEL;
import static dev.dlirun.domain.stop.StopMode.WITH_SAVEPOINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchStopServiceTest {

    private static final ProjectId P1 = ProjectId.of("p1");
    private static final ProjectId P2 = ProjectId.of("p2");
    private static final Duration BUDGET = Duration.ofSeconds(10);

    private final InMemoryJobs jobs = new InMemoryJobs();
    private final BatchStopService service = new BatchStopService(jobs, jobs, 1000, BUDGET);

    private static BatchStopCommand command(ProjectId project, StopMode mode, long... ids) {
        return new BatchStopCommand(project, Arrays.stream(ids).mapToObj(JobId::of).toList(), mode);
    }

    private static JobOutcome stopped(long id) {
        return new JobOutcome.Delivered(JobOperation.STOP, JobId.of(id));
    }

    @Test
    void eachJobIsJudgedByTheStopRulesAndAnsweredAtThePositionOfItsRequest() {
        jobs.with(P1, 1, JobStatus.JOB_RUNNING, false)
                .with(P1, 2, JobStatus.JOB_INIT, false)
                .with(P1, 3, JobStatus.JOB_SUBMITTING, false)
                .with(P2, 4, JobStatus.JOB_RUNNING, false);

        List<JobOutcome> outcomes = service.stop(command(P1, WITH_SAVEPOINT, 2, 4, 3, 1, 1));

        assertThat(outcomes).containsExactly(
                new JobOutcome.NotStoppable(JobId.of(2), JobStatus.JOB_INIT),
                new JobOutcome.NotFound(JobId.of(4)),
                new JobOutcome.CannotTakeSavepoint(JobId.of(3), JobStatus.JOB_SUBMITTING),
                stopped(1), stopped(1));
        assertThat(jobs.stoppedIds).containsExactly(JobId.of(1));
        assertThat(jobs.stopModes).containsExactly(WITH_SAVEPOINT);
        assertThat(jobs.statusOf(P1, 1)).isEqualTo(JobStatus.JOB_SAVEPOINTING);
        assertThat(jobs.statusOf(P2, 4)).as("another project's job is not touched").isEqualTo(JobStatus.JOB_RUNNING);
    }

    @Test
    void aCancelStopsAStartingRunningOrFailingJob() {
        jobs.with(P1, 1, JobStatus.JOB_SUBMITTING, false)
                .with(P1, 2, JobStatus.JOB_RUNNING, false)
                .with(P1, 3, JobStatus.JOB_RUNNING_EXCEPTION, false);

        assertThat(service.stop(command(P1, CANCEL, 1, 2, 3))).containsExactly(stopped(1), stopped(2), stopped(3));
        assertThat(jobs.stopModes).containsOnly(CANCEL);
        assertThat(jobs.statusOf(P1, 3)).isEqualTo(JobStatus.JOB_CANCELING);
    }

    @Test
    void aBackendThatCannotBeReachedForTheStopAnswersEachJobInAStopsWords() {
        jobs.with(P1, 1, JobStatus.JOB_RUNNING, false);
        JobStopping down = (project, toStop, mode, deadline) -> {
            throw new BackendUnavailableException("down");
        };

        assertThat(new BatchStopService(jobs, down, 10, BUDGET).stop(command(P1, CANCEL, 1, 9)))
                .containsExactly(new JobOutcome.BackendUnavailable(JobOperation.STOP, JobId.of(1)),
                        new JobOutcome.NotFound(JobId.of(9)))
                .first().extracting(JobOutcome::message)
                .isEqualTo("Job 1 was not stopped: the job backend is unavailable. Retry later.");
    }

    @Test
    void aJobTheLookupCouldNotAnswerIsUnavailableAndOneItRefusedPassesItsReasonOn() {
        jobs.with(P1, 1, JobStatus.JOB_RUNNING, false);
        Map<JobId, JobLookupResult> answers = new HashMap<>();
        answers.put(JobId.of(1), new JobLookupResult.Found(new dev.dlirun.domain.model.Job(P1, JobId.of(1),
                JobStatus.JOB_RUNNING, false)));
        answers.put(JobId.of(2), new JobLookupResult.Unavailable("timed out"));
        answers.put(JobId.of(3), new JobLookupResult.Refused("DLI.0003: Permission denied."));

        List<JobOutcome> outcomes = new BatchStopService((project, ids, deadline) -> answers, jobs, 10, BUDGET)
                .stop(command(P1, CANCEL, 3, 2, 1));

        assertThat(outcomes).containsExactly(new JobOutcome.BackendRefused(JobId.of(3), "DLI.0003: Permission denied."),
                new JobOutcome.BackendUnavailable(JobOperation.STOP, JobId.of(2)), stopped(1));
    }

    @Test
    void aBatchLargerThanTheLimitIsRefusedBeforeAnyLookup() {
        BatchStopService limited = new BatchStopService(jobs, jobs, 2, BUDGET);

        assertThatThrownBy(() -> limited.stop(command(P1, CANCEL, 1, 2, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 2 ids, not 3");
        assertThat(jobs.lookupCalls).isEmpty();
    }

    @Test
    void aStopperThatForgetsAJobIsAProgrammingError() {
        jobs.with(P1, 1, JobStatus.JOB_RUNNING, false);
        JobStopping forgetful = (project, toStop, mode, deadline) -> Map.of();

        assertThatThrownBy(() -> new BatchStopService(jobs, forgetful, 10, BUDGET).stop(command(P1, CANCEL, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gave no answer for job 1");
    }

    @Test
    void theCommandNeedsAMode() {
        assertThatThrownBy(() -> new BatchStopCommand(P1, List.of(JobId.of(1)), null))
                .isInstanceOf(NullPointerException.class);
    }
}
