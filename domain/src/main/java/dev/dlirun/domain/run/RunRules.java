package dev.dlirun.domain.run;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.Objects;
import java.util.Optional;

/**
 * The per-job rules of a batch run ({@code contract.md} section 3), in the order they apply: a job must exist
 * in the project, be in a startable status, and have a savepoint when asked to resume from one.
 */
public final class RunRules {

    private RunRules() {
    }

    /**
     * @param requested the id the caller asked for
     * @param found     the job of that id in the request's project, if there is one
     * @param mode      how the caller wants it started
     */
    public static Decision decide(JobId requested, Optional<Job> found, StartMode mode) {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(mode, "mode");
        if (found.isEmpty()) {
            return Decision.refuse(new JobOutcome.NotFound(requested));
        }
        Job job = found.get();
        if (!job.id().equals(requested)) {
            throw new IllegalArgumentException("asked about job " + requested + " but got job " + job.id());
        }
        if (!job.status().isStartable()) {
            return Decision.refuse(new JobOutcome.NotStartable(requested, job.status()));
        }
        if (mode.resumesFromSavepoint() && !job.hasSavepoint()) {
            return Decision.refuse(new JobOutcome.NoSavepoint(requested));
        }
        return Decision.ALLOW;
    }
}
