package dev.dlirun.domain.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a job's checkpoints treat records: DLI's {@code checkpoint_mode}. Requests send it as the number (1, 2) or
 * its name; the job detail shows the name ({@code exactly_once}), which is what the official SDK reads.
 */
public enum CheckpointMode {
    EXACTLY_ONCE(1, "exactly_once"),
    AT_LEAST_ONCE(2, "at_least_once");

    private final int number;
    private final String wireName;

    CheckpointMode(int number, String wireName) {
        this.number = number;
        this.wireName = wireName;
    }

    /** DLI's number for the mode: 1 exactly once, 2 at least once. */
    public int number() {
        return number;
    }

    /** The mode as the job detail writes it, e.g. {@code exactly_once}. */
    public String wireName() {
        return wireName;
    }

    /** The mode of DLI's number for it; empty for any other number. */
    public static Optional<CheckpointMode> fromNumber(long number) {
        return Arrays.stream(values()).filter(m -> m.number == number).findFirst();
    }

    /** The mode named {@code name}: its wire name, or its number written as text ({@code "1"}). */
    public static Optional<CheckpointMode> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(m -> m.wireName.equalsIgnoreCase(name) || Integer.toString(m.number).equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
