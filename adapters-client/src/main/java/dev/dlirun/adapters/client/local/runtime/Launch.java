package dev.dlirun.adapters.client.local.runtime;

import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * One launch of a job: which job, under which runtime id, running which code, restoring which state.
 *
 * @param restorePath the savepoint or checkpoint to restore; empty for a fresh start
 */
public record Launch(ProjectId projectId, JobId jobId, RuntimeJobId runtimeJobId, JobDefinition definition,
                     Optional<String> restorePath) {

    public Launch {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(runtimeJobId, "runtimeJobId");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(restorePath, "restorePath");
    }
}
