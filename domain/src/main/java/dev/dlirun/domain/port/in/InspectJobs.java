package dev.dlirun.domain.port.in;

import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;

import java.util.List;

/**
 * The use cases of seeing a job at work: its latest run as its engine sees it, its numbers, what went wrong in it, and
 * its checkpoints.
 *
 * <p>Every method throws {@link JobNotFoundException} when the project holds no such job (for a batch: the first id
 * it does not hold), {@link OperationNotAllowedException} when there is nothing to show (the job never ran, its run
 * is no longer known, or the backend has no such operation), and {@link BackendUnavailableException} when the backend
 * cannot be asked.
 */
public interface InspectJobs {

    ExecutionGraph executionGraph(ProjectId projectId, JobId id);

    /**
     * The numbers of each job of {@code ids}, in the order asked (a repeated id answers again).
     *
     * @throws InvalidInputException when the batch is empty or larger than the configured maximum
     */
    List<JobMetrics> metrics(ProjectId projectId, List<JobId> ids);

    /** An extension: not one of DLI's operations. */
    JobExceptions exceptions(ProjectId projectId, JobId id);

    /** An extension: not one of DLI's operations. */
    JobCheckpoints checkpoints(ProjectId projectId, JobId id);
}
