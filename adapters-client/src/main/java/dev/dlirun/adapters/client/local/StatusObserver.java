package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Follows every job the engine launched, with one look at the runtime for all of them per round, and moves each job's
 * status to what the runtime reports: {@code job_running} only once all of its tasks run; {@code job_running_exception}
 * while it fails and restarts, or once it failed for good; {@code job_submit_fail} when it failed before it ever ran;
 * {@code job_finish} when it ended by itself; {@code job_cancel_success} when it was cancelled (by a stop, or behind
 * the service's back). Abnormal statuses carry the runtime's root cause. It is the only writer of observed states, and
 * each write is a compare-and-set on the launch and the status it moves from.
 */
final class StatusObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusObserver.class);
    /** Rounds a launched job may be missing from the runtime's report before it counts as lost. */
    private static final int ROUNDS_BEFORE_LOST = 3;
    static final String CANCELLED_OUTSIDE = "The job was cancelled outside this service (e.g. in Flink's web UI).";
    static final String LOST = "The job runtime no longer knows this job (its cluster may have restarted, or forgotten "
            + "the ended job); run it again.";

    private static final Set<JobStatus> ALIVE = Set.of(JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING,
            JobStatus.JOB_RUNNING_EXCEPTION);
    private static final Set<JobStatus> STARTING_OR_RUNNING = Set.of(JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING);

    /** How long after it is followed a job that is still changing is looked at in quick rounds. */
    private static final Duration QUICK_FOR = Duration.ofSeconds(60);
    /**
     * Quick rounds only while the observer follows at most this many jobs: a round's cost grows with them, and under a
     * stream of launches the rounds would take the cores from the requests.
     */
    private static final int QUICK_UP_TO = 200;
    /**
     * After a round, the observer waits at least this many times the processor time the round took: however many jobs
     * it follows, it takes at most a quarter of one core from the requests. A round that mostly waits for the runtime's
     * answer (a remote cluster's) costs little processor time and is not slowed.
     */
    static final int PACE = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A launch the observer follows; {@code lastSeen} is what it last acted on, so unchanged reports cost nothing. */
    private static final class Followed {
        final ProjectId projectId;
        final JobId id;
        final long followedAt = System.nanoTime();
        volatile boolean launching;
        ObservedJob lastSeen;
        int roundsMissing;

        Followed(ProjectId projectId, JobId id, boolean launching) {
            this.projectId = projectId;
            this.id = id;
            this.launching = launching;
        }

        /**
         * Whether the job is on its way somewhere (being launched, starting, its tasks not all running yet, being
         * cancelled) and was followed recently: then a caller waits for its next status, and a quick look pays.
         */
        boolean changing() {
            if (System.nanoTime() - followedAt > QUICK_FOR.toNanos()) {
                return false;
            }
            ObservedJob seen = lastSeen;
            return launching || seen == null || seen.state() == ObservedJob.State.STARTING
                    || seen.state() == ObservedJob.State.CANCELLING
                    || (seen.state() == ObservedJob.State.RUNNING && !seen.allTasksRunning());
        }
    }

    private final JobRuntime runtime;
    private final LocalJobEngine.JobRuns runs;
    private final Duration interval;
    private final Duration quickInterval;
    private final Map<RuntimeJobId, Followed> followed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile Reconciliation reconciliation;
    private volatile boolean unreachable;

    StatusObserver(JobRuntime runtime, LocalJobEngine.JobRuns runs, Duration interval) {
        this.runtime = runtime;
        this.runs = runs;
        this.interval = interval;
        this.quickInterval = interval.dividedBy(5);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "dlirun-observer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /**
     * Starts observing; {@code pending}, the jobs a previous run of the service left, is reconciled first. A round
     * comes every {@code interval}, or five times as often while a job followed recently is still changing (starting,
     * its tasks not all running, being cancelled) and the observer follows few jobs, so that its new status shows soon
     * after the runtime reports it.
     */
    void start(Reconciliation pending) {
        this.reconciliation = pending;
        timer.schedule(this::roundAndNext, 0, TimeUnit.NANOSECONDS);
    }

    private void roundAndNext() {
        long cpuBefore = cpuTime();
        round();
        boolean quick = followed.size() <= QUICK_UP_TO && followed.values().stream().anyMatch(Followed::changing);
        long pause = pause(quick ? quickInterval : interval, cpuTime() - cpuBefore);
        try {
            timer.schedule(this::roundAndNext, pause, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the observer is closing
        }
    }

    /**
     * How long to wait after a round that took {@code roundCpuNanos} of processor time, when the next round is due
     * {@code due} later: {@link #PACE} times the round's time when that is longer. With hundreds of thousands of jobs
     * followed (the simulated runtime's never end) a round takes a few hundred milliseconds, and rounds one after the
     * other took a whole core from the requests.
     */
    static long pause(Duration due, long roundCpuNanos) {
        return Math.max(due.toNanos(), PACE * Math.max(0, roundCpuNanos));
    }

    /** This thread's processor time so far, or 0 where the JVM cannot tell. */
    private static long cpuTime() {
        long nanos = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        return Math.max(0, nanos);
    }

    /** Follows {@code launch} of a job; {@code launching} while it is still being handed to the runtime. */
    void follow(RuntimeJobId launch, ProjectId projectId, JobId id, boolean launching) {
        followed.put(launch, new Followed(projectId, id, launching));
    }

    /** The runtime has {@code launch} now: from here on, its absence from the runtime's report means something. */
    void launched(RuntimeJobId launch) {
        Followed job = followed.get(launch);
        if (job != null) {
            job.launching = false;
        }
    }

    /** Follows {@code launch} again as new, so that the next report settles its status whatever it was. */
    void followAgain(RuntimeJobId launch, ProjectId projectId, JobId id) {
        follow(launch, projectId, id, false);
    }

    void unfollow(RuntimeJobId launch) {
        followed.remove(launch);
    }

    private void round() {
        try {
            boolean ready = runtime.awaitReady(Duration.ZERO);
            Reconciliation pending = reconciliation;
            // Jobs that stopped with the service need no runtime to be taken up: their statuses say so at once, and
            // their launches wait for it. Those that may outlive the service are looked for once it answers.
            if (pending != null && (ready || !runtime.jobsOutliveTheService())) {
                pending.run();
                reconciliation = null;
            }
            if (!ready || followed.isEmpty()) {
                return;
            }
            Map<RuntimeJobId, ObservedJob> report = runtime.observe();
            if (unreachable) {
                LOG.info("The job runtime answers again");
                unreachable = false;
            }
            followed.forEach((launch, job) -> {
                ObservedJob seen = report.get(launch);
                if (seen == null) {
                    missing(launch, job);
                } else {
                    job.roundsMissing = 0;
                    if (!seen.equals(job.lastSeen) && settle(launch, job, seen)) {
                        job.lastSeen = seen;
                        if (seen.state().isTerminal()) {
                            followed.remove(launch, job);
                        }
                    }
                }
            });
        } catch (RuntimeUnavailableException e) {
            if (!unreachable) {
                LOG.warn("Cannot follow jobs: {}", e.getMessage());
                unreachable = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A round that fails must not end the observer: the next one tries again.
            LOG.error("A round of the job observer failed", e);
        }
    }

    private void missing(RuntimeJobId launch, Followed job) {
        if (job.launching || ++job.roundsMissing < ROUNDS_BEFORE_LOST) {
            return;
        }
        LOG.warn("Launch {} of job {} of project {} is no longer known to the runtime", launch, job.id, job.projectId);
        move(launch, job, Set.of(JobStatus.JOB_CANCELING), JobStatus.JOB_CANCEL_SUCCESS, null);
        move(launch, job, ALIVE, JobStatus.JOB_RUNNING_EXCEPTION, LOST);
        move(launch, job, Set.of(JobStatus.JOB_SAVEPOINTING), JobStatus.JOB_RUNNING_EXCEPTION, LOST);
        followed.remove(launch, job);
    }

    /**
     * Moves the job to what {@code seen} says. Answers {@code false} when it could not be settled now (the cause of a
     * failure could not be read): the next round tries again.
     */
    private boolean settle(RuntimeJobId launch, Followed job, ObservedJob seen) {
        switch (seen.state()) {
            case RUNNING -> {
                if (seen.allTasksRunning()) {
                    move(launch, job, Set.of(JobStatus.JOB_SUBMITTING), run -> run.running(runs.now()));
                    move(launch, job, Set.of(JobStatus.JOB_RUNNING_EXCEPTION), JobStatus.JOB_RUNNING, null);
                }
            }
            case FAILING -> {
                Failure failure = failure(launch);
                if (failure == null) {
                    return false;
                }
                move(launch, job, STARTING_OR_RUNNING, JobStatus.JOB_RUNNING_EXCEPTION, failure.cause());
            }
            case FAILED -> {
                Failure failure = failure(launch);
                if (failure == null) {
                    return false;
                }
                move(launch, job, ALIVE, failure.beforeRunning() ? JobStatus.JOB_SUBMIT_FAIL
                        : JobStatus.JOB_RUNNING_EXCEPTION, failure.cause());
            }
            case CANCELLING -> move(launch, job, ALIVE, JobStatus.JOB_CANCELING, CANCELLED_OUTSIDE);
            case CANCELED -> {
                move(launch, job, Set.of(JobStatus.JOB_CANCELING),
                        run -> run.moved(JobStatus.JOB_CANCEL_SUCCESS, run.statusDesc(), runs.now()));
                move(launch, job, ALIVE, JobStatus.JOB_CANCEL_SUCCESS, CANCELLED_OUTSIDE);
            }
            // A job stopped with a savepoint finishes too: its stop settles it, with the savepoint's path.
            case FINISHED -> move(launch, job, ALIVE, JobStatus.JOB_FINISH, null);
            case STARTING, SUSPENDED -> {
            }
        }
        return true;
    }

    private void move(RuntimeJobId launch, Followed job, Set<JobStatus> from, JobStatus to, String why) {
        move(launch, job, from, run -> run.moved(to, why, runs.now()));
    }

    private void move(RuntimeJobId launch, Followed job, Set<JobStatus> from, UnaryOperator<JobRun> change) {
        runs.move(job.projectId, job.id, launch, from, change);
    }

    private Failure failure(RuntimeJobId launch) {
        try {
            return runtime.failure(launch);
        } catch (RuntimeUnavailableException e) {
            LOG.debug("Cannot read why launch {} failed yet: {}", launch, e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
