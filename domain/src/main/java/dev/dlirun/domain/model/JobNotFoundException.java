package dev.dlirun.domain.model;

import java.util.Objects;

/** A per-job operation named a job its project does not hold (DLI answers {@code DLI.16001}). */
public final class JobNotFoundException extends RuntimeException {

    private final JobId jobId;

    public JobNotFoundException(JobId jobId) {
        super("Job " + Objects.requireNonNull(jobId, "jobId") + " does not exist.");
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}
