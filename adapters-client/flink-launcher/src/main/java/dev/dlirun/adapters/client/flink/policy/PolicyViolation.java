package dev.dlirun.adapters.client.flink.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A rule of the code policy that a job breaks; the message names the rule. Unchecked, because it is thrown from inside
 * Flink's own calls too (a table factory's, while Flink plans a statement) and must come out of them whole.
 */
public final class PolicyViolation extends RuntimeException {

    public PolicyViolation(String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
    }

    /** The violation in {@code failure} or among its causes, if there is one. */
    public static Optional<PolicyViolation> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicyViolation violation) {
                return Optional.of(violation);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
