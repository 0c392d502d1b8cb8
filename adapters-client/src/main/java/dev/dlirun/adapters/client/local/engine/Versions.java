package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;
import dev.dlirun.domain.version.VersionRules;
import dev.dlirun.domain.version.VersionStamp;

import java.util.Optional;

/**
 * The versions of the local engine's jobs: the catalogue writes one with every change of a job's definition (see
 * {@link JobCatalogue#redefine(ProjectId, JobId, java.util.function.UnaryOperator, VersionStamp)}); here they are
 * listed, shown, and rolled back to. A job is read before its versions, so that a job that does not exist answers
 * not found rather than an empty history.
 */
final class Versions {

    private final JobCatalogue catalogue;
    private final JobRuns runs;
    private final JobRuntime runtime;

    Versions(JobCatalogue catalogue, JobRuns runs, JobRuntime runtime) {
        this.catalogue = catalogue;
        this.runs = runs;
        this.runtime = runtime;
    }

    VersionPage list(VersionQuery query) {
        requireJob(query.projectId(), query.jobId());
        return catalogue.versions(query.projectId(), query.jobId(), query.offset(), query.limit());
    }

    JobVersion show(ProjectId projectId, JobId id, int number) {
        requireJob(projectId, id);
        return find(projectId, id, number);
    }

    /**
     * Makes version {@code number}'s definition the job's again, as a new version, in one atomic step with the check
     * of the job's status ({@link VersionRules#decideRollback}): a run claimed meanwhile sees the old definition or the
     * new, and a job that started meanwhile is refused. When that version stopped with a savepoint that the job's
     * history still holds (not pruned by {@code --savepoints-kept}), it becomes the savepoint the job restores.
     *
     * @throws OperationNotAllowedException when the job is not stopped
     */
    JobVersion rollback(ProjectId projectId, JobId id, int number) {
        LocalJob job = requireJob(projectId, id);
        JobVersion target = find(projectId, id, number);
        if (VersionRules.decideRollback(id, job.status(), number) instanceof Decision.Refuse refuse) {
            // Refused before the runtime is asked about the code; the write checks again, as the job is then.
            throw new OperationNotAllowedException(refuse.outcome().message());
        }
        if (!target.definition().equals(job.definition())) {
            runtime.checkCode(projectId, target.definition());
        }
        Optional<String> restore = target.savepointAtStop().filter(path -> catalogue.savepoints(projectId, id).stream()
                .map(SavepointRecord::path).anyMatch(path::equals));
        JobCatalogue.Redefined stored = runs.redefine(projectId, id, current -> {
            if (VersionRules.decideRollback(id, current.status(), number) instanceof Decision.Refuse refuse) {
                throw new OperationNotAllowedException(refuse.outcome().message());
            }
            return target.definition();
        }, restore, VersionStamp.rollback(projectId, number)).orElseThrow(() -> new JobNotFoundException(id));
        return stored.version().orElseThrow(() ->
                new IllegalStateException("the catalogue made no version of a rollback of job " + id));
    }

    private LocalJob requireJob(ProjectId projectId, JobId id) {
        return catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private JobVersion find(ProjectId projectId, JobId id, int number) {
        return catalogue.version(projectId, id, number).orElseThrow(() -> VersionRules.noSuchVersion(id, number,
                catalogue.latestVersion(projectId, id).map(JobVersion::number)));
    }
}
