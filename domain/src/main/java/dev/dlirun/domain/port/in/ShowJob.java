package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Optional;

/** The use case: tell a caller everything known about one job, e.g. to follow it after running it. */
public interface ShowJob {

    /**
     * @return the job, or empty when the project holds no job of that id
     * @throws BackendUnavailableException        when the backend cannot tell in time
     * @throws BackendCredentialsRejectedException when the backend refuses this service's credentials
     */
    Optional<JobDetail> show(ProjectId projectId, JobId id);
}
