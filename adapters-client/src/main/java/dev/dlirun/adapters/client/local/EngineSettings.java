package dev.dlirun.adapters.client.local;

import java.time.Duration;
import java.util.Objects;

/**
 * How the local engine works its runtime.
 *
 * @param observeInterval  how often the observer asks the runtime about the jobs it follows (one call for all)
 * @param launchThreads    how many launches run at once (planning a SQL job keeps a core busy)
 * @param savepointTimeout how long a stop with a savepoint may take; a slower savepoint leaves the job running
 */
public record EngineSettings(Duration observeInterval, int launchThreads, Duration savepointTimeout) {

    public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofMillis(100), 2, Duration.ofMinutes(5));

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
    }
}
