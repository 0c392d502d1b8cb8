package dev.dlirun.adapters.client.local.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How the local engine works its runtime.
 *
 * @param observeInterval  how often the observer asks the runtime about the jobs it follows (one call for all)
 * @param launchThreads    how many launches run at once (planning a SQL job keeps a core busy)
 * @param savepointTimeout how long a savepoint (of a stop or a trigger) may take; a slower one leaves the job running
 * @param savepointsKept   how many of the savepoints it took the service keeps per job (the job's current one always)
 */
public record EngineSettings(Duration observeInterval, int launchThreads, Duration savepointTimeout,
                             int savepointsKept) {

    public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofMillis(100), 2, Duration.ofMinutes(5),
            5);

    public EngineSettings {
        Objects.requireNonNull(observeInterval, "observeInterval");
        Objects.requireNonNull(savepointTimeout, "savepointTimeout");
        if (observeInterval.isNegative() || observeInterval.isZero()) {
            throw new IllegalArgumentException("the observe interval must be positive");
        }
        if (launchThreads < 1) {
            throw new IllegalArgumentException("at least one launch thread is needed");
        }
        if (savepointTimeout.isNegative() || savepointTimeout.isZero()) {
            throw new IllegalArgumentException("the savepoint timeout must be positive");
        }
        if (savepointsKept < 1) {
            throw new IllegalArgumentException("at least one savepoint per job is kept, not " + savepointsKept);
        }
    }

    /** The same settings with another savepoint timeout and number of savepoints kept. */
    public EngineSettings withSavepoints(Duration timeout, int kept) {
        return new EngineSettings(observeInterval, launchThreads, timeout, kept);
    }
}
