package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.run.StartMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A launcher that only records what it was asked; the test decides when each launch ends and how. */
final class RecordingLauncher implements JobLauncher {

    record Launch(LocalJob job, StartMode mode, Listener listener) {
        void running(Instant at) {
            listener.running(job.projectId(), job.id(), at);
        }

        void failed(String reason, Instant at) {
            listener.failed(job.projectId(), job.id(), reason, at);
        }
    }

    final List<Launch> launches = Collections.synchronizedList(new ArrayList<>());
    volatile boolean closed;

    @Override
    public void launch(LocalJob job, StartMode mode, Listener listener) {
        if (closed) {
            throw new IllegalStateException("the launcher is closed");
        }
        launches.add(new Launch(job, mode, listener));
    }

    @Override
    public void close() {
        closed = true;
    }
}
