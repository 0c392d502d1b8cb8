package dev.dlirun.domain.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The 14 statuses of a DLI Flink job, by their names on the wire. */
public enum JobStatus {
    JOB_INIT("job_init", true),
    JOB_SUBMITTING("job_submitting", false),
    JOB_SUBMIT_FAIL("job_submit_fail", true),
    JOB_RUNNING("job_running", false),
    JOB_RUNNING_EXCEPTION("job_running_exception", false),
    JOB_DOWNLOADING("job_downloading", false),
    JOB_IDLE("job_idle", true),
    JOB_CANCELING("job_canceling", false),
    JOB_CANCEL_SUCCESS("job_cancel_success", true),
    JOB_CANCEL_FAIL("job_cancel_fail", false),
    JOB_SAVEPOINTING("job_savepointing", false),
    JOB_ARREARAGE_STOPPED("job_arrearage_stopped", false),
    JOB_ARREARAGE_RECOVERING("job_arrearage_recovering", false),
    JOB_FINISH("job_finish", true);

    private static final Map<String, JobStatus> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(JobStatus::wireName, Function.identity()));

    private final String wireName;
    private final boolean startable;

    JobStatus(String wireName, boolean startable) {
        this.wireName = wireName;
        this.startable = startable;
    }

    /** The status as DLI writes it, e.g. {@code job_running}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether a batch run may start a job in this status: a job that never ran, failed to submit, was
     * cancelled, finished or is idle. A job on its way up, running, or busy with a cancel or savepoint is not.
     */
    public boolean isStartable() {
        return startable;
    }

    /**
     * Whether a batch stop may stop a job in this status: a job on its way up, running, or failing (a job in a
     * restart loop must be stoppable).
     */
    public boolean isStoppable() {
        return this == JOB_SUBMITTING || this == JOB_RUNNING || this == JOB_RUNNING_EXCEPTION;
    }

    /** The status DLI calls {@code wireName}; empty for anything else (there is no {@code job_finished}). */
    public static Optional<JobStatus> fromWireName(String wireName) {
        return Optional.ofNullable(wireName).map(BY_WIRE_NAME::get);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
