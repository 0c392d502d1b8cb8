package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.UpgradeCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.model.UpgradeRecord;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeRequest;
import dev.dlirun.domain.upgrade.UpgradeStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One-call upgrades of running jobs, each a durable state machine kept in the catalogue ({@link UpgradeCatalogue}, one
 * row per upgrade): checking the new version against the running job's latest checkpoint; stopping the job with a
 * savepoint (the engine's own stop); switching its definition to the new version and running it from that savepoint;
 * verifying that it really runs (all its tasks, and a checkpoint of its own completed) within the upgrade's timeout;
 * and, when it does not, cancelling it, switching the definition back and running the previous version from the same
 * savepoint.
 *
 * <p>Every step is recorded before its effect is relied on (the launch id a claim will have, the savepoint a start
 * restores), and every step looks at the job as it is before acting, so a step run twice does nothing twice. Steps run
 * on the engine's timer, one at a time: woken by a write of the job (the observer naming what the runtime reports, a
 * savepoint completing), by a round of their own while an upgrade is unsettled (for timeouts and checkpoints), and,
 * when the service starts, for every upgrade a previous run left unsettled, after the jobs themselves were taken up
 * ({@link Reconciliation}): a kill of the service at any step ends where the upgrade would have ended.
 */
final class Upgrades implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Upgrades.class);

    /** The engine's own stop of a job (its rules, its claim, its savepoint or cancel). */
    @FunctionalInterface
    interface Stops {
        JobOutcome stop(ProjectId projectId, Job job, StopMode mode);
    }

    private record Key(ProjectId projectId, JobId jobId) {
    }

    private final UpgradeCatalogue upgrades;
    private final JobCatalogue catalogue;
    private final JobRuns runs;
    /** Launches a job claimed for its latest launch, once (see {@link ClaimedWork#launch}). */
    private final java.util.function.Predicate<LocalJob> launches;
    private final JobRuntime runtime;
    private final Stops stops;
    private final EngineTimer timer;
    private final Duration round;
    private final Clock clock;
    /** The unsettled upgrade of each job that has one. */
    private final Map<Key, UpgradeId> active = new ConcurrentHashMap<>();
    /** Callers waiting for an upgrade to settle. */
    private final Map<UpgradeId, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean rounds = new AtomicBoolean();
    /** Whether this instance holds the cluster's work: only then are steps taken (any instance sees them settle). */
    private volatile java.util.function.BooleanSupplier holdsWork = () -> true;
    /** Answers waiting callers off the engine's threads. */
    private final ExecutorService answers = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dlirun-upgrade-answer");
        thread.setDaemon(true);
        return thread;
    });

    Upgrades(JobCatalogue catalogue, JobRuns runs, java.util.function.Predicate<LocalJob> launches, JobRuntime runtime,
             Stops stops,
             EngineTimer timer, Duration round, Clock clock) {
        this.catalogue = catalogue;
        this.upgrades = catalogue.upgrades();
        this.runs = runs;
        this.launches = launches;
        this.runtime = runtime;
        this.stops = stops;
        this.timer = timer;
        this.round = round;
        this.clock = clock;
    }

    /**
     * Begins upgrading the running job: the new version's code checked by the runtime's rules, the upgrade recorded
     * ({@code checking}), its steps on the timer from then on.
     *
     * @throws OperationNotAllowedException when the runtime keeps no state to check against, the job is not running,
     *                                      or another upgrade of it has not settled
     */
    JobUpgrade start(ProjectId projectId, JobId id, UpgradeRequest request) {
        if (!runtime.checksState()) {
            throw new OperationNotAllowedException("This service cannot upgrade jobs: its job runtime cannot check "
                    + "a new version against a job's state (a simulated runtime keeps none).");
        }
        LocalJob found = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        JobDefinition candidate = found.definition().updatedWith(request.changes());
        runtime.checkCode(projectId, candidate);
        UpgradeRecord begun;
        synchronized (this) {
            LocalJob job = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
            if (job.status() != JobStatus.JOB_RUNNING || job.run().runtimeJobId() == null) {
                throw new OperationNotAllowedException("Job " + id + " cannot be upgraded in status "
                        + job.status().wireName() + "; only a running job can.");
            }
            Optional<UpgradeRecord> latest = upgrades.latest(projectId, id).filter(upgrade -> !upgrade.settled());
            if (latest.isPresent()) {
                throw new OperationNotAllowedException("Job " + id + " is being upgraded already (upgrade "
                        + latest.get().id() + " is " + latest.get().status().wireName() + "); upgrade it again "
                        + "once that one has settled.");
            }
            begun = UpgradeRecord.begun(UpgradeId.generate(), job, job.definition().updatedWith(request.changes()),
                    request.timeout(), request.allowNonRestoredState(), clock.millis());
            if (begun.changed().isEmpty()) {
                throw new InvalidInputException("body", "changes nothing of job " + id + "'s code or settings: "
                        + "there is nothing to upgrade to");
            }
            upgrades.save(begun);
            active.put(new Key(projectId, id), begun.id());
        }
        LOG.info("Upgrade {} of job {} of project {} begins: {}", begun.id(), id, projectId, begun.changed());
        wake(projectId, begun.id());
        everyRound();
        return begun.toUpgrade();
    }

    /** The job's upgrade {@code upgradeId}, if it has one. */
    Optional<JobUpgrade> find(ProjectId projectId, JobId id, UpgradeId upgradeId) {
        return upgrades.find(projectId, upgradeId).filter(upgrade -> upgrade.jobId().equals(id))
                .map(UpgradeRecord::toUpgrade);
    }

    /** The job's most recently begun upgrade, if it has had one. */
    Optional<JobUpgrade> latest(ProjectId projectId, JobId id) {
        return upgrades.latest(projectId, id).map(UpgradeRecord::toUpgrade);
    }

    /** Completes once the upgrade has settled or {@code atMost} has passed, with the upgrade as it is then. */
    CompletionStage<JobUpgrade> await(ProjectId projectId, JobId id, UpgradeId upgradeId, Duration atMost) {
        if (find(projectId, id, upgradeId).isEmpty()) {
            return CompletableFuture.failedFuture(new JobNotFoundException(id));
        }
        CompletableFuture<Void> settled = new CompletableFuture<>();
        // Registered first, then looked at: a settling in between is seen by one or the other.
        waiting.computeIfAbsent(upgradeId, key -> ConcurrentHashMap.newKeySet()).add(settled);
        // Looked at every round until it settles: another instance may be the one taking its steps.
        active.putIfAbsent(new Key(projectId, id), upgradeId);
        everyRound();
        if (find(projectId, id, upgradeId).filter(JobUpgrade::settled).isPresent() || atMost.isZero()) {
            settled.complete(null);
        }
        CompletableFuture<JobUpgrade> answer = new CompletableFuture<>();
        settled.completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, failure) -> {
            Set<CompletableFuture<Void>> registered = waiting.get(upgradeId);
            if (registered != null) {
                registered.remove(settled);
            }
            try {
                answers.execute(() -> {
                    try {
                        answer.complete(find(projectId, id, upgradeId).orElseThrow(() -> new JobNotFoundException(id)));
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                answer.completeExceptionally(new BackendUnavailableException("the service is stopping"));
            }
        });
        return answer;
    }

    /**
     * Takes up every upgrade a previous run of the service left unsettled, once the jobs themselves were taken up. A
     * new version (or a rollback) being verified gets its whole timeout again from now: the time the service was down
     * says nothing about it.
     */
    void takeUp() {
        long now = clock.millis();
        for (UpgradeRecord upgrade : upgrades.unsettled()) {
            UpgradeRecord taken = upgrade;
            if (upgrade.status() == UpgradeStatus.STOPPING && upgrade.stopAsked()) {
                // Whether the stop was asked for before the service stopped, it is over: asked again if the job runs.
                taken = upgrade.stopping(upgrade.replaced(), false);
                upgrades.save(taken);
            }
            if (upgrade.verifyBy() != null && upgrade.verifyBy() < now + upgrade.timeout().toMillis()) {
                taken = upgrade.starting(upgrade.savepoint(), upgrade.newLaunch(),
                        now + upgrade.timeout().toMillis());
                upgrades.save(taken);
            }
            LOG.info("Taking up upgrade {} of job {} of project {}, left {}", taken.id(), taken.jobId(),
                    taken.projectId(), taken.status().wireName());
            active.put(new Key(taken.projectId(), taken.jobId()), taken.id());
            wake(taken.projectId(), taken.id());
        }
        if (!active.isEmpty()) {
            everyRound();
        }
    }

    /** Takes steps only while {@code holdsWork} says this instance holds the cluster's work. */
    void activeWhile(java.util.function.BooleanSupplier holdsWork) {
        this.holdsWork = holdsWork;
    }

    /**
     * Follows every unsettled upgrade this instance does not follow yet: those begun through other instances, which the
     * holder of the work takes the steps of.
     */
    void adoptNew() {
        boolean adopted = false;
        for (UpgradeRecord upgrade : upgrades.unsettled()) {
            Key key = new Key(upgrade.projectId(), upgrade.jobId());
            if (active.putIfAbsent(key, upgrade.id()) == null) {
                LOG.info("Following upgrade {} of job {} of project {}, begun through another instance", upgrade.id(),
                        upgrade.jobId(), upgrade.projectId());
                wake(upgrade.projectId(), upgrade.id());
                adopted = true;
            }
        }
        if (adopted) {
            everyRound();
        }
    }

    /** Whether this instance follows an unsettled upgrade of the job. */
    boolean follows(ProjectId projectId, JobId id) {
        return active.containsKey(new Key(projectId, id));
    }

    /** The catalogue wrote {@code job}: its unsettled upgrade, if it has one, looks at it. */
    void written(LocalJob job) {
        UpgradeId upgrade = active.get(new Key(job.projectId(), job.id()));
        if (upgrade != null) {
            wake(job.projectId(), upgrade);
        }
    }

    private void wake(ProjectId projectId, UpgradeId upgrade) {
        timer.schedule(() -> advance(projectId, upgrade), Duration.ZERO);
    }

    /** A round of every unsettled upgrade, and the next round while there are any. */
    private void everyRound() {
        if (rounds.compareAndSet(false, true)) {
            timer.schedule(this::round, round);
        }
    }

    private void round() {
        active.forEach((key, upgrade) -> advance(key.projectId(), upgrade));
        rounds.set(false);
        if (!active.isEmpty()) {
            everyRound();
        }
    }

    /** Takes every step the upgrade can take now. */
    void advance(ProjectId projectId, UpgradeId id) {
        try {
            Optional<UpgradeRecord> found = upgrades.find(projectId, id);
            if (found.isEmpty() || found.get().settled()) {
                found.ifPresent(this::settledNow);
                return;
            }
            UpgradeRecord upgrade = found.get();
            if (!holdsWork.getAsBoolean()) {
                return;
            }
            while (!upgrade.settled() && holdsWork.getAsBoolean()) {
                UpgradeRecord next = step(upgrade);
                if (next == upgrade) {
                    return;
                }
                upgrade = next;
            }
        } catch (RuntimeUnavailableException e) {
            LOG.warn("Upgrade {} waits for the job runtime: {}", id, e.getMessage());
        } catch (RuntimeException e) {
            // Tried again at the next round: each step looks at the job before it acts.
            LOG.error("Upgrade {} could not take its next step; trying again", id, e);
        }
    }

    /** One step of the upgrade: the upgrade as saved after it, or {@code upgrade} itself while it waits. */
    private UpgradeRecord step(UpgradeRecord upgrade) {
        Optional<LocalJob> found = catalogue.find(upgrade.projectId(), upgrade.jobId());
        if (found.isEmpty()) {
            return settle(upgrade, UpgradeStatus.FAILED, "Job " + upgrade.jobId() + " was deleted during its "
                    + "upgrade.");
        }
        LocalJob job = found.get();
        return switch (upgrade.status()) {
            case CHECKING -> check(upgrade, job);
            case STOPPING -> stop(upgrade, job);
            case STARTING -> startNewVersion(upgrade, job);
            case VERIFYING -> verify(upgrade, job);
            case ROLLING_BACK -> rollBack(upgrade, job);
            case SUCCEEDED, ROLLED_BACK, REFUSED, FAILED -> upgrade;
        };
    }

    /** The new version against the running job's latest completed checkpoint; nothing changes. */
    private UpgradeRecord check(UpgradeRecord upgrade, LocalJob job) {
        if (job.status() == JobStatus.JOB_SUBMITTING && !job.isLaunch(upgrade.replaced())) {
            // Launched again from its checkpoint by a restart of the service: checked once it runs.
            return upgrade;
        }
        if (job.status() != JobStatus.JOB_RUNNING) {
            return settle(upgrade, UpgradeStatus.REFUSED, "Job " + job.id() + " is no longer running ("
                    + job.status().wireName() + "); nothing was changed.");
        }
        RuntimeJobId launch = job.run().runtimeJobId();
        Optional<String> checkpoint = runtime.latestCheckpoint(job.projectId(), job.id(), launch);
        if (checkpoint.isEmpty()) {
            return settle(upgrade, UpgradeStatus.REFUSED, "Job " + job.id() + " has no completed checkpoint to "
                    + "check the new version against (an upgrade needs checkpoint_enabled and one checkpoint "
                    + "completed); nothing was changed.");
        }
        StateVerdict verdict;
        try {
            verdict = runtime.checkState(new StateCheck(job.projectId(), job.id(), upgrade.candidate(),
                    checkpoint.get(), Optional.of(job.definition()), Optional.of(runtime.version())));
        } catch (InvalidInputException | OperationNotAllowedException e) {
            return settle(upgrade, UpgradeStatus.REFUSED, "The new version could not be checked against the job's "
                    + "state: " + e.getMessage() + " Nothing was changed.");
        }
        UpgradeRecord checked = upgrade.withVerdict(verdict).stopping(launch, false);
        if (!verdict.allowsRestore(upgrade.allowNonRestoredState())) {
            return settle(checked, UpgradeStatus.REFUSED, verdict.describe()
                    + (verdict.kind() == StateVerdict.Kind.DROPS_STATE ? " Upgrade with allow_non_restored_state: "
                    + "true to drop that state." : "") + " Nothing was changed.");
        }
        return save(checked.moved(UpgradeStatus.STOPPING, null, clock.millis()));
    }

    /** The job stopped with a savepoint, by the engine's own stop; the savepoint is what the new version restores. */
    private UpgradeRecord stop(UpgradeRecord upgrade, LocalJob job) {
        RuntimeJobId replaced = upgrade.replaced();
        if (!job.isLaunch(replaced)) {
            if (job.status() == JobStatus.JOB_SUBMITTING) {
                return upgrade;
            }
            if (job.status() == JobStatus.JOB_RUNNING && job.definition().equals(upgrade.previous())) {
                // A restart of the service launched it again from its checkpoint: that launch is stopped instead.
                return save(upgrade.stopping(job.run().runtimeJobId(), false));
            }
            return settle(upgrade, UpgradeStatus.FAILED, "Job " + job.id() + " was stopped or run by someone else "
                    + "before its upgrade stopped it (" + job.status().wireName() + "); the upgrade changed nothing.");
        }
        switch (job.status()) {
            case JOB_RUNNING -> {
                String desc = job.run().statusDesc();
                if (upgrade.stopAsked() && !RunEvent.SAVEPOINT_INTERRUPTED.equals(desc)) {
                    return settle(upgrade, UpgradeStatus.FAILED, (desc == null ? "The job was not stopped." : desc)
                            + " The upgrade changed nothing: the previous version runs on.");
                }
                UpgradeRecord asked = upgrade.stopAsked() ? upgrade : save(upgrade.stopping(replaced, true));
                stops.stop(job.projectId(), job.toJob(), StopMode.WITH_SAVEPOINT);
                return asked == upgrade ? upgrade : asked;
            }
            case JOB_SAVEPOINTING -> {
                return upgrade;
            }
            case JOB_CANCEL_SUCCESS -> {
                if (job.savepointPath() != null && !job.savepointPath().equals(upgrade.savepointBefore())) {
                    return save(upgrade.starting(job.savepointPath(), RuntimeJobId.generate(), null)
                            .moved(UpgradeStatus.STARTING, null, clock.millis()));
                }
                return stoppedBySomeoneElse(upgrade, job);
            }
            default -> {
                if (endedByTheService(job)) {
                    return stoppedWithoutSavepoint(upgrade, job);
                }
                if (job.run().isActive()) {
                    if (clock.millis() > upgrade.updated() + upgrade.timeout().toMillis()) {
                        return settle(upgrade, UpgradeStatus.FAILED, "Job " + job.id() + " did not run again "
                                + "within " + upgrade.timeout().toSeconds() + " s to be stopped with a savepoint ("
                                + job.status().wireName() + "); the upgrade changed nothing.");
                    }
                    return upgrade;
                }
                return stoppedBySomeoneElse(upgrade, job);
            }
        }
    }

    /** The job stopped (cancelled, or failed) without the upgrade's savepoint, not by the upgrade's doing. */
    private UpgradeRecord stoppedBySomeoneElse(UpgradeRecord upgrade, LocalJob job) {
        return settle(upgrade, UpgradeStatus.FAILED, "Job " + job.id() + " stopped without the upgrade's savepoint ("
                + job.status().wireName() + describe(job, ": ", "") + "); the upgrade changed nothing.");
    }

    /**
     * The job's launch ended with the service while its savepoint was being taken (or before it was asked for): the
     * replaced launch's latest checkpoint is restored instead, if it has one.
     */
    private UpgradeRecord stoppedWithoutSavepoint(UpgradeRecord upgrade, LocalJob job) {
        String how = job.status().wireName() + (job.run().statusDesc() == null ? "" : ": "
                + job.run().statusDesc());
        Optional<String> checkpoint = runtime.latestCheckpoint(job.projectId(), job.id(), upgrade.replaced());
        if (checkpoint.isEmpty()) {
            return settle(upgrade, UpgradeStatus.FAILED, "Job " + job.id() + " stopped with the service without the "
                    + "upgrade's savepoint (" + how + ") and has no checkpoint to restore; the upgrade changed nothing: "
                    + "run it again.");
        }
        return save(upgrade.starting(checkpoint.get(), RuntimeJobId.generate(), null).moved(UpgradeStatus.STARTING,
                "The job stopped with the service without the upgrade's savepoint (" + how + "); its latest "
                        + "checkpoint is restored instead.", clock.millis()));
    }

    /** The definition switched to the new version, then the new version claimed and launched from the savepoint. */
    private UpgradeRecord startNewVersion(UpgradeRecord upgrade, LocalJob job) {
        if (job.isLaunch(upgrade.newLaunch())) {
            // Claimed before the service stopped: the restart launched it again, under the same id.
            return verifyFrom(upgrade);
        }
        if (endedByTheService(job) || job.status() == JobStatus.JOB_CANCELING) {
            // A launch the service's restart ended, still followed: cancelled (and seen stopped) first.
            if (job.status() != JobStatus.JOB_CANCELING) {
                stops.stop(job.projectId(), job.toJob(), StopMode.CANCEL);
            }
            return upgrade;
        }
        if (!job.status().isStartable()) {
            return settle(upgrade, UpgradeStatus.FAILED, "Job " + job.id() + " was run by someone else during its "
                    + "upgrade (" + job.status().wireName() + "); the upgrade stops here, the job as it is.");
        }
        if (!claim(job, upgrade.upgraded(job.definition()), dev.dlirun.domain.version.VersionReason.UPGRADE,
                upgrade.newLaunch(), upgrade.savepoint(),
                upgrade.allowNonRestoredState(), upgrade)) {
            return upgrade;
        }
        return verifyFrom(upgrade);
    }

    private UpgradeRecord verifyFrom(UpgradeRecord upgrade) {
        return save(upgrade.starting(upgrade.savepoint(), upgrade.newLaunch(),
                clock.millis() + upgrade.timeout().toMillis()).moved(UpgradeStatus.VERIFYING, null, clock.millis()));
    }

    /**
     * Switches the job to {@code definition} (unless it has it), then claims it for {@code launch} restoring
     * {@code state} and hands it to the launches. Answers whether the claim was made.
     */
    private boolean claim(LocalJob job, JobDefinition definition, dev.dlirun.domain.version.VersionReason why,
                          RuntimeJobId launch, String state, boolean allowNonRestoredState, UpgradeRecord upgrade) {
        if (!definition.equals(job.definition())) {
            // Written as the job's next version, as every change of its definition is.
            runs.redefine(job.projectId(), job.id(), current -> current.status().isStartable()
                    ? definition : current.definition(),
                    dev.dlirun.domain.version.VersionStamp.of(why, job.projectId()));
        }
        Map<JobId, JobOutcome> refused = new HashMap<>();
        Map<JobId, LocalJob> stored = runs.claim(job.projectId(), List.of(job.id()),
                current -> !current.status().isStartable()
                        ? Decision.refuse(new JobOutcome.NotStartable(current.id(), current.status()))
                        : current.definition().equals(definition) ? Decision.ALLOW
                        : Decision.refuse(new JobOutcome.BackendRefused(current.id(), "changed meanwhile")),
                current -> new RunEvent.LaunchClaimed(launch, true, state, allowNonRestoredState), refused);
        LocalJob claimed = stored.get(job.id());
        if (!refused.isEmpty() || claimed == null || !claimed.isLaunch(launch)) {
            LOG.info("Upgrade {}: job {} could not be claimed now: {}", upgrade.id(), job.id(), refused.values());
            return false;
        }
        launches.test(claimed);
        return true;
    }

    /** The new version really runs once all its tasks run and it completed a checkpoint; or it is rolled back. */
    private UpgradeRecord verify(UpgradeRecord upgrade, LocalJob job) {
        long now = clock.millis();
        if (!job.isLaunch(upgrade.newLaunch())) {
            if (job.run().isActive() && job.status() != JobStatus.JOB_CANCELING
                    && job.definition().equals(upgrade.upgraded(job.definition()))) {
                // A restart of the service launched the new version again from its checkpoint: that is verified.
                return save(upgrade.starting(upgrade.savepoint(), job.run().runtimeJobId(), upgrade.verifyBy()));
            }
            return settle(upgrade, UpgradeStatus.FAILED, "Job " + job.id() + " was stopped or run by someone else "
                    + "while its new version was being verified (" + job.status().wireName() + "); the upgrade "
                    + "stops here, the job as it is.");
        }
        String seconds = upgrade.timeout().toSeconds() + " s";
        return switch (job.status()) {
            case JOB_RUNNING -> {
                if (runtime.latestCheckpoint(job.projectId(), job.id(), upgrade.newLaunch()).isPresent()) {
                    yield settle(upgrade, UpgradeStatus.SUCCEEDED, null);
                }
                yield now > upgrade.verifyBy() ? rollBackBecause(upgrade, "The new version ran, but completed no "
                        + "checkpoint within " + seconds + ".") : upgrade;
            }
            case JOB_SUBMITTING -> now > upgrade.verifyBy() ? rollBackBecause(upgrade, "The new version did not get "
                    + "all its tasks running within " + seconds + describe(job, " (", ")") + ".") : upgrade;
            case JOB_RUNNING_EXCEPTION -> endedByTheService(job)
                    ? save(upgrade.starting(upgrade.savepoint(), RuntimeJobId.generate(), null).moved(
                    UpgradeStatus.STARTING, "The new version stopped with the service before it was verified ("
                            + job.run().statusDesc() + "); it is started again from the same state.", now))
                    : rollBackBecause(upgrade, "The new version failed (" + job.status().wireName()
                    + describe(job, ": ", "") + ").");
            case JOB_SUBMIT_FAIL -> rollBackBecause(upgrade, "The new version failed ("
                    + job.status().wireName() + describe(job, ": ", "") + ").");
            default -> settle(upgrade, UpgradeStatus.FAILED, "The new version was stopped ("
                    + job.status().wireName() + ") before it was verified; the upgrade stops here, the job as it is.");
        };
    }

    /**
     * Whether the job's launch was ended by the service rather than by the job: a restart of the service found it gone
     * (lost by its runtime, stopped with the service without a checkpoint, or interrupted while its savepoint was being
     * taken). Such a launch says nothing about the job's code.
     */
    private static boolean endedByTheService(LocalJob job) {
        String desc = job.run().statusDesc();
        return job.status() == JobStatus.JOB_RUNNING_EXCEPTION && (RunEvent.LOST.equals(desc)
                || RunEvent.STOPPED_WITHOUT_CHECKPOINT.equals(desc) || RunEvent.SAVEPOINT_INTERRUPTED.equals(desc));
    }

    /** The job's status_desc between {@code before} and {@code after}; nothing when it has none. */
    private static String describe(LocalJob job, String before, String after) {
        String desc = job.run().statusDesc();
        return desc == null ? "" : before + desc + after;
    }

    private UpgradeRecord rollBackBecause(UpgradeRecord upgrade, String why) {
        LOG.warn("Upgrade {} of job {} of project {} rolls back: {}", upgrade.id(), upgrade.jobId(),
                upgrade.projectId(), why);
        return save(upgrade.rollingBackAs(RuntimeJobId.generate()).moved(UpgradeStatus.ROLLING_BACK, why,
                clock.millis()));
    }

    /**
     * The new version cancelled, the definition switched back, the previous version claimed and launched from the same
     * savepoint, and watched until all its tasks run.
     */
    private UpgradeRecord rollBack(UpgradeRecord upgrade, LocalJob job) {
        RuntimeJobId back = upgrade.rollbackLaunch();
        long now = clock.millis();
        if (job.isLaunch(back)) {
            return switch (job.status()) {
                case JOB_RUNNING -> settle(upgrade, UpgradeStatus.ROLLED_BACK, upgrade.why() + " The previous "
                        + "version runs again, from " + upgrade.savepoint() + ".");
                case JOB_SUBMITTING -> upgrade.verifyBy() != null && now > upgrade.verifyBy()
                        ? settle(upgrade, UpgradeStatus.FAILED, upgrade.why() + " The previous version did not get "
                        + "all its tasks running within " + upgrade.timeout().toSeconds() + " s either; it is left "
                        + "starting, from " + upgrade.savepoint() + ".")
                        : upgrade;
                case JOB_RUNNING_EXCEPTION -> endedByTheService(job)
                        // Stopped with the service before it ran: run again, as a launch of its own.
                        ? save(upgrade.rollingBackAs(RuntimeJobId.generate()))
                        : settle(upgrade, UpgradeStatus.FAILED, upgrade.why() + " The previous version, run again "
                        + "from " + upgrade.savepoint() + ", did not run either (" + job.status().wireName()
                        + describe(job, ": ", "") + ").");
                default -> settle(upgrade, UpgradeStatus.FAILED, upgrade.why() + " The previous version, run again "
                        + "from " + upgrade.savepoint() + ", did not run either (" + job.status().wireName()
                        + describe(job, ": ", "") + ").");
            };
        }
        if (job.run().isActive()) {
            if (RunEvent.RESTARTED_FROM_CHECKPOINT.equals(job.run().statusDesc())
                    && job.definition().equals(upgrade.rolledBack(job.definition()))) {
                // The previous version, launched again from its checkpoint by a restart of the service: followed.
                return save(upgrade.rollingBackAs(job.run().runtimeJobId()));
            }
            if (job.status() != JobStatus.JOB_CANCELING) {
                stops.stop(job.projectId(), job.toJob(), StopMode.CANCEL);
            }
            return upgrade;
        }
        if (!claim(job, upgrade.rolledBack(job.definition()),
                dev.dlirun.domain.version.VersionReason.UPGRADE_ROLLED_BACK, back, upgrade.savepoint(), false,
                upgrade)) {
            return upgrade;
        }
        return save(upgrade.starting(upgrade.savepoint(), upgrade.newLaunch(), now + upgrade.timeout().toMillis()));
    }

    private UpgradeRecord settle(UpgradeRecord upgrade, UpgradeStatus status, String why) {
        UpgradeRecord settled = save(upgrade.moved(status, why, clock.millis()));
        LOG.info("Upgrade {} of job {} of project {} {}{}", settled.id(), settled.jobId(), settled.projectId(),
                status.wireName(), settled.why() == null ? "" : ": " + settled.why());
        return settled;
    }

    private UpgradeRecord save(UpgradeRecord upgrade) {
        upgrades.save(upgrade);
        if (upgrade.settled()) {
            settledNow(upgrade);
        }
        return upgrade;
    }

    private void settledNow(UpgradeRecord upgrade) {
        active.remove(new Key(upgrade.projectId(), upgrade.jobId()), upgrade.id());
        Set<CompletableFuture<Void>> waiters = waiting.remove(upgrade.id());
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.complete(null));
        }
    }

    @Override
    public void close() {
        answers.shutdownNow();
    }
}
