package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;

import java.util.Optional;

/**
 * The use cases of savepoints beside a stop: take one of a running job, make an existing one the state a job
 * restores when it is run with {@code resume_savepoint}, or list those a job has had.
 *
 * <p>Every method throws {@link JobNotFoundException} when the project holds no such job,
 * {@link OperationNotAllowedException} when the job's status does not allow it (or the backend has no such operation),
 * {@link InvalidInputException} when a path is not one the caller may name, and {@link BackendUnavailableException}
 * when the backend cannot be asked.
 */
public interface ManageSavepoints {

    /**
     * Starts a savepoint of the running job into {@code directory} (or the job's own savepoint directory); returns
     * once it is under way. When it completes, the job's savepoint path names it.
     */
    void trigger(ProjectId projectId, JobId id, Optional<String> directory);

    /** Makes the savepoint at {@code path} the one the job restores; the job must not be running. */
    void importSavepoint(ProjectId projectId, JobId id, String path);

    /**
     * The job's savepoint history, newest first, and the one it restores now. An extension: not one of DLI's
     * operations.
     */
    JobSavepoints history(ProjectId projectId, JobId id);
}
