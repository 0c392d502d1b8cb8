package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What a deleted job leaves behind, removed in the background: its launch cancelled at once if it had one under way,
 * and once the observer reports that it has stopped ({@link #launchStopped}; Flink no longer writes its checkpoints),
 * its checkpoints, its savepoint directory, and the savepoints the service took of it elsewhere. Savepoints a caller
 * imported are the caller's and stay. A launch that has not stopped within {@link #STOPPING} has its files deleted
 * anyway.
 */
final class CleanUps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CleanUps.class);
    /** How long a cancelled launch may take to stop before its files are deleted anyway. */
    private static final Duration STOPPING = Duration.ofSeconds(30);

    /** A deleted job whose launch is stopping. */
    private record Stopping(LocalJob job, List<SavepointRecord> history) {
    }

    private final JobRuntime runtime;
    // The three below change together, under this object's lock.
    private final Map<RuntimeJobId, Stopping> stopping = new HashMap<>();
    /** Launches reported stopped before their job's clean-up was asked for (the report and the delete race). */
    private final Set<RuntimeJobId> stoppedEarly = new HashSet<>();
    /** Launches whose files went after {@link #STOPPING}, before the observer reported them stopped. */
    private final Set<RuntimeJobId> givenUp = new HashSet<>();
    private final ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "dlirun-clean-up");
        thread.setDaemon(true);
        return thread;
    });

    CleanUps(JobRuntime runtime) {
        this.runtime = runtime;
        // Closing runs the deletions queued, and drops the give-ups still waiting.
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Cleans up after deleted {@code job}: cancels its launch, if it may be running, and deletes its files once that
     * stopped; at once if it had none.
     */
    void cleanUp(LocalJob job, List<SavepointRecord> history) {
        Optional<RuntimeJobId> active = job.run().launch().filter(launch -> job.run().isActive());
        if (active.isEmpty()) {
            submit(() -> deleteFiles(job, history));
            return;
        }
        RuntimeJobId launch = active.get();
        synchronized (this) {
            if (stoppedEarly.remove(launch)) {
                submit(() -> deleteFiles(job, history));
                return;
            }
            stopping.put(launch, new Stopping(job, history));
        }
        // Not launched (yet): the launch, finding its job gone, cancels itself.
        runtime.cancel(launch).exceptionally(failure -> {
            LOG.debug("Cancelling launch {} of a deleted job: {}", launch, failure.toString());
            return null;
        });
        schedule(() -> giveUp(launch), STOPPING);
    }

    /** The launch of a deleted job has stopped (or the runtime no longer has it): its files go. */
    void launchStopped(RuntimeJobId launch) {
        Stopping deleted;
        synchronized (this) {
            deleted = stopping.remove(launch);
            if (deleted == null && !givenUp.remove(launch)) {
                stoppedEarly.add(launch);
            }
        }
        if (deleted != null) {
            submit(() -> deleteFiles(deleted.job(), deleted.history()));
        }
    }

    private void giveUp(RuntimeJobId launch) {
        Stopping deleted;
        synchronized (this) {
            deleted = stopping.remove(launch);
            if (deleted != null) {
                givenUp.add(launch);
            }
        }
        if (deleted != null) {
            LOG.warn("Launch {} of deleted job {} had not stopped after {} s; deleting its files anyway", launch,
                    deleted.job().id(), STOPPING.toSeconds());
            deleteFiles(deleted.job(), deleted.history());
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.warn("The service is stopping: the files of a deleted job stay");
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            worker.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the service is stopping: the job's files stay
        }
    }

    private void deleteFiles(LocalJob job, List<SavepointRecord> history) {
        try {
            for (SavepointRecord savepoint : history) {
                if (savepoint.takenByTheService()) {
                    runtime.deleteSavepoint(savepoint.path());
                }
            }
            runtime.deleteJobState(job.projectId(), job.id());
            LOG.info("Deleted job {} of project {} with its checkpoints and savepoints", job.id(), job.projectId());
        } catch (Exception e) {
            LOG.warn("Could not delete the files of deleted job {} of project {}: {}", job.id(), job.projectId(),
                    e.toString());
        }
    }

    /** Finishes the deletions queued, waiting a little; launches still stopping keep their files. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!stopping.isEmpty()) {
                LOG.warn("The service is stopping: the files of {} deleted jobs still stopping stay", stopping.size());
            }
        }
    }
}
