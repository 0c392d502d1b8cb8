package dev.dlirun.application;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ShowJobLog;
import dev.dlirun.domain.port.out.JobLogSource;

import java.util.Objects;
import java.util.Optional;

/** Shows the last lines of a job's log, as many as asked for within the bound of one answer. */
public final class JobLogService implements ShowJobLog {

    private final JobLogSource source;

    public JobLogService(JobLogSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Optional<JobLog> log(ProjectId projectId, JobId id, int limit) {
        if (limit < 1 || limit > MAX_LINES) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LINES);
        }
        return source.findLog(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"), limit);
    }
}
