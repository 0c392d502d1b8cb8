package dev.dlirun.domain.outcome;

/**
 * What a batch does to each of its jobs: run, stop or delete. It holds the words an outcome of the operation is told
 * in, so that the outcomes the three share are one family (see {@link JobOutcome}).
 */
public enum JobOperation {

    /** Batch run ({@code contract.md} section 3). */
    RUN("start", "started", "submitted", "The request for submitting DLI jobs is successfully delivered.",
            "submitted", "check its status before running it again"),
    /** Batch stop ({@code contract.md} 8.1). */
    STOP("stop", "stopped", "stopped", "The request for stopping DLI jobs is successfully delivered.",
            "delivered", "check its status before stopping it again"),
    /** Delete, of one job or of a batch ({@code contract.md} 7.5). */
    DELETE("delete", "deleted", "deleted", "The job is successfully deleted.",
            "deleted", "look it up before deleting it again");

    private final String verb;
    private final String done;
    private final String sent;
    private final String deliveredMessage;
    private final String deliveredKind;
    private final String beforeRetrying;

    JobOperation(String verb, String done, String sent, String deliveredMessage, String deliveredKind,
                 String beforeRetrying) {
        this.verb = verb;
        this.done = done;
        this.sent = sent;
        this.deliveredMessage = deliveredMessage;
        this.deliveredKind = deliveredKind;
        this.beforeRetrying = beforeRetrying;
    }

    /** What is done to a job, e.g. {@code start} in "DLI refused to start job 7." */
    public String verb() {
        return verb;
    }

    /** The job's state once it is done, e.g. {@code started} in "Job 7 was not started". */
    public String done() {
        return done;
    }

    /** What a request that may not have arrived would have done, e.g. "may or may not have been submitted". */
    String sent() {
        return sent;
    }

    /** The message DLI answers for a delivered request of this operation. */
    public String deliveredMessage() {
        return deliveredMessage;
    }

    /** The kind of a delivered outcome, as metrics name it: {@code submitted}, {@code delivered}, {@code deleted}. */
    String deliveredKind() {
        return deliveredKind;
    }

    /** What a caller should do before asking again when it is unknown whether the request arrived. */
    String beforeRetrying() {
        return beforeRetrying;
    }

    /** The kind of an uncertain outcome: {@code submission_uncertain}, {@code stop_uncertain}, {@code delete_uncertain}. */
    String uncertainKind() {
        return this == RUN ? "submission_uncertain" : verb + "_uncertain";
    }
}
