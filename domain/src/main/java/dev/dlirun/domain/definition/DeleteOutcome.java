package dev.dlirun.domain.definition;

import dev.dlirun.domain.model.JobId;

import java.util.Objects;

/** What happened to one job of a batch delete: like a run's, refusals are outcomes, one per requested job. */
public sealed interface DeleteOutcome {

    /** The message DLI answers for a deleted job. */
    String DELETED_MESSAGE = "The job is successfully deleted.";

    JobId jobId();

    /** DLI's {@code is_success}: only {@link Deleted} is. */
    default boolean deleted() {
        return false;
    }

    /** What happened, in the caller's words. */
    String message();

    /** The job is gone, with its checkpoints and savepoints; a running one was cancelled first. */
    record Deleted(JobId jobId) implements DeleteOutcome {
        public Deleted {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public boolean deleted() {
            return true;
        }

        @Override
        public String message() {
            return DELETED_MESSAGE;
        }
    }

    /** No job of that id exists in the request's project. */
    record NotFound(JobId jobId) implements DeleteOutcome {
        public NotFound {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " does not exist.";
        }
    }

    /** The backend answered and refused; its reason is passed on as it is. */
    record BackendRefused(JobId jobId, String reason) implements DeleteOutcome {
        public BackendRefused {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /** The delete was sent, but whether it reached the backend is unknown. */
    record Uncertain(JobId jobId, String cause) implements DeleteOutcome {
        public Uncertain {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String message() {
            return "Job " + jobId + " may or may not have been deleted (" + cause + "); look it up before deleting "
                    + "it again.";
        }
    }

    /** The backend could not be asked, so the job was certainly not deleted. */
    record BackendUnavailable(JobId jobId) implements DeleteOutcome {
        public BackendUnavailable {
            Objects.requireNonNull(jobId, "jobId");
        }

        @Override
        public String message() {
            return "Job " + jobId + " was not deleted: the job backend is unavailable. Retry later.";
        }
    }
}
