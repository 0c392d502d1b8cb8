package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.WatchedCatalogue;
import dev.dlirun.adapters.client.local.engine.alert.AlertDeliverer;
import dev.dlirun.adapters.client.local.engine.alert.AlertRules;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.definition.DefinitionRules;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.port.out.JobDefinitions;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobInsight;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.port.out.SavepointControl;
import dev.dlirun.domain.port.out.JobGraphs;
import dev.dlirun.domain.port.out.JobVersions;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.stop.StopRules;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionStamp;
import dev.dlirun.domain.wait.Settling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The embedded job engine, the default backend. Jobs live in a {@link JobCatalogue}; they run in a {@link JobRuntime}
 * (Apache Flink, or a simulation). A request only records intent: checking a job and claiming it
 * ({@code job_submitting}, with the runtime id of its launch) is one durable step of the catalogue, so a job named by
 * concurrent batches is launched once; {@link Launches} then hands it to the runtime, and the {@link StatusObserver}
 * tells the job what the runtime reports. Every change of a job's run is a {@link RunEvent} that {@link JobRuns}
 * writes, by compare-and-set on the job's launch and the statuses the event may leave, so late news can never undo a
 * newer state.
 */
public final class LocalJobEngine implements JobLookup, JobSubmission, JobStopping, SavepointControl, JobDetailLookup,
        JobStateWatch, JobDefinitions, BackendProbe, JobInsight, JobGraphs, JobVersions,
        dev.dlirun.domain.port.out.JobStateChecks, dev.dlirun.domain.port.out.JobUpgrades, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobEngine.class);

    private final JobCatalogue catalogue;
    private final JobRuntime runtime;
    private final Clock clock;
    private final EngineSettings settings;
    private final EngineTimer timer;
    private final JobRuns runs;
    /** The writer of the background work (observing, launching, reconciling, upgrading): fenced by the lease. */
    private final JobRuns backgroundRuns;
    /** Whether this instance does the cluster's background work now: always when it is alone on its catalogue. */
    private final Leadership leadership;
    /** The catalogue as it is, for what other instances wrote (the watched one tells of this one's writes). */
    private final JobCatalogue raw;
    private final ClaimedWork claimedWork;
    /**
     * Whether this holding's take-up has run: until then, one of several instances acts on no claim (the take-up looks
     * at each, as Flink has it, first). An instance alone acts at once: its take-up covers only what it found at start.
     */
    private volatile boolean takenUp;
    /** Whether the observer's rounds have begun (once, at the first holding of the work). */
    private boolean observing;
    /** The subscription to other instances' writes; none for an instance alone. */
    private volatile AutoCloseable listening;
    private final Launches launches;
    private final StatusObserver observer;
    /** What {@link #noteLeftOver} found; null until then. */
    private volatile List<LocalJob> leftOver;
    private final Savepoints savepoints;
    private final StateChecks states;
    private final SettlingWaiters waiters;
    private final CleanUps cleanUps;
    /** Sends the alerts the catalogue's outbox holds; idle when no alert channel is configured. */
    private final AlertDeliverer alertDeliverer;
    private final LocalTemplates templates;
    private final JobInsights insights;
    private final Versions versions;
    private final Upgrades upgrades;

    /** The engine of {@code catalogue}; it reads nothing of it until {@link #noteLeftOver} or {@link #start}. */
    public LocalJobEngine(JobCatalogue catalogue, JobRuntime runtime, Clock clock, EngineSettings settings) {
        this(catalogue, runtime, clock, settings, EngineTimer.onThread("dlirun-observer"));
    }

    /** As the public constructor, its timed work (the take-up of left-over jobs, the observer's rounds) on {@code timer}. */
    LocalJobEngine(JobCatalogue catalogue, JobRuntime runtime, Clock clock, EngineSettings settings,
                   EngineTimer timer) {
        this(catalogue, runtime, clock, settings, timer, AlertRules.NONE);
    }

    /**
     * As the public constructor, raising alerts as {@code alerts} say: each written to the catalogue's outbox with the
     * change that causes it, and delivered from there once the engine {@link #start starts}.
     */
    public LocalJobEngine(JobCatalogue catalogue, JobRuntime runtime, Clock clock, EngineSettings settings,
                          AlertRules alerts) {
        this(catalogue, runtime, clock, settings, EngineTimer.onThread("dlirun-observer"), alerts);
    }

    LocalJobEngine(JobCatalogue catalogue, JobRuntime runtime, Clock clock, EngineSettings settings,
                   EngineTimer timer, AlertRules alerts) {
        this(catalogue, runtime, clock, settings, timer, alerts, Leadership.ALONE);
    }

    /**
     * As the public constructor, one of several instances sharing {@code catalogue} in front of one Flink cluster: every
     * instance serves requests; the background work is done by the one {@code leadership} says holds it, and written
     * under its fence.
     */
    public LocalJobEngine(JobCatalogue catalogue, JobRuntime runtime, Clock clock, EngineSettings settings,
                          AlertRules alerts, Leadership leadership) {
        this(catalogue, runtime, clock, settings, EngineTimer.onThread("dlirun-observer"), alerts, leadership);
    }

    LocalJobEngine(JobCatalogue catalogue, JobRuntime runtime, Clock clock, EngineSettings settings,
                   EngineTimer timer, AlertRules alerts, Leadership leadership) {
        Objects.requireNonNull(catalogue, "catalogue");
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.raw = catalogue;
        Objects.requireNonNull(alerts, "alerts");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.waiters = new SettlingWaiters(catalogue);
        // Every write of the engine goes through this one: whoever waits for a job, and the observer, hear of it.
        this.catalogue = new WatchedCatalogue(catalogue, this::written, this::removed);
        this.runs = new JobRuns(this.catalogue, clock, alerts);
        this.backgroundRuns = leadership == Leadership.ALONE ? runs : new JobRuns(new WatchedCatalogue(
                leadership.fence(catalogue), this::written, this::removed), clock, alerts);
        this.alertDeliverer = new AlertDeliverer(catalogue.alertOutbox(), alerts.settings(), clock,
                leadership::held);
        this.cleanUps = new CleanUps(runtime);
        this.savepoints = new Savepoints(this.catalogue, runs, backgroundRuns, runtime, clock, settings);
        // A savepoint's writer: the version of the job whose run took it (none for one from before versions).
        this.states = new StateChecks(this.catalogue, runtime, savepoints.paths(), record -> record.version() > 0
                ? this.catalogue.version(record.projectId(), record.jobId(), record.version())
                .map(dev.dlirun.domain.version.JobVersion::definition) : Optional.empty());
        this.launches = new Launches(runtime, backgroundRuns, states, settings.launchThreads());
        this.observer = new StatusObserver(runtime, backgroundRuns, launches::underWay, cleanUps::launchStopped, timer,
                settings.observeInterval(), alerts.settings());
        this.claimedWork = new ClaimedWork(launches, runtime, savepoints);
        this.templates = new LocalTemplates(catalogue.templates(), clock);
        this.insights = new JobInsights(this.catalogue, runtime);
        this.versions = new Versions(this.catalogue, runs, runtime);
        this.upgrades = new Upgrades(this.catalogue, backgroundRuns, claimedWork::launch, runtime,
                (projectId, job, mode) -> stop(projectId, List.of(job), mode, Deadline.after(Duration.ofMinutes(1)))
                        .get(job.id()),
                timer, settings.observeInterval(), clock);
        this.upgrades.activeWhile(leadership::held);
    }

    /** The engine's Flink SQL job templates, which a job can be created from. */
    public LocalTemplates templates() {
        return templates;
    }

    private void written(LocalJob job) {
        try {
            if (leadership.held()) {
                observer.written(job);
                if (leadership == Leadership.ALONE || takenUp) {
                    claimedWork.act(job);
                }
            }
        } finally {
            try {
                waiters.changed(job);
            } finally {
                upgrades.written(job);
            }
        }
    }

    private void removed(LocalJob job) {
        try {
            observer.removed(job);
        } finally {
            waiters.gone(job);
        }
    }

    /**
     * Notes the jobs the catalogue holds starting, running or stopping (left so by a previous run of the service, or
     * by a jobs file), which {@link #start} takes up. Call once the catalogue holds every job it starts with, and
     * before requests are served, so that none of those is a job claimed since.
     */
    public void noteLeftOver() {
        leftOver = catalogue.inStatuses(JobRun.activeStatuses());
    }

    /**
     * Starts the runtime (in the background), takes up what a previous run of the service left (every job it believed
     * was starting, running or stopping is looked at again once the runtime can be asked: see
     * {@link Reconciliation}), then starts the observer. Call once; jobs submitted before are launched once the
     * runtime is ready. Notes the left-over jobs first if {@link #noteLeftOver} was not called.
     */
    public void start() {
        if (leftOver == null) {
            noteLeftOver();
        }
        runtime.start();
        alertDeliverer.start();
        if (leadership != Leadership.ALONE) {
            listening = raw.listen(this::heard, this::missedSome);
        }
        leadership.listen(new Leadership.Listener() {
            @Override
            public void gained(long token) {
                timer.schedule(LocalJobEngine.this::takeOver, Duration.ZERO);
            }

            @Override
            public void lost(String why) {
                timer.schedule(LocalJobEngine.this::stepDown, Duration.ZERO);
            }
        });
    }

    /**
     * This instance holds the cluster's work from now on: the jobs left active (by a previous run of the service, or
     * by the instance that held the work before) are taken up, then followed. An instance alone takes up what it noted
     * at its start; one of several what the catalogue holds active now.
     */
    private void takeOver() {
        if (!leadership.held()) {
            return;
        }
        if (leadership != Leadership.ALONE) {
            leftOver = catalogue.inStatuses(JobRun.activeStatuses());
        }
        takeUpLeftOver();
    }

    /** Another instance holds the cluster's work now: this one stops following and acting until it holds it again. */
    private void stepDown() {
        // Even when this instance holds the work again already (a new token): what it knew belongs to the old holding,
        // and the takeover queued behind this takes everything up afresh.
        takenUp = false;
        observer.forgetAll();
        claimedWork.forget();
    }

    /**
     * Another instance wrote the job: whoever here waits for it is told, and, while this instance holds the work, the
     * observer and the claims hear of it. A job nobody here needs is not read.
     */
    private void heard(ProjectId projectId, JobId id) {
        if (!leadership.held() && !waiters.waitsFor(projectId, id) && !upgrades.follows(projectId, id)) {
            return;
        }
        try {
            Optional<LocalJob> job = raw.find(projectId, id);
            if (job.isPresent()) {
                written(job.get());
            } else {
                waiters.gone(projectId, id);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read job {} of project {}, which another instance wrote: {}", id, projectId,
                    e.toString());
        }
    }

    /** Some writes of other instances may have gone unheard (the catalogue's connection broke): read again. */
    private void missedSome() {
        try {
            if (leadership.held()) {
                catalogue.inStatuses(JobRun.activeStatuses()).forEach(this::written);
            }
            waiters.recheck();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the jobs again after missing some of other instances' writes: {}",
                    e.toString());
        }
    }

    /**
     * Reconciles the left-over jobs, then starts the observer; tried again a round later while the runtime cannot be
     * asked. Jobs that stopped with the service need no runtime to be taken up: their statuses say so at once, and
     * their launches wait for it. Those that may outlive the service are looked for once it answers.
     */
    private void takeUpLeftOver() {
        if (!leadership.held()) {
            return;
        }
        List<LocalJob> toFollow;
        try {
            if (!leftOver.isEmpty() && runtime.jobsOutliveTheService() && !runtime.awaitReady(Duration.ZERO)) {
                timer.schedule(this::takeUpLeftOver, settings.observeInterval());
                return;
            }
            toFollow = new Reconciliation(runtime, backgroundRuns, claimedWork::launch,
                    leadership != Leadership.ALONE ? claimedWork::act : null).run(leftOver);
        } catch (RuntimeUnavailableException e) {
            LOG.warn("Cannot take up the jobs left when the service last stopped yet: {}", e.getMessage());
            timer.schedule(this::takeUpLeftOver, settings.observeInterval());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (dev.dlirun.adapters.client.local.catalogue.LeaseLostException e) {
            LOG.info("Another instance holds the cluster's work now; it takes the jobs up: {}", e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.error("Taking up the jobs left when the service last stopped failed; trying again", e);
            timer.schedule(this::takeUpLeftOver, settings.observeInterval());
            return;
        }
        if (!leadership.held()) {
            return;
        }
        observer.follow(toFollow);
        takenUp = true;
        if (!observing) {
            observing = true;
            observer.start(leadership::held);
            if (leadership != Leadership.ALONE) {
                timer.schedule(this::holderRound, HOLDER_ROUND);
            }
        }
        upgrades.takeUp();
    }

    /**
     * How often the holder of the work looks at every claim and every upgrade in the catalogue, beside what it hears:
     * a notification it could not act on (the catalogue failed as it read the job, or it did not hold the work for a
     * moment) is made up for within this time.
     */
    private static final Duration HOLDER_ROUND = Duration.ofSeconds(1);

    private void holderRound() {
        try {
            if (leadership.held()) {
                catalogue.inStatuses(java.util.Set.of(JobStatus.JOB_SUBMITTING, JobStatus.JOB_CANCELING,
                        JobStatus.JOB_SAVEPOINTING)).forEach(this::written);
                upgrades.adoptNew();
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not look at the claims and upgrades of other instances: {}", e.toString());
        } finally {
            timer.schedule(this::holderRound, HOLDER_ROUND);
        }
    }

    @Override
    public Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
        Map<JobId, Job> found = catalogue.lookUp(projectId, jobIds);
        Map<JobId, JobLookupResult> results = new HashMap<>(jobIds.size() * 2);
        for (JobId id : jobIds) {
            Job job = found.get(id);
            results.put(id, job == null ? JobLookupResult.MISSING : new JobLookupResult.Found(job));
        }
        return results;
    }

    /**
     * Claims every job the rules let start in one durable step of the catalogue, each with the runtime id its launch
     * will have; then hands those to the runtime.
     */
    @Override
    public Map<JobId, JobOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline) {
        List<JobId> ids = jobs.stream().map(Job::id).toList();
        Map<JobId, JobOutcome> outcomes = new HashMap<>(ids.size() * 2);
        Map<JobId, LocalJob> stored = runs.claim(projectId, ids,
                current -> RunRules.decide(current.id(), Optional.of(current.toJob()), mode),
                current -> new RunEvent.LaunchClaimed(RuntimeJobId.generate(), mode.resumesFromSavepoint(),
                        mode.resumesFromSavepoint() ? current.run().savepointPath() : null,
                        mode.allowsNonRestoredState()),
                outcomes);
        List<LocalJob> claimed = new ArrayList<>(ids.size());
        for (JobId id : ids) {
            LocalJob job = stored.get(id);
            if (job == null) {
                outcomes.put(id, new JobOutcome.NotFound(id));
            } else if (!outcomes.containsKey(id)) {
                claimed.add(job);
            }
        }
        // Launched by the instance that holds the cluster's work, as it hears of the claim (this one, if it holds it).
        for (LocalJob job : claimed) {
            outcomes.put(job.id(), new JobOutcome.Delivered(JobOperation.RUN, job.id()));
        }
        return outcomes;
    }

    /**
     * Stops jobs, each judged again by {@link StopRules} as it is claimed for the stop: a running job with a savepoint
     * when asked ({@code job_savepointing}, then {@code job_cancel_success} with the savepoint, or back to
     * {@code job_running} saying why the savepoint failed); without one, a running, starting or failing job is
     * cancelled ({@code job_canceling}, then {@code job_cancel_success}). The statuses follow as the runtime reports;
     * this returns once each job's stop is under way.
     */
    @Override
    public Map<JobId, JobOutcome> stop(ProjectId projectId, List<Job> jobs, StopMode mode, Deadline deadline) {
        List<JobId> ids = jobs.stream().map(Job::id).toList();
        Map<JobId, JobOutcome> outcomes = new HashMap<>(ids.size() * 2);
        Map<JobId, LocalJob> stored = runs.claim(projectId, ids,
                current -> current.run().runtimeJobId() == null
                        ? Decision.refuse(new JobOutcome.NotStoppable(current.id(), current.status()))
                        : StopRules.decide(current.id(), Optional.of(current.toJob()), mode),
                current -> new RunEvent.StopClaimed(mode),
                outcomes);
        for (JobId id : ids) {
            LocalJob job = stored.get(id);
            if (job == null) {
                outcomes.put(id, new JobOutcome.NotFound(id));
            } else if (!outcomes.containsKey(id)) {
                // Made by the instance that holds the cluster's work, as it hears of the claim (see ClaimedWork).
                outcomes.put(id, new JobOutcome.Delivered(JobOperation.STOP, id));
            }
        }
        return outcomes;
    }

    /**
     * Takes a savepoint of the running job into {@code directory} (in the project's savepoint directory) or the job's
     * own; answers once it is under way. When it completes the job's savepoint path names it, unless the job has
     * since been stopped or run again; when it fails, {@code status_desc} says why and the job runs on.
     */
    @Override
    public void triggerSavepoint(ProjectId projectId, JobId id, Optional<String> directory, Deadline deadline) {
        savepoints.trigger(projectId, id, directory);
    }

    /**
     * Makes the savepoint at {@code path} (in the project's savepoint directory, holding a {@code _metadata} file) the
     * one the job restores when it is run with {@code resume_savepoint}. The job must not be starting, running or
     * stopping.
     */
    @Override
    public void importSavepoint(ProjectId projectId, JobId id, String path, Deadline deadline) {
        savepoints.importInto(projectId, id, path);
    }

    /**
     * The job's savepoint history, as the catalogue keeps it (what {@code --savepoints-kept} leaves of the savepoints
     * the service took, and every import), and the one its savepoint path names.
     */
    @Override
    public JobSavepoints history(ProjectId projectId, JobId id, Deadline deadline) {
        return savepoints.history(projectId, id);
    }

    /** Wakes on the catalogue's own writes (the observer's, the launches', the stops'), never polling it. */
    @Override
    public CompletionStage<Map<JobId, JobState>> awaitSettled(ProjectId projectId, Collection<JobId> report,
                                                              Collection<JobId> waitFor, Settling settling,
                                                              Duration atMost) {
        return waiters.await(projectId, report, waitFor, settling, atMost);
    }

    /**
     * A new job, {@code job_init}: its jars checked against the runtime's rules, its SQL not (it is a draft). A job
     * that names a template and brings no SQL gets the template's. Its version 1 is written with it.
     */
    @Override
    public NewJob create(ProjectId projectId, JobType type, JobFields fields, Deadline deadline) {
        return create(projectId, type, fields, VersionReason.CREATE);
    }

    /** As {@link #create(ProjectId, JobType, JobFields, Deadline)}, its first version made {@code why}. */
    NewJob create(ProjectId projectId, JobType type, JobFields fields, VersionReason why) {
        JobDefinition definition = JobDefinition.created(type, templates.withTemplateSql(projectId, fields));
        runtime.checkCode(projectId, definition);
        Instant now = clock.instant();
        LocalJob job = catalogue.create(projectId, id -> LocalJob.created(projectId, id, definition,
                JobStatus.JOB_INIT, false, null, now), VersionStamp.of(why, projectId));
        return new NewJob(job.id(), job.status());
    }

    /**
     * Merges {@code changes} into the job's definition, judged by {@link DefinitionRules} against its status in the
     * same atomic step as the write: a run claimed meanwhile sees either the old definition or the new, never half of
     * each, and a change it makes forbidden is refused. A change of the definition is written with its next version.
     */
    @Override
    public dev.dlirun.domain.definition.JobUpdate update(ProjectId projectId, JobId id, boolean jarEndpoint,
                                                        JobFields changes, Deadline deadline) {
        JobCatalogue.Redefined stored = redefine(projectId, id, jarEndpoint, changes, VersionReason.UPDATE);
        Instant when = Instant.ofEpochMilli(stored.job().updateTime());
        // A stopped job with a savepoint: what a resume of the changed job would find, kept with the new version.
        Optional<dev.dlirun.domain.state.StateVerdict> verdict = stored.version()
                .flatMap(version -> states.afterChange(stored.job()));
        verdict.ifPresent(found -> catalogue.recordVerdict(projectId, id, stored.version().orElseThrow().number(),
                found));
        return new dev.dlirun.domain.definition.JobUpdate(when, verdict);
    }

    /** As {@link #update(ProjectId, JobId, boolean, JobFields, Deadline)}, the version it makes made {@code why}. */
    Instant update(ProjectId projectId, JobId id, boolean jarEndpoint, JobFields changes, VersionReason why) {
        return Instant.ofEpochMilli(redefine(projectId, id, jarEndpoint, changes, why).job().updateTime());
    }

    private JobCatalogue.Redefined redefine(ProjectId projectId, JobId id, boolean jarEndpoint, JobFields changes,
                                            VersionReason why) {
        JobCatalogue.Redefined stored = runs.redefine(projectId, id, job -> {
            if (DefinitionRules.decideUpdate(id, job.status(), job.definition(), jarEndpoint, changes)
                    instanceof Decision.Refuse refuse) {
                throw new OperationNotAllowedException(refuse.outcome().message());
            }
            JobDefinition updated = job.definition().updatedWith(changes);
            if (!updated.equals(job.definition())) {
                runtime.checkCode(projectId, updated);
            }
            return updated;
        }, VersionStamp.of(why, projectId)).orElseThrow(() -> new JobNotFoundException(id));
        return stored;
    }

    /** The job's versions, newest first, as the catalogue keeps them. */
    @Override
    public VersionPage versions(VersionQuery query, Deadline deadline) {
        return versions.list(query);
    }

    @Override
    public JobVersion version(ProjectId projectId, JobId id, int version, Deadline deadline) {
        return versions.show(projectId, id, version);
    }

    /**
     * Makes the version's definition the job's again (a new version), and its savepoint at stop, while the job's
     * history still holds it, the one a run with {@code resume_savepoint} restores. The job must be stopped.
     */
    @Override
    public JobVersion rollback(ProjectId projectId, JobId id, int version, Deadline deadline) {
        return versions.rollback(projectId, id, version);
    }

    @Override
    public JobPage list(JobQuery query, Deadline deadline) {
        JobCatalogue.Page page = catalogue.list(query);
        return new JobPage(page.totalCount(), page.jobs().stream().map(LocalJob::toDetail).toList());
    }

    /**
     * Removes the jobs from the catalogue at once (a run of them from then on finds nothing to run), then, in the
     * background, cancels the launch of each that had one under way and deletes its checkpoints and savepoints once
     * the observer has seen it stop. A launch still being submitted as its job goes cancels itself (see {@link Launches}).
     */
    @Override
    public Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        Map<JobId, JobOutcome> outcomes = new HashMap<>();
        ids.forEach(id -> outcomes.put(id, new JobOutcome.NotFound(id)));
        for (JobCatalogue.Removed removed : catalogue.delete(projectId, ids)) {
            LocalJob job = removed.job();
            outcomes.put(job.id(), new JobOutcome.Delivered(JobOperation.DELETE, job.id()));
            cleanUps.cleanUp(job, removed.savepoints());
        }
        return outcomes;
    }

    @Override
    public void probe(Deadline deadline) {
        try {
            catalogue.ping();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("the local engine's catalogue cannot be used", e);
        }
        Optional<String> notReady = runtime.notReady();
        if (notReady.isPresent()) {
            throw new BackendUnavailableException(notReady.get());
        }
    }

    /**
     * Which instance this is and whether it holds the cluster's background work, when it is one of several; nothing
     * for an instance alone.
     */
    @Override
    public Map<String, String> details() {
        if (!(leadership instanceof Membership membership)) {
            return Map.of();
        }
        Membership.Status status = membership.status();
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("instance", status.instanceId());
        details.put("holds_cluster_work", String.valueOf(status.holdsWork()));
        if (status.holdsWork()) {
            details.put("lease_token", String.valueOf(status.token()));
        }
        status.lastError().ifPresent(error -> details.put("lease_problem", error));
        return details;
    }

    /**
     * Checks the job's SQL as its next run would plan it, with the check's fields in place of the job's own (the job
     * does not change); the runtime plans it, or says it cannot.
     */
    @Override
    public GraphVerdict graph(ProjectId projectId, JobId id, GraphCheck check, Deadline deadline) {
        LocalJob job = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        return runtime.checkGraph(projectId, id, job.definition().updatedWith(check.overrides()), check.type());
    }

    /**
     * Checks, as a dry run, whether the job's state restores into the job with the request's changes (see
     * {@link StateChecks#dryRun}); the runtime checks offline, or says it cannot.
     */
    @Override
    public dev.dlirun.domain.state.StateCheckResult checkState(ProjectId projectId, JobId id,
                                                               dev.dlirun.domain.state.StateCheckRequest request,
                                                               Deadline deadline) {
        return states.dryRun(projectId, id, request);
    }

    /**
     * Begins a one-call upgrade of the running job (see {@link Upgrades}): answers once it is recorded; its steps go
     * on in the engine, and after a restart of the service.
     */
    @Override
    public dev.dlirun.domain.upgrade.JobUpgrade startUpgrade(ProjectId projectId, JobId id,
                                                             dev.dlirun.domain.upgrade.UpgradeRequest request,
                                                             Deadline deadline) {
        return upgrades.start(projectId, id, request);
    }

    @Override
    public Optional<dev.dlirun.domain.upgrade.JobUpgrade> findUpgrade(ProjectId projectId, JobId id,
                                                                      dev.dlirun.domain.upgrade.UpgradeId upgradeId,
                                                                      Deadline deadline) {
        return upgrades.find(projectId, id, upgradeId);
    }

    @Override
    public Optional<dev.dlirun.domain.upgrade.JobUpgrade> latestUpgrade(ProjectId projectId, JobId id,
                                                                        Deadline deadline) {
        return upgrades.latest(projectId, id);
    }

    /** Wakes when the upgrade saves its settling, never polling for it. */
    @Override
    public CompletionStage<dev.dlirun.domain.upgrade.JobUpgrade> awaitUpgrade(
            ProjectId projectId, JobId id, dev.dlirun.domain.upgrade.UpgradeId upgradeId, Duration atMost) {
        return upgrades.await(projectId, id, upgradeId, atMost);
    }

    @Override
    public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
        return catalogue.find(projectId, id).map(LocalJob::toDetail);
    }

    @Override
    public dev.dlirun.domain.insight.ExecutionGraph executionGraph(ProjectId projectId, JobId id, Deadline deadline) {
        return insights.executionGraph(projectId, id, deadline);
    }

    @Override
    public Map<JobId, dev.dlirun.domain.insight.JobMetrics> metrics(ProjectId projectId, List<JobId> ids,
                                                                    Deadline deadline) {
        return insights.metrics(projectId, ids, deadline);
    }

    @Override
    public dev.dlirun.domain.insight.JobExceptions exceptions(ProjectId projectId, JobId id, Deadline deadline) {
        return insights.exceptions(projectId, id, deadline);
    }

    @Override
    public dev.dlirun.domain.insight.JobCheckpoints checkpoints(ProjectId projectId, JobId id, Deadline deadline) {
        return insights.checkpoints(projectId, id, deadline);
    }

    /**
     * Stops following and launching, then closes the runtime: an embedded one stops its jobs, which keep their latest
     * checkpoints and are taken up again when the service starts (see {@link Reconciliation}).
     */
    @Override
    public void close() {
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                LOG.debug("Closing the subscription to other instances' writes: {}", e.toString());
            }
        }
        alertDeliverer.close();
        timer.close();
        launches.close();
        cleanUps.close();
        runtime.close();
        waiters.close();
        upgrades.close();
    }
}
