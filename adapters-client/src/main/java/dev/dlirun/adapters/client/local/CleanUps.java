package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a deleted job leaves behind, removed in the background: its launch cancelled if it had one under way, and once
 * that has stopped (Flink no longer writes its checkpoints), its checkpoints, its savepoint directory, and the
 * savepoints the service took of it elsewhere. Savepoints a caller imported are the caller's and stay.
 */
final class CleanUps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CleanUps.class);
    /** How long a cancelled launch may take to stop before its files are deleted anyway. */
    private static final Duration STOPPING = Duration.ofSeconds(30);
    private static final Duration LOOK_AGAIN = Duration.ofMillis(200);

    private final JobRuntime runtime;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dlirun-clean-up");
        thread.setDaemon(true);
        return thread;
    });

    CleanUps(JobRuntime runtime) {
        this.runtime = runtime;
    }

    /** Cancels the deleted job's launch and deletes its files, in the background. */
    void cleanUp(LocalJob job, List<SavepointRecord> history) {
        try {
            worker.execute(() -> {
                job.run().launch().filter(launch -> LocalJobEngine.ACTIVE.contains(job.status()))
                        .ifPresent(this::cancelAndAwait);
                deleteFiles(job, history);
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("The service is stopping: the files of deleted job {} of project {} stay", job.id(),
                    job.projectId());
        }
    }

    private void cancelAndAwait(RuntimeJobId launch) {
        try {
            runtime.cancel(launch).get(STOPPING.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            // Not launched (yet): the launch, finding its job gone, cancels itself.
            LOG.debug("Cancelling launch {} of a deleted job: {}", launch, e.toString());
        }
        long until = System.nanoTime() + STOPPING.toNanos();
        while (System.nanoTime() < until) {
            try {
                ObservedJob observed = runtime.observe().get(launch);
                if (observed == null || observed.state().isTerminal()) {
                    return;
                }
                Thread.sleep(LOOK_AGAIN.toMillis());
            } catch (RuntimeUnavailableException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("Launch {} of a deleted job had not stopped after {} s; deleting its files anyway", launch,
                STOPPING.toSeconds());
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

    /** Finishes the clean-ups under way, waiting a little; the rest are left. */
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
    }
}
