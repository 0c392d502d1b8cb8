package dev.dlirun.adapters.client.local.runtime;

import java.util.Objects;

/**
 * The runtime will not run the job as it is: its code does not plan or load, it breaks a rule of the service, or the
 * state it should restore cannot be read. Launching it again as it is would fail again. The message says why, for
 * the job's owner.
 */
public final class LaunchRefusedException extends Exception {

    public LaunchRefusedException(String reason) {
        super(Objects.requireNonNull(reason, "reason"));
    }
}
