package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a deleted job leaves behind, removed in the background: its launch cancelled at once if it had one under way,
 * and once that has stopped (Flink no longer writes its checkpoints), its checkpoints, its savepoint directory, and the
 * savepoints the service took of it elsewhere. Savepoints a caller imported are the caller's and stay. One look at the
 * runtime every {@link #LOOK_AGAIN} serves every deleted job still stopping, however many there are.
 */
final class CleanUps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CleanUps.class);
    /** How long a cancelled launch may take to stop before its files are deleted anyway. */
    private static final Duration STOPPING = Duration.ofSeconds(30);
    private static final Duration LOOK_AGAIN = Duration.ofMillis(200);

    /** A deleted job whose launch is stopping; its files go once it has, or at {@code giveUpAt} (nanoTime). */
    private record Stopping(LocalJob job, List<SavepointRecord> history, long giveUpAt) {
    }

    private final JobRuntime runtime;
    private final Map<RuntimeJobId, Stopping> stopping = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dlirun-clean-up");
        thread.setDaemon(true);
        return thread;
    });

    CleanUps(JobRuntime runtime) {
        this.runtime = runtime;
        worker.scheduleWithFixedDelay(this::deleteWhatStopped, LOOK_AGAIN.toMillis(), LOOK_AGAIN.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Cancels the deleted job's launch, if it may be running, and deletes its files once that stopped. */
    void cleanUp(LocalJob job, List<SavepointRecord> history) {
        Optional<RuntimeJobId> active = job.run().launch().filter(launch -> LocalJobEngine.ACTIVE.contains(job.status()));
        if (active.isEmpty()) {
            submit(() -> deleteFiles(job, history));
            return;
        }
        RuntimeJobId launch = active.get();
        stopping.put(launch, new Stopping(job, history, System.nanoTime() + STOPPING.toNanos()));
        // Not launched (yet): the launch, finding its job gone, cancels itself.
        runtime.cancel(launch).exceptionally(failure -> {
            LOG.debug("Cancelling launch {} of a deleted job: {}", launch, failure.toString());
            return null;
        });
    }

    private void deleteWhatStopped() {
        if (stopping.isEmpty()) {
            return;
        }
        Map<RuntimeJobId, ObservedJob> observed;
        try {
            observed = runtime.observe();
        } catch (RuntimeUnavailableException e) {
            observed = Map.of();
        } catch (RuntimeException e) {
            LOG.warn("Could not look at the launches of deleted jobs: {}", e.toString());
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<RuntimeJobId, Stopping> entry : stopping.entrySet()) {
            ObservedJob launch = observed.get(entry.getKey());
            Stopping deleted = entry.getValue();
            boolean stopped = launch == null || launch.state().isTerminal();
            if (stopped || now - deleted.giveUpAt() > 0) {
                if (!stopped) {
                    LOG.warn("Launch {} of deleted job {} had not stopped after {} s; deleting its files anyway",
                            entry.getKey(), deleted.job().id(), STOPPING.toSeconds());
                }
                stopping.remove(entry.getKey());
                deleteFiles(deleted.job(), deleted.history());
            }
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.warn("The service is stopping: the files of a deleted job stay");
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
        if (!stopping.isEmpty()) {
            LOG.warn("The service is stopping: the files of {} deleted jobs still stopping stay", stopping.size());
        }
    }
}
