package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;

import java.util.List;
import java.util.Map;

/** Driven port: starts jobs that the batch-run rules allowed. */
public interface JobSubmission {

    /**
     * Submits each job. Implementations make the check and the submission one atomic step per job: a job whose
     * state changed since it was looked up is judged again by {@link RunRules} against its current state, so
     * that concurrent batches naming the same job start it once, and the others see it as not startable.
     *
     * @param jobs     distinct jobs, each allowed by {@link RunRules} when it was looked up
     * @param deadline when the answer is due; a submission still unanswered then is
     *                 {@link JobOutcome.Uncertain}, one not yet sent is {@link JobOutcome.BackendUnavailable}
     * @return exactly one outcome per job: {@link JobOutcome.Delivered} or the reason it was not submitted
     * @throws BackendUnavailableException when the backend cannot be reached at all (nothing was submitted)
     */
    Map<JobId, JobOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline);
}
