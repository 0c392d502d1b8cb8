package dev.dlirun.domain.stop;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;

import java.util.Objects;

/**
 * What happened to one job of a batch stop ({@code contract.md} 7.2 and 8.1). As for a run, refusals are outcomes,
 * not exceptions: every requested job gets exactly one.
 */
public sealed interface StopOutcome {

    /** The message DLI answers for a delivered stop. */
    String DELIVERED_MESSAGE = "The request for stopping DLI jobs is successfully delivered.";

    JobId jobId();

    /** Whether the job's stop was delivered: DLI's {@code is_success}. Only {@link Delivered} is. */
    default boolean delivered() {
        return false;
    }

    /** Why, in the caller's words. */
    String message();

    /** The job's stop is under way. */
    record Delivered(JobId jobId) implements StopOutcome {
        public Delivered {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public boolean delivered() {
            return true;
        }

        @Override
        public String message() {
            return DELIVERED_MESSAGE;
        }
    }

    /** No job of that id exists in the request's project. */
    record NotFound(JobId jobId) implements StopOutcome {
        public NotFound {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " does not exist.";
        }
    }

    /** The job is in a status a stop cannot stop (see {@link StopRules}). */
    record NotStoppable(JobId jobId, JobStatus status) implements StopOutcome {
        public NotStoppable {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String message() {
            return "Job " + jobId + " cannot be stopped in status " + status.wireName() + ".";
        }
    }

    /**
     * A stop with a savepoint was asked of a job that is not running, so no savepoint can be taken. Refused rather
     * than stopped without the state the caller asked to keep.
     */
    record CannotTakeSavepoint(JobId jobId, JobStatus status) implements StopOutcome {
        public CannotTakeSavepoint {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String message() {
            return "Job " + jobId + " cannot take a savepoint in status " + status.wireName() + ".";
        }
    }

    /** The backend answered and refused to stop the job; its reason is passed on as it is. */
    record BackendRefused(JobId jobId, String reason) implements StopOutcome {
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

    /** The stop was sent, but whether it reached the backend is unknown (it timed out, or its answer was unreadable). */
    record StopUncertain(JobId jobId, String cause) implements StopOutcome {
        public StopUncertain {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String message() {
            return "Job " + jobId + " may or may not have been stopped (" + cause
                    + "); check its status before stopping it again.";
        }
    }

    /** The backend could not be asked about this job, so it was certainly not stopped. */
    record BackendUnavailable(JobId jobId) implements StopOutcome {
        public BackendUnavailable {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " was not stopped: the job backend is unavailable. Retry later.";
        }
    }
}
