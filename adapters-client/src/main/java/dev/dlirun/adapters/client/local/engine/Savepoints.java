package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The savepoints of the local engine's jobs: where they go, which paths a caller may name, their history, and its
 * retention: of the savepoints the service took of a job, the newest {@code kept} stay; older ones are deleted, never
 * the one the job's savepoint path names (what a resume restores), and never an imported one (the caller's files).
 */
final class Savepoints {

    private static final Logger LOG = LoggerFactory.getLogger(Savepoints.class);

    private final JobCatalogue catalogue;
    private final JobRuntime runtime;
    private final Clock clock;
    private final int kept;
    private final SavepointPaths paths;

    Savepoints(JobCatalogue catalogue, JobRuntime runtime, Clock clock, int kept) {
        this.catalogue = catalogue;
        this.runtime = runtime;
        this.clock = clock;
        this.kept = kept;
        this.paths = new SavepointPaths(runtime.savepointStorage());
    }

    SavepointPaths paths() {
        return paths;
    }

    /** Where the job's savepoints go unless a caller names another directory. */
    URI jobDirectory(ProjectId projectId, JobId id) {
        return paths.projectDirectory(projectId).resolve(id.value() + "/");
    }

    /** Adds a savepoint to the job's history. */
    void taken(ProjectId projectId, JobId id, String path, SavepointRecord.Origin origin) {
        try {
            catalogue.recordSavepoint(new SavepointRecord(projectId, id, path, clock.millis(), origin,
                    runtime.version()));
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
