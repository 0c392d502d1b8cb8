package dev.dlirun.adapters.client.local.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An engine timer the test turns by hand: nothing runs until {@link #runDue}, which runs, on the test's thread, every
 * task scheduled so far whatever its delay (the engine's take-up of left-over jobs, then one observer round each
 * time). The delays asked for are kept, for tests of the observer's pace.
 */
final class ManualTimer implements EngineTimer {

    private record Scheduled(Runnable task, Duration delay) {
    }

    private final List<Scheduled> queue = new ArrayList<>();
    /** Every delay asked for, in order. */
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    private boolean closed;

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        if (!closed) {
            queue.add(new Scheduled(task, delay));
            delays.add(delay);
        }
    }

    /** Runs the tasks scheduled so far; those they schedule wait for the next call. */
    void runDue() {
        List<Scheduled> due;
        synchronized (this) {
            due = List.copyOf(queue);
            queue.clear();
        }
        due.forEach(scheduled -> scheduled.task().run());
    }

    /** Runs {@code rounds} times what is due: as many observer rounds, once the observer has started. */
    void run(int rounds) {
        for (int i = 0; i < rounds; i++) {
            runDue();
        }
    }

    /** The delay the latest task asked for. */
    Duration lastDelay() {
        return delays.get(delays.size() - 1);
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
    }
}
