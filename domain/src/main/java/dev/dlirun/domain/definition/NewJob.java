package dev.dlirun.domain.definition;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;

import java.util.Objects;

/** A job just created: its new id and its status ({@code job_init}: a draft until it is run). */
public record NewJob(JobId id, JobStatus status) {
    public NewJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
