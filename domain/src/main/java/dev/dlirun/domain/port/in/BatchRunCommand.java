package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;

import java.util.List;
import java.util.Objects;

/** A request to run a batch of jobs of one project. The ids keep the caller's order and repetitions. */
public record BatchRunCommand(ProjectId projectId, List<JobId> jobIds, StartMode startMode) {

    public BatchRunCommand {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(startMode, "startMode");
        if (jobIds == null) {
            throw new InvalidInputException("job_ids", "is required");
        }
        if (jobIds.isEmpty()) {
            throw new InvalidInputException("job_ids", "must not be empty");
        }
        jobIds = List.copyOf(jobIds);
    }
}
