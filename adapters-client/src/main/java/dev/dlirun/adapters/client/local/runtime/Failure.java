package dev.dlirun.adapters.client.local.runtime;

import java.util.Objects;

/**
 * Why a job failed, as its runtime tells it.
 *
 * @param cause         the root cause, short and without a stack trace (e.g. {@code NumberFormatException: For input
 *                      string: 'x'})
 * @param beforeRunning whether the job failed before it ever ran (e.g. its savepoint could not be restored): a
 *                      failed submission rather than a failure of a running job
 */
public record Failure(String cause, boolean beforeRunning) {

    public Failure {
        Objects.requireNonNull(cause, "cause");
    }
}
