package dev.dlirun.domain.port.in;

import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;

/**
 * The use case of checking a job's SQL before it runs (DLI's {@code gen-graph}): parsed, validated and planned as a
 * run would, nothing run. A script that does not plan is an answer ({@link GraphVerdict.Refused}), not a failure.
 *
 * <p>Throws {@link JobNotFoundException} when the project holds no such job, {@link InvalidInputException} when a field
 * of the check is invalid, {@link OperationNotAllowedException} when the job or the backend cannot be checked so, and
 * {@link BackendUnavailableException} when the backend cannot be asked.
 */
public interface CheckJobGraph {

    GraphVerdict check(ProjectId projectId, JobId id, GraphCheck check);
}
