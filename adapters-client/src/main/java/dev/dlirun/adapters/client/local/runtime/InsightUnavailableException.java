package dev.dlirun.adapters.client.local.runtime;

/**
 * The runtime cannot tell what was asked of a launch at work (its graph, numbers, failures or checkpoints) because it
 * does not keep such things at all, e.g. a simulation: asking again will not help. The message says so, in a caller's
 * words.
 */
public final class InsightUnavailableException extends RuntimeException {

    public InsightUnavailableException(String message) {
        super(message);
    }
}
