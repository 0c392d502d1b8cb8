package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageSavepoints;

import java.util.Optional;

/**
 * Driven port: savepoints of a backend's jobs. Throws as {@link ManageSavepoints} says; the backend decides what the
 * job's status allows, and which paths a caller may name.
 */
public interface SavepointControl {

    /** Starts a savepoint of the running job; returns once it is under way. */
    void triggerSavepoint(ProjectId projectId, JobId id, Optional<String> directory, Deadline deadline);

    /** Makes the savepoint at {@code path} the one the job restores. */
    void importSavepoint(ProjectId projectId, JobId id, String path, Deadline deadline);

    /** The job's savepoint history and the one it restores now; a backend that keeps none refuses. */
    JobSavepoints history(ProjectId projectId, JobId id, Deadline deadline);
}
