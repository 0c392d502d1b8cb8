package dev.dlirun.domain.stop;

/** How a job is stopped: cancelled, or stopped with a savepoint of its state taken first. */
public enum StopMode {
    /** Cancel the job without keeping its state ({@code trigger_savepoint: false}, the default). */
    CANCEL,
    /** Take a savepoint, then stop the job ({@code trigger_savepoint: true}); only a running job can. */
    WITH_SAVEPOINT;

    public static StopMode triggeringSavepoint(boolean triggerSavepoint) {
        return triggerSavepoint ? WITH_SAVEPOINT : CANCEL;
    }

    public boolean takesSavepoint() {
        return this == WITH_SAVEPOINT;
    }
}
