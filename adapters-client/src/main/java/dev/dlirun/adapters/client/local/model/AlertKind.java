package dev.dlirun.adapters.client.local.model;

/**
 * What an alert says happened: to one job (its {@code smn_topic} names where the alert goes), or to the cluster the
 * jobs run on (it goes to the operator's cluster topics). A new kind of alert is a constant here and a detector that
 * raises it (as {@code CheckpointWatch} raises {@link #CHECKPOINT_STALLED}).
 */
public enum AlertKind {
    /** The job failed for good: {@code job_submit_fail} or {@code job_running_exception}, and it no longer runs. */
    JOB_FAILED("job_failed", true),
    /** The job keeps failing and restarting: K restarts within a window; one alert per episode. */
    JOB_RESTART_LOOP("job_restart_loop", true),
    /** A stop with a savepoint failed to take its savepoint: the job was not stopped, and runs on. */
    STOP_SAVEPOINT_FAILED("stop_savepoint_failed", true),
    /**
     * The job runs with checkpointing on, yet no checkpoint completed within the window: one alert per episode, which
     * ends when a checkpoint completes again.
     */
    CHECKPOINT_STALLED("checkpoint_stalled", true),
    /** The runtime (the Flink cluster) could not be reached for a while: jobs are not followed. */
    CLUSTER_UNREACHABLE("cluster_unreachable", false),
    /** The runtime answers again after a {@link #CLUSTER_UNREACHABLE}. */
    CLUSTER_RECOVERED("cluster_recovered", false);

    private final String wireName;
    private final boolean aboutAJob;

    AlertKind(String wireName, boolean aboutAJob) {
        this.wireName = wireName;
        this.aboutAJob = aboutAJob;
    }

    /** As an alert's body and the catalogue name it. */
    public String wireName() {
        return wireName;
    }

    /** Whether it is about one job (which it then names), rather than the cluster. */
    public boolean aboutAJob() {
        return aboutAJob;
    }

    /** The kind of {@code wireName}. */
    public static AlertKind fromWireName(String wireName) {
        for (AlertKind kind : values()) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no alert kind is named " + wireName);
    }
}
