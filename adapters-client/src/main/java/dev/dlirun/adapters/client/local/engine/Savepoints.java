package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.version.JobVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The savepoints of the local engine's jobs: a stop with a savepoint, a triggered savepoint and an import, each
 * naming the event its outcome is to the job's run; where savepoints go, which paths a caller may name, their
 * history, and its retention: of the savepoints the service took of a job, the newest {@code kept} stay; older ones are deleted, never
 * the one the job's savepoint path names (what a resume restores), and never an imported one (the caller's files).
 */
final class Savepoints {

    private static final Logger LOG = LoggerFactory.getLogger(Savepoints.class);

    private final JobCatalogue catalogue;
    private final JobRuns runs;
    private final JobRuns stopOutcomes;
    private final JobRuntime runtime;
    private final Clock clock;
    private final Duration timeout;
    private final int kept;
    private final SavepointPaths paths;

    Savepoints(JobCatalogue catalogue, JobRuns runs, JobRuntime runtime, Clock clock, EngineSettings settings) {
        this(catalogue, runs, runs, runtime, clock, settings);
    }

    /**
     * As above, the outcome of a stop with a savepoint (which the holder of the cluster's work makes) written by
     * {@code stopOutcomes}, fenced by its lease; a triggered savepoint's and an import's (a request's own) by
     * {@code runs}.
     */
    Savepoints(JobCatalogue catalogue, JobRuns runs, JobRuns stopOutcomes, JobRuntime runtime, Clock clock,
               EngineSettings settings) {
        this.catalogue = catalogue;
        this.runs = runs;
        this.stopOutcomes = stopOutcomes;
        this.runtime = runtime;
        this.clock = clock;
        this.timeout = settings.savepointTimeout();
        this.kept = settings.savepointsKept();
        this.paths = new SavepointPaths(runtime.savepointStorage());
    }

    /** Stops the job, claimed for a stop with a savepoint, by taking its savepoint; its run follows the outcome. */
    void stopWithSavepoint(LocalJob job, RuntimeJobId launch) {
        runtime.stopWithSavepoint(launch, job.projectId(), job.id(), timeout)
                .whenComplete((path, failure) -> {
                    if (failure == null) {
                        taken(job.projectId(), job.id(), path, SavepointRecord.Origin.STOP);
                        stopOutcomes.apply(job.projectId(), job.id(), launch,
                                new RunEvent.StoppedWithSavepoint(path));
                        prune(job.projectId(), job.id());
                    } else {
                        String why = "The job was not stopped: its savepoint failed (" + describe(failure) + ").";
                        LOG.warn("Job {} of project {}: {}", job.id(), job.projectId(), why);
                        // Whatever the job did meanwhile, the observer settles it from the runtime's next report.
                        stopOutcomes.apply(job.projectId(), job.id(), launch,
                                new RunEvent.StopWithSavepointFailed(why));
                    }
                });
    }

    /** Why a savepoint failed, in its owner's words: a timeout says so, with the limit. */
    private String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof java.util.concurrent.TimeoutException
                ? "it did not complete within --savepoint-timeout " + timeout
                : RootCauses.describe(cause);
    }

    /**
     * Takes a savepoint of the running job into {@code directory} (in the project's savepoint directory) or the job's
     * own; answers once it is under way. When it completes the job's savepoint path names it, unless the job has
     * since been stopped or run again; when it fails, {@code status_desc} says why and the job runs on.
     */
    void trigger(ProjectId projectId, JobId id, Optional<String> directory) {
        LocalJob job = runs.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        URI target = directory.map(given -> paths.resolve(projectId, given))
                .orElseGet(() -> jobDirectory(projectId, id));
        RuntimeJobId launch = job.run().runtimeJobId();
        if (job.status() != JobStatus.JOB_RUNNING || launch == null) {
            throw new OperationNotAllowedException("Job " + id + " cannot take a savepoint in status "
                    + job.status().wireName() + "; only a running job can.");
        }
        runtime.triggerSavepoint(launch, target, timeout).whenComplete((path, failure) -> {
            if (failure == null) {
                taken(projectId, id, path, SavepointRecord.Origin.TRIGGER);
                runs.apply(projectId, id, launch, new RunEvent.SavepointTaken(path));
                prune(projectId, id);
            } else {
                String why = "A savepoint triggered at " + java.time.Instant.ofEpochMilli(clock.millis())
                        + " failed (" + describe(failure) + "); the job runs on, its savepoint path unchanged.";
                LOG.warn("Job {} of project {}: {}", id, projectId, why);
                runs.apply(projectId, id, launch, new RunEvent.TriggeredSavepointFailed(why));
            }
        });
    }

    /**
     * Makes the savepoint at {@code path} (in the project's savepoint directory, holding a {@code _metadata} file) the
     * one the job restores when it is run with {@code resume_savepoint}. The job must not be starting, running or
     * stopping.
     */
    void importInto(ProjectId projectId, JobId id, String path) {
        LocalJob job = runs.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        requireStopped(job);
        URI savepoint = paths.resolve(projectId, path);
        runtime.unreadableSavepoint(savepoint).ifPresent(why -> {
            throw new InvalidInputException("savepoint_path", "must name a savepoint directory that holds a _metadata "
                    + "file: " + why);
        });
        String imported = savepoint.toString();
        LocalJob stored = runs.applyToAnyLaunch(projectId, id, new RunEvent.SavepointImported(imported))
                .orElseThrow(() -> new JobNotFoundException(id));
        requireStopped(stored);
        taken(projectId, id, imported, SavepointRecord.Origin.IMPORT);
    }

    private static void requireStopped(LocalJob job) {
        if (job.run().isActive()) {
            throw new OperationNotAllowedException("Job " + job.id() + " cannot import a savepoint in status "
                    + job.status().wireName() + "; stop it first.");
        }
    }


    /**
     * The job's savepoint history as the catalogue keeps it, and the one its savepoint path names. The job is read
     * before its history: a savepoint joins the history before the job's path names it, so the path read first is
     * one the history read after holds (unless it came from elsewhere, e.g. a jobs file).
     */
    JobSavepoints history(ProjectId projectId, JobId id) {
        LocalJob job = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        return new JobSavepoints(id, Optional.ofNullable(job.savepointPath()), catalogue.savepoints(projectId, id)
                .stream()
                .map(record -> new JobSavepoints.Savepoint(record.path(), record.takenAt(), origin(record.origin())))
                .toList());
    }

    private static JobSavepoints.Origin origin(SavepointRecord.Origin origin) {
        return switch (origin) {
            case STOP -> JobSavepoints.Origin.STOP;
            case TRIGGER -> JobSavepoints.Origin.TRIGGER;
            case IMPORT -> JobSavepoints.Origin.IMPORT;
        };
    }

    SavepointPaths paths() {
        return paths;
    }

    /** Where the job's savepoints go unless a caller names another directory. */
    URI jobDirectory(ProjectId projectId, JobId id) {
        return paths.projectDirectory(projectId).resolve(id.value() + "/");
    }

    /**
     * Adds a savepoint to the job's history, with the job's current version: the one whose run took it (a running
     * job's code cannot change), or, for an import, the one current then. A stop's becomes that version's savepoint
     * at stop.
     */
    void taken(ProjectId projectId, JobId id, String path, SavepointRecord.Origin origin) {
        try {
            int version = catalogue.latestVersion(projectId, id).map(JobVersion::number).orElse(0);
            catalogue.recordSavepoint(new SavepointRecord(projectId, id, path, clock.millis(), origin,
                    runtime.version(), version));
        } catch (RuntimeException e) {
            // The savepoint exists and the job's own row names it; only its place in the history is lost.
            LOG.warn("Could not record savepoint {} of job {} of project {}: {}", path, id, projectId, e.toString());
        }
    }

    /** Deletes the savepoints of the job the service took beyond the newest {@code kept}, but never its current one. */
    void prune(ProjectId projectId, JobId id) {
        try {
            Optional<String> current = catalogue.find(projectId, id).map(LocalJob::savepointPath);
            List<SavepointRecord> taken = catalogue.savepoints(projectId, id).stream()
                    .filter(SavepointRecord::takenByTheService).toList();
            for (SavepointRecord old : taken.subList(Math.min(kept, taken.size()), taken.size())) {
                if (current.filter(old.path()::equals).isPresent()) {
                    continue;
                }
                runtime.deleteSavepoint(old.path());
                catalogue.forgetSavepoint(projectId, id, old.path());
                LOG.info("Deleted savepoint {} of job {} of project {}: {} newer ones are kept", old.path(), id,
                        projectId, kept);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete the old savepoints of job {} of project {}: {}", id, projectId, e.toString());
        }
    }
}
