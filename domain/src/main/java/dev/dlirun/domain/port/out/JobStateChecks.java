package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;

/** Driven port: a backend's state compatibility check, nothing run. Throws as {@code CheckJobState} says. */
public interface JobStateChecks {

    StateCheckResult checkState(ProjectId projectId, JobId id, StateCheckRequest request, Deadline deadline);
}
