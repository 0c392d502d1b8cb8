package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.List;
import java.util.Map;

/** Driven port: finds jobs of a project by id. */
public interface JobLookup {

    /**
     * @param jobIds   distinct ids
     * @param deadline when the answer is due; a job not looked up by then is {@link JobLookupResult.Unavailable}
     * @return exactly one result per requested id; a job of another project is {@link JobLookupResult.Missing}
     * @throws BackendUnavailableException        when the backend cannot be reached at all
     * @throws BackendCredentialsRejectedException when the backend refuses this service's credentials
     */
    Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline);
}
