package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;

/** A caller asked for a job its project does not hold. Answered 404 with {@code DLI.0002}. */
public final class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(JobId id) {
        super("Job " + id + " does not exist.");
    }
}
