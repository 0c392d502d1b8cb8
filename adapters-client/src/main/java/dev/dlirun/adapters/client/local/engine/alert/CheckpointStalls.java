package dev.dlirun.adapters.client.local.engine.alert;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Tells a launch whose checkpoints stopped completing: one that has run for a whole window without a checkpoint
 * completing, counted from the later of when it was seen running and its latest completed checkpoint. A stall is
 * reported once; the episode ends when a checkpoint completes again, and a later stall is reported again. It also says
 * when a launch is worth a look at its checkpoints, so that they are asked for a few times a window, not every round.
 *
 * @param <K> what a launch is known by
 */
public final class CheckpointStalls<K> {

    /** How many times a window a launch's checkpoints are looked at: a stall is told at most a quarter window late. */
    static final int LOOKS_PER_WINDOW = 4;
    /** A job's window is at least this many of its checkpoint intervals: a slow interval alone is no stall. */
    static final int INTERVALS_PER_WINDOW = 3;

    /**
     * A stall to report.
     *
     * @param since           when the window began: the latest completed checkpoint's time, or when the launch was seen
     *                        running when none completed since (epoch milliseconds)
     * @param anyCompleted    whether the window began at a completed checkpoint
     * @param window          the launch's window
     */
    public record Stall(long since, boolean anyCompleted, Duration window) {
    }

    private static final class Watch {
        final long runningSince;
        final long window;
        long nextLook;
        /** Where the window of the stall reported began; absent while none is reported. */
        OptionalLong reported = OptionalLong.empty();

        Watch(long runningSince, long window) {
            this.runningSince = runningSince;
            this.window = window;
            this.nextLook = runningSince;
        }
    }

    private final Duration window;
    private final Map<K, Watch> watches = new HashMap<>();

    /** @param window the operator's window: how long a running launch may go without a completed checkpoint */
    public CheckpointStalls(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window of a checkpoint stall must be positive");
        }
        this.window = window;
    }

    /** The window of a launch that checkpoints every {@code interval}: the operator's, or three intervals if longer. */
    public Duration windowOf(Duration interval) {
        Duration intervals = interval.multipliedBy(INTERVALS_PER_WINDOW);
        return intervals.compareTo(window) > 0 ? intervals : window;
    }

    /**
     * The launch runs (all its tasks) at {@code now}, checkpointing every {@code interval}: it is watched from then on.
     * A launch already watched keeps its watch.
     */
    public synchronized void running(K launch, long now, Duration interval) {
        watches.computeIfAbsent(launch, key -> new Watch(now, windowOf(interval).toMillis()));
    }

    /** Whether the launch is watched and its checkpoints are due for a look at {@code now}. */
    public synchronized boolean due(K launch, long now) {
        Watch watch = watches.get(launch);
        return watch != null && now >= watch.nextLook;
    }

    /**
     * The launch's checkpoints were looked at, at {@code now}: the latest completed one completed at
     * {@code latestCompletion} (none when empty). Answers the stall to report, once per episode.
     */
    public synchronized Optional<Stall> looked(K launch, long now, OptionalLong latestCompletion) {
        Watch watch = watches.get(launch);
        if (watch == null) {
            return Optional.empty();
        }
        watch.nextLook = now + Math.max(1, watch.window / LOOKS_PER_WINDOW);
        boolean anyCompleted = latestCompletion.isPresent() && latestCompletion.getAsLong() >= watch.runningSince;
        long since = anyCompleted ? latestCompletion.getAsLong() : watch.runningSince;
        if (watch.reported.isPresent()) {
            if (since <= watch.reported.getAsLong()) {
                return Optional.empty();
            }
            // A checkpoint completed since the stall was reported: that episode is over.
            watch.reported = OptionalLong.empty();
        }
        if (now - since < watch.window) {
            return Optional.empty();
        }
        watch.reported = OptionalLong.of(since);
        return Optional.of(new Stall(since, anyCompleted, Duration.ofMillis(watch.window)));
    }

    /** Whether a stall of the launch was reported and no checkpoint completed since. */
    public synchronized boolean stalled(K launch) {
        Watch watch = watches.get(launch);
        return watch != null && watch.reported.isPresent();
    }

    /** The stall last answered could not be reported: the next look answers it again. */
    public synchronized void unreported(K launch) {
        Watch watch = watches.get(launch);
        if (watch != null) {
            watch.reported = OptionalLong.empty();
        }
    }

    /** The launch no longer runs (it ended, fails or is stopping): a run of it later is watched afresh. */
    public synchronized void forget(K launch) {
        watches.remove(launch);
    }
}
