package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;

/**
 * The use case of checking, before anything stops or starts, whether a job's state restores into a candidate
 * definition of the job and still means the same thing there (a dry run: nothing changes, nothing runs). Every verdict
 * is an answer, {@code incompatible} included.
 *
 * <p>Throws {@link JobNotFoundException} when the project holds no such job, {@link InvalidInputException} when a field
 * is invalid, the state named cannot be read, or the job has no state to check against,
 * {@link OperationNotAllowedException} when the backend cannot check state, and {@link BackendUnavailableException}
 * when the backend cannot be asked.
 */
public interface CheckJobState {

    StateCheckResult check(ProjectId projectId, JobId id, StateCheckRequest request);
}
