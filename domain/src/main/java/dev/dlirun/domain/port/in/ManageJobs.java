package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOutcome;

import java.time.Instant;
import java.util.List;

/** The use cases of a job's definition ({@code contract.md} 7.4, 7.5): create, update, list and delete jobs. */
public interface ManageJobs {

    /**
     * Creates a job of {@code type} ({@code job_init}, a draft: creating does not run it).
     *
     * @throws InvalidInputException     when a field breaks its rule, or names code the backend does not allow
     * @throws DuplicateJobNameException when the project has a job of that name
     */
    NewJob create(ProjectId projectId, JobType type, JobFields fields);

    /**
     * Changes the fields {@code changes} sets; the others keep their values.
     *
     * @param jarEndpoint whether the update came through the jar jobs' endpoint
     * @return when the job was updated, and what the state check says of the change against its savepoint
     * @throws JobNotFoundException         when the project has no such job
     * @throws OperationNotAllowedException when the job's kind or status does not allow the change
     * @throws DuplicateJobNameException    when another job of the project has the new name
     */
    dev.dlirun.domain.definition.JobUpdate update(ProjectId projectId, JobId id, boolean jarEndpoint, JobFields changes);

    /** One page of the project's jobs that match the query. */
    JobPage list(JobQuery query);

    /**
     * Deletes the job, whatever its status (a running one is cancelled first), with its checkpoints and savepoints.
     *
     * @throws JobNotFoundException when the project has no such job
     */
    void delete(ProjectId projectId, JobId id);

    /**
     * Deletes each job as {@link #delete} does.
     *
     * @return one outcome per element of {@code ids}, in the same order; a repeated id gets its first occurrence's
     * @throws InvalidInputException when the batch breaks a limit of the service
     */
    List<JobOutcome> delete(ProjectId projectId, List<JobId> ids);
}
