package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Optional;

/** Driven port: everything the backend knows about one job. */
public interface JobDetailLookup {

    /**
     * @return the job, or empty when the project holds no job of that id
     * @throws BackendUnavailableException        when the backend cannot tell by the deadline
     * @throws BackendCredentialsRejectedException when the backend refuses this service's credentials
     */
    Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline);
}
