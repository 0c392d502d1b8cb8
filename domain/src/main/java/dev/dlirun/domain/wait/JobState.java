package dev.dlirun.domain.wait;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;

import java.util.Objects;
import java.util.Optional;

/** A job's status at a moment, and why when that needs saying: what an answer that waited reports per job. */
public record JobState(JobId id, JobStatus status, Optional<String> statusDesc) {
    public JobState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusDesc, "statusDesc");
    }
}
