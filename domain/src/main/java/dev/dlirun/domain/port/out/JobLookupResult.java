package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.Job;

import java.util.Objects;

/** What the backend said about one looked-up job id. */
public sealed interface JobLookupResult {

    /** The job exists in the project. */
    record Found(Job job) implements JobLookupResult {
        public Found {
            Objects.requireNonNull(job, "job");
        }
    }

    /** No job of that id exists in the project. */
    record Missing() implements JobLookupResult {
    }

    /** The backend could not tell (it failed or did not answer for this job). */
    record Unavailable(String reason) implements JobLookupResult {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    JobLookupResult MISSING = new Missing();
}
