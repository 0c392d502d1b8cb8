package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.ProjectId;

import java.util.Optional;

/**
 * The use case: show a caller the last lines its job's runtime logged of the job (an extension: DLI has no such
 * operation), to see why it failed or what it does.
 */
public interface ShowJobLog {

    /** The most lines one answer holds. */
    int MAX_LINES = 1000;
    /** The lines an answer holds when the caller names no number. */
    int DEFAULT_LINES = 100;

    /**
     * @param limit how many lines, from the end: 1 to {@link #MAX_LINES}
     * @return the job's log, or empty when the project holds no job of that id
     * @throws dev.dlirun.domain.model.InvalidInputException       when {@code limit} is out of its range
     * @throws dev.dlirun.domain.model.OperationNotAllowedException when the backend keeps no logs of jobs (DLI)
     * @throws BackendUnavailableException                        when the runtime cannot tell in time
     */
    Optional<JobLog> log(ProjectId projectId, JobId id, int limit);
}
