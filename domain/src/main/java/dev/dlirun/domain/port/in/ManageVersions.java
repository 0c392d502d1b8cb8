package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;

/**
 * The use cases of a job's versions (an extension of this service's: DLI has no such operations): list the immutable
 * versions every create, update, rollback and import of a job stored, show one, and roll the job back to one.
 *
 * <p>Every method throws {@link JobNotFoundException} when the project holds no such job, {@link InvalidInputException}
 * when the job has no such version, {@link OperationNotAllowedException} when the backend has no such operation, and
 * {@link BackendUnavailableException} when the backend cannot be asked.
 */
public interface ManageVersions {

    /** One page of the job's versions, newest first, and how many it has. */
    VersionPage list(VersionQuery query);

    /** The job's version {@code version}, its whole definition included. */
    JobVersion show(ProjectId projectId, JobId id, int version);

    /**
     * Makes version {@code version}'s definition the job's again, as a new version (why {@code rollback}); when that
     * version's run stopped with a savepoint the job still has, that savepoint becomes the one the job restores.
     *
     * @return the new version
     * @throws OperationNotAllowedException when the job is not stopped (as an update of its code is refused)
     * @throws DuplicateJobNameException    when another job of the project has taken the version's name since
     */
    JobVersion rollback(ProjectId projectId, JobId id, int version);
}
