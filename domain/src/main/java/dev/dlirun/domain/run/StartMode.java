package dev.dlirun.domain.run;

/** How a job is started: normally, or resumed from its most recently created savepoint. */
public enum StartMode {
    /** Start without restoring state ({@code resume_savepoint: false}, the default). */
    FRESH,
    /** Restore the job's state from its latest savepoint ({@code resume_savepoint: true}). */
    RESUME_FROM_LATEST_SAVEPOINT;

    public static StartMode resumingSavepoint(boolean resumeSavepoint) {
        return resumeSavepoint ? RESUME_FROM_LATEST_SAVEPOINT : FRESH;
    }

    public boolean resumesFromSavepoint() {
        return this == RESUME_FROM_LATEST_SAVEPOINT;
    }
}
