package dev.dlirun.domain.model;

import java.time.Duration;

/**
 * The moment by which an answer is due. Measured on the monotonic clock, so wall-clock changes cannot stretch or
 * shrink it.
 */
public final class Deadline {

    private final long dueNanos;

    private Deadline(long dueNanos) {
        this.dueNanos = dueNanos;
    }

    /** A deadline {@code budget} from now. */
    public static Deadline after(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("a deadline cannot lie in the past: " + budget);
        }
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, dueNanos - System.nanoTime()));
    }

    public boolean expired() {
        return dueNanos - System.nanoTime() <= 0;
    }

    @Override
    public String toString() {
        return "Deadline[" + remaining().toMillis() + " ms left]";
    }
}
