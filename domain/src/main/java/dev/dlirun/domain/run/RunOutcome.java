package dev.dlirun.domain.run;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;

import java.util.Objects;

/**
 * What happened to one job of a batch run. Business refusals are outcomes, not exceptions: every requested
 * job gets exactly one.
 */
public sealed interface RunOutcome {

    /** The message DLI answers for a delivered submission. */
    String SUBMITTED_MESSAGE = "The request for submitting DLI jobs is successfully delivered.";

    JobId jobId();

    /** Whether the job's submission was delivered: DLI's {@code is_success}. Only {@link Submitted} is. */
    default boolean delivered() {
        return false;
    }

    /** Why, in the caller's words. */
    String message();

    /** The job was handed to the backend to be started. */
    record Submitted(JobId jobId) implements RunOutcome {
        public Submitted {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public boolean delivered() {
            return true;
        }

        @Override
        public String message() {
            return SUBMITTED_MESSAGE;
        }
    }

    /** No job of that id exists in the request's project (whether or not it exists in another one). */
    record NotFound(JobId jobId) implements RunOutcome {
        public NotFound {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " does not exist.";
        }
    }

    /** The job is in a status a run cannot start from (see {@link JobStatus#isStartable()}). */
    record NotStartable(JobId jobId, JobStatus status) implements RunOutcome {
        public NotStartable {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(status, "status");
            if (status.isStartable()) {
                throw new IllegalArgumentException(status + " is a startable status");
            }
        }

        @Override
        public String message() {
            return "Job " + jobId + " cannot be started in status " + status.wireName() + ".";
        }
    }

    /**
     * A resume from savepoint was asked for a job that has none. Refused rather than started without its state,
     * which could make a streaming job emit its data again.
     */
    record NoSavepoint(JobId jobId) implements RunOutcome {
        public NoSavepoint {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " has no savepoint to resume from.";
        }
    }

    /** The backend answered and refused to start the job; its reason is passed on as it is. */
    record BackendRefused(JobId jobId, String reason) implements RunOutcome {
        public BackendRefused {
            Objects.requireNonNull(jobId, "jobId");
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /**
     * The submission was sent, but whether it reached the backend is unknown (it timed out, or its answer could not
     * be read). The job may be starting; running it again blindly could start it twice.
     */
    record SubmissionUncertain(JobId jobId, String cause) implements RunOutcome {
        public SubmissionUncertain {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String message() {
            return "Job " + jobId + " may or may not have been submitted (" + cause
                    + "); check its status before running it again.";
        }
    }

    /** The backend could not be asked about this job, so it was certainly not started. */
    record BackendUnavailable(JobId jobId) implements RunOutcome {
        public BackendUnavailable {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " was not started: the job backend is unavailable. Retry later.";
        }
    }
}
