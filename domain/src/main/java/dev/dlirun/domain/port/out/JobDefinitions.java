package dev.dlirun.domain.port.out;

import dev.dlirun.domain.definition.DefinitionRules;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
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
import java.util.Map;

/**
 * Driven port: the backend's catalogue of job definitions. Every method may also throw
 * {@link BackendUnavailableException} when the backend cannot answer by the deadline.
 */
public interface JobDefinitions {

    /**
     * @throws InvalidInputException     when the backend does not allow the job's code (e.g. a jar from elsewhere)
     * @throws DuplicateJobNameException when the project has a job of that name
     */
    NewJob create(ProjectId projectId, JobType type, JobFields fields, Deadline deadline);

    /**
     * Applies {@code changes} as one atomic step with the check of {@link DefinitionRules#decideUpdate} against the
     * job's status at that moment.
     *
     * @throws JobNotFoundException         when the project has no such job
     * @throws OperationNotAllowedException when the rules refuse the change
     */
    dev.dlirun.domain.definition.JobUpdate update(ProjectId projectId, JobId id, boolean jarEndpoint, JobFields changes, Deadline deadline);

    JobPage list(JobQuery query, Deadline deadline);

    /**
     * Deletes each job (distinct ids), cancelling a running one first. A job being started as it is deleted does not
     * go on running.
     *
     * @return exactly one outcome per id
     */
    Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline);
}
