package dev.dlirun.application;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.dlirun.domain.run.StartMode.FRESH;
import static dev.dlirun.domain.run.StartMode.RESUME_FROM_LATEST_SAVEPOINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchRunServiceTest {

    private static final ProjectId P1 = ProjectId.of("p1");
    private static final ProjectId P2 = ProjectId.of("p2");
    private static final Duration BUDGET = Duration.ofSeconds(10);

    private final InMemoryJobs jobs = new InMemoryJobs();
    private final BatchRunService service = new BatchRunService(jobs, jobs, 1000, BUDGET);

    private static BatchRunCommand command(ProjectId project, StartMode mode, long... ids) {
        return new BatchRunCommand(project, Arrays.stream(ids).mapToObj(JobId::of).toList(), mode);
    }

    private static JobId id(long value) {
        return JobId.of(value);
    }

    @Test
    void theSeedBatchSubmitsEveryJobFromItsSavepoint() {
        for (long id : new long[]{131, 130, 138, 137}) {
            jobs.with(P1, id, JobStatus.JOB_CANCEL_SUCCESS, true);
        }

        List<JobOutcome> outcomes = service.run(command(P1, RESUME_FROM_LATEST_SAVEPOINT, 131, 130, 138, 137));

        assertThat(outcomes).containsExactly(new JobOutcome.Delivered(JobOperation.RUN, id(131)), new JobOutcome.Delivered(JobOperation.RUN, id(130)),
                new JobOutcome.Delivered(JobOperation.RUN, id(138)), new JobOutcome.Delivered(JobOperation.RUN, id(137)));
        assertThat(jobs.submittedModes).containsOnly(RESUME_FROM_LATEST_SAVEPOINT);
        assertThat(jobs.statusOf(P1, 131)).isEqualTo(JobStatus.JOB_SUBMITTING);
    }

    @Test
    void eachAnswerStandsAtThePositionOfItsRequest() {
        jobs.with(P1, 1, JobStatus.JOB_INIT, true)
                .with(P1, 2, JobStatus.JOB_RUNNING, true)
                .with(P1, 3, JobStatus.JOB_FINISH, false);

        List<JobOutcome> outcomes = service.run(command(P1, RESUME_FROM_LATEST_SAVEPOINT, 3, 999, 2, 1));

        assertThat(outcomes).containsExactly(
                new JobOutcome.NoSavepoint(id(3)),
                new JobOutcome.NotFound(id(999)),
                new JobOutcome.NotStartable(id(2), JobStatus.JOB_RUNNING),
                new JobOutcome.Delivered(JobOperation.RUN, id(1)));
        assertThat(jobs.submittedIds).containsExactly(id(1));
    }

    @Test
    void aFreshStartIgnoresMissingSavepoints() {
        jobs.with(P1, 3, JobStatus.JOB_FINISH, false);

        assertThat(service.run(command(P1, FRESH, 3))).containsExactly(new JobOutcome.Delivered(JobOperation.RUN, id(3)));
        assertThat(jobs.submittedModes).containsExactly(FRESH);
    }

    @Test
    void aRepeatedIdIsLookedUpAndSubmittedOnceAndAnsweredLikeItsFirstOccurrence() {
        jobs.with(P1, 131, JobStatus.JOB_INIT, false).with(P1, 130, JobStatus.JOB_INIT, false);

        List<JobOutcome> outcomes = service.run(command(P1, FRESH, 131, 130, 131, 131));

        assertThat(outcomes).containsExactly(new JobOutcome.Delivered(JobOperation.RUN, id(131)), new JobOutcome.Delivered(JobOperation.RUN, id(130)),
                new JobOutcome.Delivered(JobOperation.RUN, id(131)), new JobOutcome.Delivered(JobOperation.RUN, id(131)));
        assertThat(jobs.lookupCalls).containsExactly(List.of(id(131), id(130)));
        assertThat(jobs.submittedIds).containsExactlyInAnyOrder(id(131), id(130));
    }

    @Test
    void aJobOfAnotherProjectDoesNotExistHereAndIsNotTouched() {
        jobs.with(P2, 131, JobStatus.JOB_INIT, true);

        assertThat(service.run(command(P1, FRESH, 131)))
                .containsExactly(new JobOutcome.NotFound(id(131)))
                .extracting(JobOutcome::message).containsExactly("Job 131 does not exist.");
        assertThat(jobs.statusOf(P2, 131)).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void nothingIsSubmittedWhenNoJobMayStart() {
        jobs.with(P1, 1, JobStatus.JOB_RUNNING, true);
        JobSubmission mustNotBeCalled = (project, toStart, mode, deadline) -> {
            throw new AssertionError("submit called with " + toStart);
        };

        assertThat(new BatchRunService(jobs, mustNotBeCalled, 10, BUDGET).run(command(P1, FRESH, 1, 2)))
                .extracting(JobOutcome::delivered).containsExactly(false, false);
    }

    @Test
    void aBatchUpToTheLimitIsAcceptedAndOneMoreIsRefusedNamingTheLimit() {
        BatchRunService limited = new BatchRunService(jobs, jobs, 3, BUDGET);

        assertThat(limited.run(command(P1, FRESH, 1, 2, 3))).hasSize(3);
        assertThatThrownBy(() -> limited.run(command(P1, FRESH, 1, 2, 3, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_ids must hold at most 3 ids, not 4.");
    }

    @Test
    void aBackendThatCannotBeReachedFailsTheWholeBatch() {
        JobLookup down = (project, ids, deadline) -> {
            throw new BackendUnavailableException("connection refused");
        };

        assertThatThrownBy(() -> new BatchRunService(down, jobs, 10, BUDGET).run(command(P1, FRESH, 1)))
                .isInstanceOf(BackendUnavailableException.class);
    }

    @Test
    void whenNoJobCouldBeLookedUpTheWholeBatchFails() {
        JobLookup failing = (project, ids, deadline) -> unavailableFor(ids);

        assertThatThrownBy(() -> new BatchRunService(failing, jobs, 10, BUDGET).run(command(P1, FRESH, 1, 2, 1)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void whenSomeJobsCouldNotBeLookedUpOnlyThoseFail() {
        jobs.with(P1, 1, JobStatus.JOB_INIT, false);
        JobLookup partlyFailing = (project, ids, deadline) -> {
            Map<JobId, JobLookupResult> results = new HashMap<>(jobs.findJobs(project, List.of(id(1)), deadline));
            results.put(id(2), new JobLookupResult.Unavailable("timed out"));
            return results;
        };

        List<JobOutcome> outcomes = new BatchRunService(partlyFailing, jobs, 10, BUDGET).run(command(P1, FRESH, 2, 1));

        assertThat(outcomes).containsExactly(new JobOutcome.BackendUnavailable(JobOperation.RUN, id(2)), new JobOutcome.Delivered(JobOperation.RUN, id(1)));
    }

    @Test
    void whenSubmissionCannotReachTheBackendEachStartableJobAnswersFalse() {
        jobs.with(P1, 1, JobStatus.JOB_INIT, false).with(P1, 2, JobStatus.JOB_RUNNING, false);
        JobSubmission down = (project, toStart, mode, deadline) -> {
            throw new BackendUnavailableException("connection refused");
        };

        assertThat(new BatchRunService(jobs, down, 10, BUDGET).run(command(P1, FRESH, 1, 2)))
                .containsExactly(new JobOutcome.BackendUnavailable(JobOperation.RUN, id(1)),
                        new JobOutcome.NotStartable(id(2), JobStatus.JOB_RUNNING));
    }

    @Test
    void aBackendsRefusalIsPassedOnWithItsReason() {
        jobs.with(P1, 1, JobStatus.JOB_INIT, false);
        JobSubmission refusing = (project, toStart, mode, deadline) -> Map.of(id(1),
                new JobOutcome.BackendRefused(id(1), "DLI.13024: No job-running queue selected"));

        assertThat(new BatchRunService(jobs, refusing, 10, BUDGET).run(command(P1, FRESH, 1)))
                .extracting(JobOutcome::message).containsExactly("DLI.13024: No job-running queue selected");
    }

    @Test
    void aLookupRefusalIsPassedOnWithItsReason() {
        jobs.with(P1, 1, JobStatus.JOB_INIT, false);
        JobLookup refusing = (project, ids, deadline) -> {
            Map<JobId, JobLookupResult> results = new HashMap<>(jobs.findJobs(project, List.of(id(1)), deadline));
            results.put(id(2), new JobLookupResult.Refused("DLI.0003: Permission denied."));
            return results;
        };

        assertThat(new BatchRunService(refusing, jobs, 10, BUDGET).run(command(P1, FRESH, 2, 1)))
                .containsExactly(new JobOutcome.BackendRefused(id(2), "DLI.0003: Permission denied."),
                        new JobOutcome.Delivered(JobOperation.RUN, id(1)));
    }

    @Test
    void lookupAndSubmissionShareOneDeadlineOfTheConfiguredBudget() {
        jobs.with(P1, 1, JobStatus.JOB_INIT, false);
        List<Deadline> seen = new ArrayList<>();
        JobLookup lookup = (project, ids, deadline) -> {
            seen.add(deadline);
            return jobs.findJobs(project, ids, deadline);
        };
        JobSubmission submission = (project, toStart, mode, deadline) -> {
            seen.add(deadline);
            return jobs.submit(project, toStart, mode, deadline);
        };

        new BatchRunService(lookup, submission, 10, Duration.ofSeconds(3)).run(command(P1, FRESH, 1));

        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isSameAs(seen.get(0));
        assertThat(seen.get(0).remaining()).isLessThanOrEqualTo(Duration.ofSeconds(3)).isPositive();
    }

    @Test
    void aPortThatLeavesAJobUnansweredIsAnError() {
        JobLookup forgetful = (project, ids, deadline) -> Map.of();

        assertThatThrownBy(() -> new BatchRunService(forgetful, jobs, 10, BUDGET).run(command(P1, FRESH, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JobLookup gave no answer for job 1");
    }

    private static Map<JobId, JobLookupResult> unavailableFor(List<JobId> ids) {
        Map<JobId, JobLookupResult> results = new HashMap<>();
        ids.forEach(i -> results.put(i, new JobLookupResult.Unavailable("timed out")));
        return results;
    }

    @Test
    void aServiceTakesAtLeastOneIdPerRequest() {
        jobs.with(P1, 1, JobStatus.JOB_INIT, false);
        BatchRunService single = new BatchRunService(jobs, jobs, 1, BUDGET);

        assertThat(single.run(command(P1, FRESH, 1))).containsExactly(new JobOutcome.Delivered(JobOperation.RUN, id(1)));
        assertThatThrownBy(() -> new BatchRunService(jobs, jobs, 0, BUDGET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchSize must be at least 1, not 0");
    }
}
