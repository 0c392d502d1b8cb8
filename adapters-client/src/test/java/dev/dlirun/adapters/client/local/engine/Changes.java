package dev.dlirun.adapters.client.local.engine;

import java.time.Duration;

/**
 * Something changed that a test waits for (a write of the catalogue, a call into the runtime from a launch's
 * thread): a test waits for the next change rather than sleeping.
 */
final class Changes {

    private long version;

    synchronized void signal() {
        version++;
        notifyAll();
    }

    synchronized long version() {
        return version;
    }

    /** Waits until a change after {@code seen}, for at most {@code atMost}. */
    synchronized void awaitAfter(long seen, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (version == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
