package dev.dlirun.adapters.client.local.runtime;

import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * One launch of a job: which job, under which runtime id, running which code, restoring which state.
 *
 * @param restorePath           the savepoint or checkpoint to restore; empty for a fresh start
 * @param allowNonRestoredState whether the restore may drop the state of operators the job no longer has (Flink's
 *                              {@code allowNonRestoredState}); the service's state check decided it may
 */
public record Launch(ProjectId projectId, JobId jobId, RuntimeJobId runtimeJobId, JobDefinition definition,
                     Optional<String> restorePath, boolean allowNonRestoredState) {

    /** A launch that restores all of its state, or none. */
    public Launch(ProjectId projectId, JobId jobId, RuntimeJobId runtimeJobId, JobDefinition definition,
                  Optional<String> restorePath) {
        this(projectId, jobId, runtimeJobId, definition, restorePath, false);
    }

    public Launch {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runtimeJobId, "runtimeJobId");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(restorePath, "restorePath");
        if (allowNonRestoredState && restorePath.isEmpty()) {
            throw new IllegalArgumentException("a launch that restores nothing has no state to drop");
        }
    }
}
