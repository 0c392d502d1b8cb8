package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.stop.StopRules;

import java.util.List;
import java.util.Map;

/** Driven port: stops jobs that the batch-stop rules allowed. */
public interface JobStopping {
    /**
     * Stops each job, as {@code mode} says. As for submissions, the check and the stop are one
     * atomic step per job: a job whose state changed since it was looked up is judged again by {@link StopRules}, so
     * that concurrent stops of one job stop it once.
     *
     * @param jobs     distinct jobs, each allowed by {@link StopRules} when it was looked up
     * @param deadline when the answer is due; a stop still unanswered then is {@link JobOutcome.Uncertain}, one
     *                 not yet sent is {@link JobOutcome.BackendUnavailable}
     * @return exactly one outcome per job
     * @throws BackendUnavailableException when the backend cannot be reached at all (nothing was stopped)
     */
    Map<JobId, JobOutcome> stop(ProjectId projectId, List<Job> jobs, StopMode mode, Deadline deadline);
}
