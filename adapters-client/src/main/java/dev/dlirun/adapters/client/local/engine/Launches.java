package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands claimed jobs to the runtime, a few at a time, in the background. A launch waits for the runtime to be ready,
 * checks that its job is still waiting for it, and submits it. A job the runtime refuses ends in
 * {@code job_submit_fail} with the reason ({@link RunEvent.LaunchFailed}); while the runtime cannot be reached the job
 * stays {@code job_submitting} saying so ({@link RunEvent.LaunchWaiting}) and the launch is tried again (safely: it
 * carries the runtime id recorded with the claim). Which launches are still being handed over is {@link #underWay}:
 * until then the runtime not having them means nothing.
 */
final class Launches implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Launches.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final JobRuntime runtime;
    private final JobRuns runs;
    private final StateChecks states;
    private final ExecutorService workers;
    private final Set<RuntimeJobId> underWay = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Launches(JobRuntime runtime, JobRuns runs, StateChecks states, int threads) {
        this.runtime = runtime;
        this.runs = runs;
        this.states = states;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "dlirun-launch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Launches {@code job}, claimed for its latest launch, in the background (once: a launch already under way is not
     * started again). Answers {@code false} when the engine is closing and takes no more launches; the job then ends
     * in {@code job_submit_fail}.
     */
    boolean launch(LocalJob job) {
        RuntimeJobId launch = job.run().runtimeJobId();
        ProjectId projectId = job.projectId();
        JobId id = job.id();
        if (!underWay.add(launch)) {
            return true;
        }
        try {
            workers.execute(() -> {
                try {
                    launchWhenReady(projectId, id, launch);
                } finally {
                    underWay.remove(launch);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            underWay.remove(launch);
            fail(projectId, id, launch, "The service was stopping and did not launch the job; run it again.");
            return false;
        }
    }

    /** Whether {@code launch} is still being handed to the runtime. */
    boolean underWay(RuntimeJobId launch) {
        return underWay.contains(launch);
    }

    private void launchWhenReady(ProjectId projectId, JobId id, RuntimeJobId launch) {
        Duration retry = FIRST_RETRY;
        try {
            while (!closed) {
                if (!runtime.awaitReady(Duration.ofSeconds(1))) {
                    continue;
                }
                Optional<LocalJob> current = runs.find(projectId, id).filter(job -> job.isLaunch(launch));
                if (current.isEmpty() || current.get().status() != JobStatus.JOB_SUBMITTING) {
                    // Stopped (or replaced, or deleted) before it was launched: there is nothing to run.
                    runs.apply(projectId, id, launch, new RunEvent.StoppedBeforeLaunch());
                    return;
                }
                JobRun run = current.get().run();
                if (run.resumedFromSavepoint() && run.restorePath() == null) {
                    fail(projectId, id, launch, "Job " + id + " has no savepoint path to resume from.");
                    return;
                }
                StateChecks.Gate gate;
                try {
                    gate = states.gate(current.get());
                } catch (dev.dlirun.domain.model.InvalidInputException e) {
                    gate = new StateChecks.Gate.Refuse("The state to restore cannot be checked: " + e.getMessage()
                            + ".");
                }
                if (gate instanceof StateChecks.Gate.Refuse refused) {
                    LOG.info("Job {} of project {} was not launched: {}", id, projectId, refused.why());
                    fail(projectId, id, launch, refused.why());
                    return;
                }
                StateChecks.Gate.Pass pass = (StateChecks.Gate.Pass) gate;
                pass.note().ifPresent(note -> LOG.info("Job {} of project {} resumes dropping state: {}", id,
                        projectId, note));
                if (!runs.stillToLaunch(projectId, id, launch)) {
                    // Stopped (or replaced, or deleted) while it was checked, or planned: there is nothing to run.
                    runs.apply(projectId, id, launch, new RunEvent.StoppedBeforeLaunch());
                    return;
                }
                try {
                    runtime.launch(new Launch(projectId, id, launch, current.get().definition(),
                            Optional.ofNullable(run.restorePath()), pass.allowNonRestoredState()));
                    // A stop or a delete that came while the launch was under way found nothing to cancel yet.
                    Optional<LocalJob> after = runs.find(projectId, id).filter(job -> job.isLaunch(launch));
                    if (after.isEmpty() || after.get().status() == JobStatus.JOB_CANCELING) {
                        runtime.cancel(launch);
                    }
                    return;
                } catch (LaunchRefusedException e) {
                    LOG.info("Job {} of project {} failed to submit: {}", id, projectId, e.getMessage());
                    fail(projectId, id, launch, e.getMessage());
                    return;
                } catch (RuntimeUnavailableException e) {
                    String why = "Waiting for the job runtime: " + e.getMessage();
                    LOG.warn("Job {} of project {}: {}; trying again in {} s", id, projectId, why, retry.toSeconds());
                    runs.apply(projectId, id, launch, new RunEvent.LaunchWaiting(why));
                    Thread.sleep(retry.toMillis());
                    retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (dev.dlirun.adapters.client.local.catalogue.LeaseLostException e) {
            // Another instance holds the work now: it takes the claim up (the launch, if it went, under the same id).
            LOG.info("Left launch {} of job {} of project {} to the instance that holds the work now: {}", launch, id,
                    projectId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Could not launch job {} of project {}", id, projectId, e);
            fail(projectId, id, launch, "The service could not launch the job: " + RootCauses.describe(e));
        }
    }

    private void fail(ProjectId projectId, JobId id, RuntimeJobId launch, String why) {
        runs.apply(projectId, id, launch, new RunEvent.LaunchFailed(why));
    }

    /** Takes no more launches and abandons those waiting: their jobs stay {@code job_submitting} for the next start. */
    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Launches still under way after 10 s; leaving them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
