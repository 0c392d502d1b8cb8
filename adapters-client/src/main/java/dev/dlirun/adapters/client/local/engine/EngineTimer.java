package dev.dlirun.adapters.client.local.engine;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When the engine's timed work runs (the observer's rounds, a restart's reconciliation), one task at a time: on a
 * thread of its own in the service; by the test's hand in tests, which then run the observer's rounds one by one
 * instead of waiting for them.
 */
public interface EngineTimer extends AutoCloseable {

    /** Runs {@code task} once {@code delay} has passed; a closed timer drops it. */
    void schedule(Runnable task, Duration delay);

    /** Runs no more tasks, interrupting one under way, and waits a little for it to end. */
    @Override
    void close();

    /** A timer that runs its tasks on one daemon thread named {@code name}. */
    static EngineTimer onThread(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return new EngineTimer() {
            @Override
            public void schedule(Runnable task, Duration delay) {
                try {
                    executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closed) {
                    // the engine is closing
                }
            }

            @Override
            public void close() {
                executor.shutdownNow();
                try {
                    executor.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
