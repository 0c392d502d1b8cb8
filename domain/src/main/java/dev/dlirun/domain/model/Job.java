package dev.dlirun.domain.model;

import java.util.Objects;

/** What the batch-run rules need to know of a job: where it lives, its status, and whether it has a savepoint. */
public record Job(ProjectId projectId, JobId id, JobStatus status, boolean hasSavepoint) {

    public Job {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
