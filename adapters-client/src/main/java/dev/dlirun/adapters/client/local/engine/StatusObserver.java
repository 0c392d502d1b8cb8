package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;
import dev.dlirun.adapters.client.local.engine.alert.ClusterReachability;
import dev.dlirun.adapters.client.local.engine.alert.RestartLoops;
import dev.dlirun.adapters.client.local.model.AlertKind;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
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
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The engine's one eye on the runtime. It follows the launch of every job the catalogue's writes say is starting,
 * running or stopping ({@link #written}), and of those a restart of the service found still running, looks at the runtime once a round for all of them, and tells each job's run what the runtime
 * reports, as an event: {@link RunEvent.TasksRunning} only once all of its tasks run, {@link RunEvent.Failing} while it
 * fails and restarts, {@link RunEvent.Failed} once it failed for good (with the runtime's root cause),
 * {@link RunEvent.Finished} when it ended by itself, {@link RunEvent.Cancelled} when it was cancelled, and
 * {@link RunEvent.Gone} when the runtime no longer has it. The launch of a job that was deleted is followed until it
 * has stopped, and then reported to whoever cleans up after it.
 */
final class StatusObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusObserver.class);
    /** Rounds a launched job may be missing from the runtime's report before it counts as gone. */
    private static final int ROUNDS_BEFORE_GONE = 3;
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
    private final class Followed {
        final ProjectId projectId;
        final JobId id;
        final long followedAt = System.nanoTime();
        /** The job's status as the catalogue's latest write of it said. */
        volatile JobStatus status;
        /** The job was deleted: its launch is followed until it stopped, and nothing is written. */
        volatile boolean deleted;
        volatile ObservedJob lastSeen;
        int roundsMissing;

        Followed(ProjectId projectId, JobId id, JobStatus status) {
            this.projectId = projectId;
            this.id = id;
            this.status = status;
        }

        /**
         * Whether the job is on its way somewhere (being launched, starting, its tasks not all running yet, being
         * cancelled or deleted) and was followed recently: then a caller waits for its next status, and a quick look
         * pays.
         */
        boolean changing(RuntimeJobId launch) {
            if (System.nanoTime() - followedAt > QUICK_FOR.toNanos()) {
                return false;
            }
            ObservedJob seen = lastSeen;
            return deleted || launching.test(launch) || seen == null || seen.state() == ObservedJob.State.STARTING
                    || seen.state() == ObservedJob.State.CANCELLING
                    || (seen.state() == ObservedJob.State.RUNNING && !seen.allTasksRunning());
        }
    }

    private final JobRuntime runtime;
    private final JobRuns runs;
    private final Predicate<RuntimeJobId> launching;
    private final Consumer<RuntimeJobId> deletedLaunchStopped;
    private final EngineTimer timer;
    private final Duration interval;
    private final Duration quickInterval;
    private final Map<RuntimeJobId, Followed> followed = new ConcurrentHashMap<>();
    /** The launch this thread's round is telling its job about, while it writes: its own write, not another's. */
    private static final ThreadLocal<RuntimeJobId> TELLING = new ThreadLocal<>();
    private volatile boolean unreachable;
    /** Whether this instance holds the work: a round while it does not looks at nothing. */
    private volatile BooleanSupplier active = () -> true;
    /** Restart loops and an unreachable cluster, which no single report says: alerts when alerts are configured. */
    private final RestartLoops<RuntimeJobId> restartLoops;
    private final ClusterReachability reachability;
    private final AlertSettings alerts;
    /** Checkpoints that stop completing while a job runs: alerts when alerts are configured. */
    private final CheckpointWatch checkpoints;

    /**
     * @param launching            whether a launch is still being handed to the runtime (its absence from the
     *                             runtime's report then means nothing)
     * @param deletedLaunchStopped told of each launch of a deleted job once it has stopped
     * @param interval             how often a round comes; five times as often while a job followed recently is still
     *                             changing and few are followed, so that its new status shows soon after the runtime
     *                             reports it
     */
    StatusObserver(JobRuntime runtime, JobRuns runs, Predicate<RuntimeJobId> launching,
                   Consumer<RuntimeJobId> deletedLaunchStopped, EngineTimer timer, Duration interval) {
        this(runtime, runs, launching, deletedLaunchStopped, timer, interval, AlertSettings.NONE);
    }

    /** As above, telling {@code runs} of restart loops and of the cluster's reachability as {@code alerts} define them. */
    StatusObserver(JobRuntime runtime, JobRuns runs, Predicate<RuntimeJobId> launching,
                   Consumer<RuntimeJobId> deletedLaunchStopped, EngineTimer timer, Duration interval,
                   AlertSettings alerts) {
        this.alerts = alerts;
        this.restartLoops = new RestartLoops<>(alerts.restartLoopCount(), alerts.restartLoopWindow());
        this.reachability = new ClusterReachability(alerts.unreachableGrace());
        this.checkpoints = new CheckpointWatch(runtime, runs, alerts);
        this.runtime = runtime;
        this.runs = runs;
        this.launching = launching;
        this.deletedLaunchStopped = deletedLaunchStopped;
        this.timer = timer;
        this.interval = interval;
        this.quickInterval = interval.dividedBy(5);
    }

    /** Starts the rounds (once), each skipped while {@code active} says this instance does not hold the work. */
    void start(BooleanSupplier active) {
        this.active = active;
        timer.schedule(this::roundAndNext, Duration.ZERO);
    }

    /**
     * Follows the launches of {@code taken} too: jobs a previous run of the service (or the instance that held the work
     * before) left, which the runtime still has or which were launched again (see {@link Reconciliation}).
     */
    void follow(Collection<LocalJob> taken) {
        taken.forEach(job -> job.run().launch().ifPresent(launch -> followed.computeIfAbsent(launch,
                key -> new Followed(job.projectId(), job.id(), job.status()))));
        taken.forEach(checkpoints::written);
    }

    /**
     * Follows nothing any more: another instance holds the work, and follows every job from what the catalogue says
     * when it takes it over. The launches of deleted jobs are left to their clean-up's own time limit.
     */
    void forgetAll() {
        followed.keySet().forEach(launch -> {
            restartLoops.forget(launch);
            checkpoints.forget(launch);
        });
        followed.clear();
    }

    /**
     * The catalogue wrote {@code job}: the launch of a job starting, running or stopping is followed; a job no longer
     * active is not. A status another writer set (a stop, a savepoint) makes the next report count even if the runtime
     * says what it said. A write alone never starts following a job in {@code job_running_exception}: a job gets there
     * from a failure of a launch already followed, or when its launch ended ({@link RunEvent.Gone}).
     */
    void written(LocalJob job) {
        checkpoints.written(job);
        RuntimeJobId launch = job.run().runtimeJobId();
        if (launch == null) {
            return;
        }
        if (!job.run().isActive()) {
            followed.computeIfPresent(launch, (key, known) -> known.deleted ? known : null);
            return;
        }
        boolean own = launch.equals(TELLING.get());
        followed.compute(launch, (key, known) -> {
            if (known == null) {
                return job.status() == JobStatus.JOB_RUNNING_EXCEPTION ? null
                        : new Followed(job.projectId(), job.id(), job.status());
            }
            if (known.status == job.status() || known.deleted) {
                return known;
            }
            if (own) {
                // What this observer just told the job: the round that told it records what it saw.
                known.status = job.status();
                return known;
            }
            // Another writer moved the job: followed afresh, whatever a round under way does with the old entry.
            return new Followed(job.projectId(), job.id(), job.status());
        });
    }

    /** The catalogue deleted {@code job}: its launch, if it may run, is followed until it has stopped. */
    void removed(LocalJob job) {
        RuntimeJobId launch = job.run().runtimeJobId();
        if (launch != null && job.run().isActive()) {
            followed.compute(launch, (key, known) -> {
                Followed deleted = known != null ? known : new Followed(job.projectId(), job.id(), job.status());
                deleted.deleted = true;
                return deleted;
            });
        }
    }

    private void roundAndNext() {
        long cpuBefore = cpuTime();
        round();
        boolean quick = followed.size() <= QUICK_UP_TO
                && followed.entrySet().stream().anyMatch(entry -> entry.getValue().changing(entry.getKey()));
        timer.schedule(this::roundAndNext, Duration.ofNanos(pause(quick ? quickInterval : interval,
                cpuTime() - cpuBefore)));
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

    private void round() {
        try {
            if (followed.isEmpty() || !active.getAsBoolean() || !runtime.awaitReady(Duration.ZERO)) {
                return;
            }
            Map<RuntimeJobId, ObservedJob> report = runtime.observe();
            if (unreachable) {
                LOG.info("The job runtime answers again");
                unreachable = false;
            }
            reachability.reachable(runs.now())
                    .ifPresent(kind -> runs.raiseAboutTheCluster(kind, null));
            followed.forEach((launch, job) -> {
                ObservedJob seen = report.get(launch);
                if (job.deleted) {
                    if (!launching.test(launch) && (seen == null || seen.state().isTerminal())) {
                        drop(launch, job);
                    }
                } else if (seen == null) {
                    missing(launch, job);
                } else {
                    job.roundsMissing = 0;
                    ObservedJob before = job.lastSeen;
                    if (!seen.equals(before) && settle(launch, job, seen)) {
                        job.lastSeen = seen;
                        if (seen.state() == ObservedJob.State.FAILING
                                && (before == null || before.state() != ObservedJob.State.FAILING)) {
                            restarting(launch, job);
                        }
                        if (seen.state().isTerminal()) {
                            drop(launch, job);
                        }
                    }
                    if (!seen.state().isTerminal()) {
                        checkpoints.seen(launch, job.status, seen);
                    }
                }
            });
        } catch (RuntimeUnavailableException e) {
            if (!unreachable) {
                LOG.warn("Cannot follow jobs: {}", e.getMessage());
                unreachable = true;
            }
            try {
                reachability.unreachable(runs.now())
                        .ifPresent(kind -> runs.raiseAboutTheCluster(kind, e.getMessage()));
            } catch (RuntimeException failed) {
                LOG.error("Could not raise the alert of an unreachable runtime", failed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (dev.dlirun.adapters.client.local.catalogue.LeaseLostException e) {
            // Another instance holds the work now; the lease's keeper tells the engine, which forgets these jobs.
            LOG.info("The observer wrote nothing: {}", e.getMessage());
        } catch (RuntimeException e) {
            // A round that fails must not end the observer: the next one tries again.
            LOG.error("A round of the job observer failed", e);
        }
    }

    /**
     * The launch fails anew (the runtime reports it failing after it was not): one restart. Enough of them within the
     * window make a restart loop, alerted once.
     */
    private void restarting(RuntimeJobId launch, Followed job) {
        if (restartLoops.failed(launch, runs.now())) {
            LOG.warn("Launch {} of job {} of project {} keeps restarting: {} failures within {}", launch, job.id,
                    job.projectId, alerts.restartLoopCount(), alerts.restartLoopWindow());
            runs.raise(job.projectId, job.id, launch, AlertKind.JOB_RESTART_LOOP, stored -> alerts.restartLoopCount()
                    + " restarts within " + alerts.restartLoopWindow().toSeconds() + " s; the latest failure: "
                    + stored.run().statusDesc());
        }
    }

    private void missing(RuntimeJobId launch, Followed job) {
        if (launching.test(launch) || ++job.roundsMissing < ROUNDS_BEFORE_GONE) {
            return;
        }
        LOG.warn("Launch {} of job {} of project {} is no longer known to the runtime", launch, job.id, job.projectId);
        tell(launch, job, new RunEvent.Gone(RunEvent.LOST));
        drop(launch, job);
    }

    /**
     * Stops following {@code launch}, unless another writer has made it followed afresh meanwhile; the launch of a job
     * deleted meanwhile is reported stopped.
     */
    private void drop(RuntimeJobId launch, Followed job) {
        restartLoops.forget(launch);
        boolean[] deleted = {false};
        followed.computeIfPresent(launch, (key, current) -> {
            if (current != job) {
                return current;
            }
            deleted[0] = current.deleted;
            return null;
        });
        if (!followed.containsKey(launch)) {
            checkpoints.forget(launch);
        }
        if (deleted[0]) {
            deletedLaunchStopped.accept(launch);
        }
    }

    /**
     * Tells the job what {@code seen} says. Answers {@code false} when it could not be told now (the cause of a failure
     * could not be read): the next round tries again.
     */
    private boolean settle(RuntimeJobId launch, Followed job, ObservedJob seen) {
        RunEvent event = switch (seen.state()) {
            case RUNNING -> seen.allTasksRunning() ? new RunEvent.TasksRunning() : null;
            case FAILING, FAILED -> {
                Failure failure = failure(launch);
                if (failure == null) {
                    yield null;
                }
                yield seen.state() == ObservedJob.State.FAILING ? new RunEvent.Failing(failure.cause())
                        : new RunEvent.Failed(failure.beforeRunning(), failure.cause());
            }
            case CANCELLING -> new RunEvent.CancellingOutside();
            case CANCELED -> new RunEvent.Cancelled();
            case FINISHED -> new RunEvent.Finished();
            case STARTING, SUSPENDED -> null;
        };
        if (event != null) {
            tell(launch, job, event);
        }
        return event != null || (seen.state() != ObservedJob.State.FAILING && seen.state() != ObservedJob.State.FAILED);
    }

    private void tell(RuntimeJobId launch, Followed job, RunEvent event) {
        TELLING.set(launch);
        try {
            runs.apply(job.projectId, job.id, launch, event);
        } finally {
            TELLING.remove();
        }
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
        timer.close();
    }
}
