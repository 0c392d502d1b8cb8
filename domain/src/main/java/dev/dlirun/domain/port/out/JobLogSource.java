package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.ProjectId;

import java.util.Optional;

/** Driven port: the last log lines the backend's runtime wrote of one job. */
public interface JobLogSource {

    /**
     * @param limit how many lines at most, from the end (at least one)
     * @return the job's log, or empty when the project holds no job of that id
     * @throws dev.dlirun.domain.model.OperationNotAllowedException when the backend keeps no logs of jobs
     * @throws BackendUnavailableException                        when the runtime cannot be asked
     */
    Optional<JobLog> findLog(ProjectId projectId, JobId id, int limit);
}
