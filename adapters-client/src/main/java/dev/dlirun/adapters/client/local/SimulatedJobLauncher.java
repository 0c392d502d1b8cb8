package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Pretends to launch: a job is running a fixed delay after it was submitted. No Flink is involved; it gives the
 * embedded engine the life cycle of a real one ({@code job_submitting}, then {@code job_running}).
 */
public final class SimulatedJobLauncher implements JobLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedJobLauncher.class);

    private final Duration launchDelay;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public SimulatedJobLauncher(Duration launchDelay, Clock clock) {
        if (launchDelay.isNegative()) {
            throw new IllegalArgumentException("the launch delay cannot be negative: " + launchDelay);
        }
        this.launchDelay = launchDelay;
        this.clock = Objects.requireNonNull(clock, "clock");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "simulated-job-launcher");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    @Override
    public void launch(LocalJob job, StartMode mode, Listener listener) {
        launchAll(List.of(job), mode, listener);
    }

    /** One timer task for the whole batch: they were submitted together and take the same time to get running. */
    @Override
    public void launchAll(List<LocalJob> jobs, StartMode mode, Listener listener) {
        if (jobs.isEmpty()) {
            return;
        }
        ProjectId projectId = jobs.get(0).projectId();
        if (jobs.stream().anyMatch(job -> !job.projectId().equals(projectId))) {
            throw new IllegalArgumentException("a batch launch is for the jobs of one project");
        }
        List<JobId> ids = jobs.stream().map(LocalJob::id).toList();
        try {
            timer.schedule(() -> {
                LOG.debug("Jobs {} of project {} are running (resumed from savepoint: {})",
                        ids, projectId, mode.resumesFromSavepoint());
                listener.allRunning(projectId, ids, clock.instant());
            }, launchDelay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the launcher is closed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
