package dev.dlirun.adapters.client.local.engine.alert;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells a restart loop from a failure now and then: {@code count} failures of one launch within {@code window} make a
 * loop, and a loop is reported once. The episode ends when the launch goes a whole window without failing; a later
 * loop is reported again.
 *
 * @param <K> what a launch is known by
 */
public final class RestartLoops<K> {

    private static final class Episode {
        final Deque<Long> failures = new ArrayDeque<>();
        boolean reported;
    }

    private final int count;
    private final long window;
    private final Map<K, Episode> episodes = new HashMap<>();

    public RestartLoops(int count, Duration window) {
        if (count < 2) {
            throw new IllegalArgumentException("a loop is at least 2 restarts");
        }
        this.count = count;
        this.window = window.toMillis();
    }

    /** The launch {@code launch} failed (and restarts) at {@code now}: answers whether that makes a loop to report. */
    public synchronized boolean failed(K launch, long now) {
        Episode episode = episodes.computeIfAbsent(launch, key -> new Episode());
        while (!episode.failures.isEmpty() && now - episode.failures.peekFirst() >= window) {
            episode.failures.removeFirst();
        }
        if (episode.failures.isEmpty()) {
            episode.reported = false;
        }
        episode.failures.addLast(now);
        if (episode.failures.size() > count) {
            episode.failures.removeFirst();
        }
        if (episode.failures.size() >= count && !episode.reported) {
            episode.reported = true;
            return true;
        }
        return false;
    }

    /** The launch ended: nothing more is kept of it. */
    public synchronized void forget(K launch) {
        episodes.remove(launch);
    }
}
