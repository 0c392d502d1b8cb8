package dev.dlirun.domain.insight;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What went wrong in a job's latest run, newest first, as its engine keeps it: each failure that made the run fail or
 * restart, by its root cause.
 *
 * @param truncated whether the engine kept only the newest failures and older ones are missing
 */
public record JobExceptions(List<Failure> failures, boolean truncated) {

    public JobExceptions {
        failures = List.copyOf(failures);
    }

    /** The latest failure: why the run failed (or last restarted). */
    public Optional<Failure> rootCause() {
        return failures.stream().findFirst();
    }

    /**
     * One failure.
     *
     * @param cause     the root cause, short and without a stack trace (e.g. {@code NumberFormatException: For input
     *                  string: "x"})
     * @param timestamp when it happened, epoch milliseconds
     * @param taskName  the task where it happened (e.g. {@code Source: numbers[1] (1/1)}); empty when it was not one
     *                  task's (e.g. the job could not be scheduled)
     * @param location  the host and port of the task's worker; empty when not one task's
     */
    public record Failure(String cause, long timestamp, Optional<String> taskName, Optional<String> location) {
        public Failure {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(taskName, "taskName");
            Objects.requireNonNull(location, "location");
        }
    }
}
