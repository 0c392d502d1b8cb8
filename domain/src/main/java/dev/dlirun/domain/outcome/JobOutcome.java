package dev.dlirun.domain.outcome;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;

import java.util.Objects;

/**
 * What happened to one job of a batch run, stop or delete, or why a rule refused a change to one job. Business
 * refusals are outcomes, not exceptions: every requested job gets exactly one. The outcomes every operation can have
 * name their {@link JobOperation}, which words their message; the rules' refusals are their own records.
 */
public sealed interface JobOutcome {

    JobId jobId();

    /** Whether the request was delivered for this job: DLI's {@code is_success}. Only {@link Delivered} is. */
    default boolean delivered() {
        return false;
    }

    /** What happened, in the caller's words. */
    String message();

    /** What kind of outcome this is, as metrics name it, e.g. {@code not_startable}. */
    String kind();

    /** The job was handed to the backend: to be started, stopped, or it was deleted. */
    record Delivered(JobOperation operation, JobId jobId) implements JobOutcome {
        public Delivered {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public boolean delivered() {
            return true;
        }

        @Override
        public String message() {
            return operation.deliveredMessage();
        }

        @Override
        public String kind() {
            return operation.deliveredKind();
        }
    }

    /** No job of that id exists in the request's project (whether or not it exists in another one). */
    record NotFound(JobId jobId) implements JobOutcome {
        public NotFound {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " does not exist.";
        }

        @Override
        public String kind() {
            return "not_found";
        }
    }

    /** The backend answered and refused the job; its reason is passed on as it is. */
    record BackendRefused(JobId jobId, String reason) implements JobOutcome {
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

        @Override
        public String kind() {
            return "backend_refused";
        }
    }

    /**
     * The request was sent, but whether it reached the backend is unknown (it timed out, or its answer could not be
     * read). Asking again blindly could, for a run, start the job twice.
     */
    record Uncertain(JobOperation operation, JobId jobId, String cause) implements JobOutcome {
        public Uncertain {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String message() {
            return "Job " + jobId + " may or may not have been " + operation.sent() + " (" + cause + "); "
                    + operation.beforeRetrying() + ".";
        }

        @Override
        public String kind() {
            return operation.uncertainKind();
        }
    }

    /** The backend could not be asked about this job, so nothing was done to it. */
    record BackendUnavailable(JobOperation operation, JobId jobId) implements JobOutcome {
        public BackendUnavailable {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " was not " + operation.done() + ": the job backend is unavailable. Retry later.";
        }

        @Override
        public String kind() {
            return "backend_unavailable";
        }
    }

    /** A run: the job is in a status a run cannot start from (see {@link JobStatus#isStartable()}). */
    record NotStartable(JobId jobId, JobStatus status) implements JobOutcome {
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

        @Override
        public String kind() {
            return "not_startable";
        }
    }

    /**
     * A run: resuming from a savepoint was asked of a job that has none. Refused rather than started without its
     * state, which could make a streaming job emit its data again.
     */
    record NoSavepoint(JobId jobId) implements JobOutcome {
        public NoSavepoint {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " has no savepoint to resume from.";
        }

        @Override
        public String kind() {
            return "no_savepoint";
        }
    }

    /** A stop: the job is in a status a stop cannot stop (see {@link JobStatus#isStoppable()}). */
    record NotStoppable(JobId jobId, JobStatus status) implements JobOutcome {
        public NotStoppable {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String message() {
            return "Job " + jobId + " cannot be stopped in status " + status.wireName() + ".";
        }

        @Override
        public String kind() {
            return "not_stoppable";
        }
    }

    /**
     * A stop with a savepoint was asked of a job that is not running, so no savepoint can be taken. Refused rather
     * than stopped without the state the caller asked to keep.
     */
    record CannotTakeSavepoint(JobId jobId, JobStatus status) implements JobOutcome {
        public CannotTakeSavepoint {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String message() {
            return "Job " + jobId + " cannot take a savepoint in status " + status.wireName() + ".";
        }

        @Override
        public String kind() {
            return "cannot_take_savepoint";
        }
    }

    /** An update: the change cannot be made to the job now; the reason says what to do instead. */
    record NotChangeable(JobId jobId, String reason) implements JobOutcome {
        public NotChangeable {
            Objects.requireNonNull(jobId, "jobId");
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }

        @Override
        public String message() {
            return reason;
        }

        @Override
        public String kind() {
            return "not_changeable";
        }
    }
}
