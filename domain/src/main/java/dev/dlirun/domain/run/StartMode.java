package dev.dlirun.domain.run;

import dev.dlirun.domain.model.InvalidInputException;

/**
 * How a job is started: normally, or resumed from its most recently created savepoint; a resume may be allowed to drop
 * the state of operators the job no longer has (Flink's {@code allowNonRestoredState}, off unless asked for).
 */
public enum StartMode {
    /** Start without restoring state ({@code resume_savepoint: false}, the default). */
    FRESH,
    /** Restore the job's state from its latest savepoint ({@code resume_savepoint: true}), all of it. */
    RESUME_FROM_LATEST_SAVEPOINT,
    /**
     * Restore the job's state from its latest savepoint, dropping the state of operators the job no longer has
     * ({@code resume_savepoint: true} with {@code allow_non_restored_state: true}).
     */
    RESUME_ALLOWING_NON_RESTORED_STATE;

    public static StartMode resumingSavepoint(boolean resumeSavepoint) {
        return resumeSavepoint ? RESUME_FROM_LATEST_SAVEPOINT : FRESH;
    }

    /**
     * @throws InvalidInputException when dropping state is allowed for a start that restores none
     */
    public static StartMode of(boolean resumeSavepoint, boolean allowNonRestoredState) {
        if (allowNonRestoredState && !resumeSavepoint) {
            throw new InvalidInputException("allow_non_restored_state",
                    "applies only to a run with resume_savepoint: true (a fresh start restores no state to drop)");
        }
        return allowNonRestoredState ? RESUME_ALLOWING_NON_RESTORED_STATE : resumingSavepoint(resumeSavepoint);
    }

    public boolean resumesFromSavepoint() {
        return this != FRESH;
    }

    /** Whether the restore may drop the state of operators the job no longer has. */
    public boolean allowsNonRestoredState() {
        return this == RESUME_ALLOWING_NON_RESTORED_STATE;
    }
}
