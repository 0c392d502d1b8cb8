package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.stop.StopMode;

import java.util.List;
import java.util.Objects;

/**
 * A request to stop a batch of jobs of one project, each as {@code stopMode} says. The ids keep the caller's order and
 * repetitions.
 */
public record BatchStopCommand(ProjectId projectId, List<JobId> jobIds, StopMode stopMode) {
    public BatchStopCommand {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(stopMode, "stopMode");
        if (jobIds == null) {
            throw new InvalidInputException("job_ids", "is required");
        }
        if (jobIds.isEmpty()) {
            throw new InvalidInputException("job_ids", "must not be empty");
        }
        jobIds = List.copyOf(jobIds);
    }
}
