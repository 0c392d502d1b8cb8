package dev.dlirun.domain.stop;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The per-job rules of a batch stop ({@code contract.md} 8.1), in the order they apply: the job must exist in the
 * project and be starting, running or failing; a savepoint can only be taken of a running job.
 */
public final class StopRules {

    /**
     * The statuses a stop stops: a job on its way up, running, or failing (a job in a restart loop must be
     * stoppable).
     */
    public static final Set<JobStatus> STOPPABLE = Set.of(JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING,
            JobStatus.JOB_RUNNING_EXCEPTION);

    private StopRules() {
    }

    /**
     * @param requested     the id the caller asked for
     * @param found         the job of that id in the request's project, if there is one
     * @param withSavepoint whether the caller asked for a savepoint ({@code trigger_savepoint})
     * @return empty when the job may be stopped; otherwise the refusal
     */
    public static Optional<StopOutcome> refusal(JobId requested, Optional<Job> found, boolean withSavepoint) {
        Objects.requireNonNull(requested, "requested");
        if (found.isEmpty()) {
            return Optional.of(new StopOutcome.NotFound(requested));
        }
        Job job = found.get();
        if (!job.id().equals(requested)) {
            throw new IllegalArgumentException("asked about job " + requested + " but got job " + job.id());
        }
        if (!STOPPABLE.contains(job.status())) {
            return Optional.of(new StopOutcome.NotStoppable(requested, job.status()));
        }
        if (withSavepoint && job.status() != JobStatus.JOB_RUNNING) {
            return Optional.of(new StopOutcome.CannotTakeSavepoint(requested, job.status()));
        }
        return Optional.empty();
    }
}
