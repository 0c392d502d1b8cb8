package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
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
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.port.out.SavepointControl;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.stop.StopRules;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
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
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

/**
 * The embedded job engine, the default backend. Jobs live in a {@link JobCatalogue}; they run in a {@link JobRuntime}
 * (Apache Flink, or a simulation). A request only records intent: checking a job and claiming it
 * ({@code job_submitting}, with the runtime id of its launch) is one durable step of the catalogue, so a job named by
 * concurrent batches is launched once; {@link Launches} then hands it to the runtime, and the {@link StatusObserver}
 * moves its status to what the runtime reports. Every write made after the claim is a compare-and-set on the launch's
 * runtime id and the status it expects, so late news can never undo a newer state.
 */
public final class LocalJobEngine implements JobLookup, JobSubmission, JobStopping, SavepointControl, JobDetailLookup,
        JobStateWatch, JobDefinitions, BackendProbe, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobEngine.class);

    /** The statuses of a job that may have a launch under way or running: what a restart must look at again. */
    static final Set<JobStatus> ACTIVE = Set.of(JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING,
            JobStatus.JOB_RUNNING_EXCEPTION, JobStatus.JOB_CANCELING, JobStatus.JOB_SAVEPOINTING);

    private final JobCatalogue catalogue;
    private final JobRuntime runtime;
    private final Clock clock;
    private final EngineSettings settings;
    private final JobRuns runs;
    private final Launches launches;
    private final StatusObserver observer;
    /** What {@link #noteLeftOver} found; null until then. */
    private volatile List<LocalJob> leftOver;
    private final Savepoints savepoints;
    private final SettlingWaiters waiters;
    private final CleanUps cleanUps;

    /** The engine of {@code catalogue}; it reads nothing of it until {@link #noteLeftOver} or {@link #start}. */
    public LocalJobEngine(JobCatalogue catalogue, JobRuntime runtime, Clock clock, EngineSettings settings) {
        Objects.requireNonNull(catalogue, "catalogue");
        this.waiters = new SettlingWaiters(catalogue);
        // Every write of the engine goes through this one: whoever waits for a job hears of its changes.
        this.catalogue = new WatchedCatalogue(catalogue, waiters::changed, waiters::gone);
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runs = new JobRuns(this.catalogue, clock);
        this.observer = new StatusObserver(runtime, runs, settings.observeInterval());
        this.launches = new Launches(runtime, runs, observer, settings.launchThreads());
        this.savepoints = new Savepoints(this.catalogue, runtime, clock, settings.savepointsKept());
        this.cleanUps = new CleanUps(runtime);
    }

    /**
     * Notes the jobs the catalogue holds starting, running or stopping (left so by a previous run of the service, or
     * by a jobs file), which {@link #start} takes up. Call once the catalogue holds every job it starts with, and
     * before requests are served, so that none of those is a job claimed since.
     */
    public void noteLeftOver() {
        leftOver = catalogue.inStatuses(ACTIVE);
    }

    /**
     * Starts the runtime (in the background) and the observer, and takes up what a previous run of the service left:
     * every job it believed was starting, running or stopping is looked at again once the runtime can be asked (see
     * {@link Reconciliation}). Call once; jobs submitted before are launched once the runtime is ready. Notes the
     * left-over jobs first if {@link #noteLeftOver} was not called.
     */
    public void start() {
        if (leftOver == null) {
            noteLeftOver();
        }
        runtime.start();
        observer.start(new Reconciliation(runtime, runs, launches, observer, leftOver));
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
        // The change may run more than once for a job: the last run's decision (and runtime id) is the one stored.
        Map<JobId, JobOutcome> refusals = new HashMap<>();
        long now = clock.millis();
        Map<JobId, LocalJob> stored = catalogue.updateAll(projectId, ids, current -> {
            Decision decision = RunRules.decide(current.id(), Optional.of(current.toJob()), mode);
            if (decision instanceof Decision.Refuse refuse) {
                refusals.put(current.id(), refuse.outcome());
                return current;
            }
            refusals.remove(current.id());
            JobRun run = current.run();
            String restore = mode.resumesFromSavepoint() ? run.savepointPath() : null;
            return current.with(run.launching(RuntimeJobId.generate(), mode.resumesFromSavepoint(), restore, null, now));
        });
        Map<JobId, JobOutcome> outcomes = new HashMap<>(ids.size() * 2);
        List<LocalJob> claimed = new ArrayList<>(ids.size());
        for (JobId id : ids) {
            LocalJob job = stored.get(id);
            if (job == null) {
                outcomes.put(id, new JobOutcome.NotFound(id));
            } else if (refusals.containsKey(id)) {
                outcomes.put(id, refusals.get(id));
            } else {
                claimed.add(job);
            }
        }
        for (LocalJob job : claimed) {
            outcomes.put(job.id(), launches.launch(job)
                    ? new JobOutcome.Delivered(JobOperation.RUN, job.id())
                    : new JobOutcome.BackendRefused(job.id(), "Job " + job.id() + " could not be launched by the local engine."));
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
        Map<JobId, JobOutcome> refusals = new HashMap<>();
        long now = clock.millis();
        Map<JobId, LocalJob> stored = catalogue.updateAll(projectId, ids, current -> {
            Decision decision = current.run().runtimeJobId() == null
                    ? Decision.refuse(new JobOutcome.NotStoppable(current.id(), current.status()))
                    : StopRules.decide(current.id(), Optional.of(current.toJob()), mode);
            if (decision instanceof Decision.Refuse refuse) {
                refusals.put(current.id(), refuse.outcome());
                return current;
            }
            refusals.remove(current.id());
            return current.with(current.run().moved(
                    mode.takesSavepoint() ? JobStatus.JOB_SAVEPOINTING : JobStatus.JOB_CANCELING, null, now));
        });
        Map<JobId, JobOutcome> outcomes = new HashMap<>();
        for (JobId id : ids) {
            LocalJob job = stored.get(id);
            if (job == null) {
                outcomes.put(id, new JobOutcome.NotFound(id));
            } else if (refusals.containsKey(id)) {
                outcomes.put(id, refusals.get(id));
            } else {
                RuntimeJobId launch = job.run().runtimeJobId();
                if (mode.takesSavepoint()) {
                    stopWithSavepoint(job, launch);
                } else {
                    runtime.cancel(launch).exceptionally(failure -> {
                        // Not launched yet: the launch sees the job canceling and ends it there. Otherwise the
                        // observer settles it from what the runtime reports.
                        LOG.debug("Cancelling launch {} of job {}: {}", launch, id, failure.toString());
                        return null;
                    });
                }
                outcomes.put(id, new JobOutcome.Delivered(JobOperation.STOP, id));
            }
        }
        return outcomes;
    }

    private void stopWithSavepoint(LocalJob job, RuntimeJobId launch) {
        runtime.stopWithSavepoint(launch, job.projectId(), job.id(), settings.savepointTimeout())
                .whenComplete((path, failure) -> {
                    if (failure == null) {
                        savepoints.taken(job.projectId(), job.id(), path, SavepointRecord.Origin.STOP);
                        runs.move(job.projectId(), job.id(), launch, Set.of(JobStatus.JOB_SAVEPOINTING),
                                run -> run.stoppedWithSavepoint(path, clock.millis()));
                        observer.unfollow(launch);
                        savepoints.prune(job.projectId(), job.id());
                    } else {
                        String why = "The job was not stopped: its savepoint failed (" + describe(failure) + ").";
                        LOG.warn("Job {} of project {}: {}", job.id(), job.projectId(), why);
                        runs.move(job.projectId(), job.id(), launch, Set.of(JobStatus.JOB_SAVEPOINTING),
                                run -> run.moved(JobStatus.JOB_RUNNING, why, clock.millis()));
                        // Whatever the job did meanwhile, the observer settles it from the runtime's next report.
                        observer.followAgain(launch, job.projectId(), job.id());
                    }
                });
    }

    /** Why a savepoint failed, in its owner's words: a timeout says so, with the limit. */
    private String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof java.util.concurrent.TimeoutException
                ? "it did not complete within --savepoint-timeout " + settings.savepointTimeout()
                : RootCauses.describe(cause);
    }

    /**
     * Takes a savepoint of the running job into {@code directory} (in the project's savepoint directory) or the job's
     * own; answers once it is under way. When it completes the job's savepoint path names it, unless the job has
     * since been stopped or run again; when it fails, {@code status_desc} says why and the job runs on.
     */
    @Override
    public void triggerSavepoint(ProjectId projectId, JobId id, Optional<String> directory, Deadline deadline) {
        LocalJob job = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        URI target = directory.map(given -> savepoints.paths().resolve(projectId, given))
                .orElseGet(() -> savepoints.jobDirectory(projectId, id));
        RuntimeJobId launch = job.run().runtimeJobId();
        if (job.status() != JobStatus.JOB_RUNNING || launch == null) {
            throw new OperationNotAllowedException("Job " + id + " cannot take a savepoint in status "
                    + job.status().wireName() + "; only a running job can.");
        }
        runtime.triggerSavepoint(launch, target, settings.savepointTimeout()).whenComplete((path, failure) -> {
            if (failure == null) {
                savepoints.taken(projectId, id, path, SavepointRecord.Origin.TRIGGER);
                runs.move(projectId, id, launch, ACTIVE, run -> run.withSavepoint(path, null, clock.millis()));
                savepoints.prune(projectId, id);
            } else {
                String why = "A savepoint triggered at " + java.time.Instant.ofEpochMilli(clock.millis())
                        + " failed (" + describe(failure) + "); the job runs on, its savepoint path unchanged.";
                LOG.warn("Job {} of project {}: {}", id, projectId, why);
                runs.move(projectId, id, launch, Set.of(JobStatus.JOB_RUNNING),
                        run -> run.moved(JobStatus.JOB_RUNNING, why, clock.millis()));
            }
        });
    }

    /**
     * Makes the savepoint at {@code path} (in the project's savepoint directory, holding a {@code _metadata} file) the
     * one the job restores when it is run with {@code resume_savepoint}. The job must not be starting, running or
     * stopping.
     */
    @Override
    public void importSavepoint(ProjectId projectId, JobId id, String path, Deadline deadline) {
        LocalJob job = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        requireStopped(job);
        URI savepoint = savepoints.paths().resolve(projectId, path);
        runtime.unreadableSavepoint(savepoint).ifPresent(why -> {
            throw new InvalidInputException("savepoint_path", "must name a savepoint directory that holds a _metadata "
                    + "file: " + why);
        });
        String imported = savepoint.toString();
        long now = clock.millis();
        LocalJob stored = catalogue.update(projectId, id, current -> ACTIVE.contains(current.status()) ? current
                : current.with(current.run().withSavepoint(imported, current.run().statusDesc(), now)))
                .orElseThrow(() -> new JobNotFoundException(id));
        requireStopped(stored);
        savepoints.taken(projectId, id, imported, SavepointRecord.Origin.IMPORT);
    }

    private static void requireStopped(LocalJob job) {
        if (ACTIVE.contains(job.status())) {
            throw new OperationNotAllowedException("Job " + job.id() + " cannot import a savepoint in status "
                    + job.status().wireName() + "; stop it first.");
        }
    }

    /** Wakes on the catalogue's own writes (the observer's, the launches', the stops'), never polling it. */
    @Override
    public CompletionStage<Map<JobId, JobState>> awaitSettled(ProjectId projectId, Collection<JobId> report,
                                                              Collection<JobId> waitFor, Settling settling,
                                                              Duration atMost) {
        return waiters.await(projectId, report, waitFor, settling, atMost);
    }

    /** A new job, {@code job_init}: its jars checked against the runtime's rules, its SQL not (it is a draft). */
    @Override
    public NewJob create(ProjectId projectId, JobType type, JobFields fields, Deadline deadline) {
        JobDefinition definition = JobDefinition.created(type, fields);
        runtime.checkCode(projectId, definition);
        Instant now = clock.instant();
        LocalJob job = catalogue.create(projectId, id -> LocalJob.created(projectId, id, definition,
                JobStatus.JOB_INIT, false, null, now));
        return new NewJob(job.id(), job.status());
    }

    /**
     * Merges {@code changes} into the job's definition, judged by {@link DefinitionRules} against its status in the
     * same atomic step as the write: a run claimed meanwhile sees either the old definition or the new, never half of
     * each, and a change it makes forbidden is refused.
     */
    @Override
    public Instant update(ProjectId projectId, JobId id, boolean jarEndpoint, JobFields changes, Deadline deadline) {
        LocalJob stored = catalogue.redefine(projectId, id, job -> {
            if (DefinitionRules.decideUpdate(id, job.status(), job.definition(), jarEndpoint, changes)
                    instanceof Decision.Refuse refuse) {
                throw new OperationNotAllowedException(refuse.outcome().message());
            }
            JobDefinition updated = job.definition().updatedWith(changes);
            if (!updated.equals(job.definition())) {
                runtime.checkCode(projectId, updated);
            }
            long now = clock.millis();
            return job.with(updated).with(job.run().moved(job.status(), job.run().statusDesc(), now));
        }).orElseThrow(() -> new JobNotFoundException(id));
        return Instant.ofEpochMilli(stored.updateTime());
    }

    @Override
    public JobPage list(JobQuery query, Deadline deadline) {
        JobCatalogue.Page page = catalogue.list(query);
        return new JobPage(page.totalCount(), page.jobs().stream().map(LocalJob::toDetail).toList());
    }

    /**
     * Removes the jobs from the catalogue at once (a run of them from then on finds nothing to run), then, in the
     * background, cancels the launch of each that had one under way and deletes its checkpoints and savepoints once
     * that has stopped. A launch still being submitted as its job goes cancels itself (see {@link Launches}).
     */
    @Override
    public Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        Map<JobId, JobOutcome> outcomes = new HashMap<>();
        ids.forEach(id -> outcomes.put(id, new JobOutcome.NotFound(id)));
        for (JobCatalogue.Removed removed : catalogue.delete(projectId, ids)) {
            LocalJob job = removed.job();
            outcomes.put(job.id(), new JobOutcome.Delivered(JobOperation.DELETE, job.id()));
            job.run().launch().ifPresent(observer::unfollow);
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

    @Override
    public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
        return catalogue.find(projectId, id).map(LocalJob::toDetail);
    }

    /**
     * Stops following and launching, then closes the runtime: an embedded one stops its jobs, which keep their latest
     * checkpoints and are taken up again when the service starts (see {@link Reconciliation}).
     */
    @Override
    public void close() {
        observer.close();
        launches.close();
        cleanUps.close();
        runtime.close();
        waiters.close();
    }

    /** Writes of a job's run state, each a compare-and-set on the job's latest launch and its status. */
    static final class JobRuns {
        private final JobCatalogue catalogue;
        private final Clock clock;

        JobRuns(JobCatalogue catalogue, Clock clock) {
            this.catalogue = catalogue;
            this.clock = clock;
        }

        long now() {
            return clock.millis();
        }

        Optional<LocalJob> find(ProjectId projectId, JobId id) {
            return catalogue.find(projectId, id);
        }

        /**
         * Applies {@code change} to the job's run if its latest launch is {@code launch} and its status one of
         * {@code from}; otherwise leaves it. Answers the job as stored afterwards.
         */
        Optional<LocalJob> move(ProjectId projectId, JobId id, RuntimeJobId launch, Set<JobStatus> from,
                                UnaryOperator<JobRun> change) {
            return catalogue.update(projectId, id, job -> job.isLaunch(launch) && from.contains(job.status())
                    ? job.with(change.apply(job.run()))
                    : job);
        }

        /** As {@link #move}, for a job without a launch yet (from an older catalogue, or a jobs file). */
        Optional<LocalJob> moveUnlaunched(ProjectId projectId, JobId id, Set<JobStatus> from,
                                          UnaryOperator<JobRun> change) {
            return catalogue.update(projectId, id, job -> job.run().runtimeJobId() == null
                    && from.contains(job.status()) ? job.with(change.apply(job.run())) : job);
        }
    }
}
