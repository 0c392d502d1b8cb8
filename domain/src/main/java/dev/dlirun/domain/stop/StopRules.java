package dev.dlirun.domain.stop;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.Objects;
import java.util.Optional;

/**
 * The per-job rules of a batch stop ({@code contract.md} 8.1), in the order they apply: the job must exist in the
 * project and be stoppable ({@link JobStatus#isStoppable()}); a savepoint can only be taken of a running job.
 */
public final class StopRules {

    private StopRules() {
    }

    /**
     * @param requested the id the caller asked for
     * @param found     the job of that id in the request's project, if there is one
     * @param mode      how the caller wants it stopped
     */
    public static Decision decide(JobId requested, Optional<Job> found, StopMode mode) {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(mode, "mode");
        if (found.isEmpty()) {
            return Decision.refuse(new JobOutcome.NotFound(requested));
        }
        Job job = found.get();
        if (!job.id().equals(requested)) {
            throw new IllegalArgumentException("asked about job " + requested + " but got job " + job.id());
        }
        if (!job.status().isStoppable()) {
            return Decision.refuse(new JobOutcome.NotStoppable(requested, job.status()));
        }
        if (mode.takesSavepoint() && job.status() != JobStatus.JOB_RUNNING) {
            return Decision.refuse(new JobOutcome.CannotTakeSavepoint(requested, job.status()));
        }
        return Decision.ALLOW;
    }
}
