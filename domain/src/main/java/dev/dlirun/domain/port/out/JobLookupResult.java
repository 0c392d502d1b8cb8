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

    /** The backend answered about this job with a refusal other than "does not exist"; the reason says why. */
    record Refused(String reason) implements JobLookupResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The backend could not tell (it failed or did not answer for this job). */
    record Unavailable(String reason) implements JobLookupResult {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    JobLookupResult MISSING = new Missing();
}
