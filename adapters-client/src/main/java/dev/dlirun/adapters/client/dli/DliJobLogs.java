package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLogSource;

import java.util.Optional;

/**
 * Jobs' logs in front of DLI: DLI's API has no operation that reads a job's log lines (DLI writes them to the job's
 * OBS bucket when {@code log_enabled} is set), so every request is refused, saying where to look instead.
 */
public final class DliJobLogs implements JobLogSource {

    @Override
    public Optional<JobLog> findLog(ProjectId projectId, JobId id, int limit) {
        throw new OperationNotAllowedException("DLI has no operation that shows a job's log lines: this service "
                + "forwards to DLI (the DLI backend). A job with log_enabled writes its logs to its obs_bucket; read "
                + "them there.");
    }
}
