package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.model.FlinkJobLogLine;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobLogsResponse;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ShowJobLog;

/**
 * {@code GET /v1.0/{project_id}/streaming/jobs/{job_id}/logs} (an extension): a job's last log lines, mapped to the
 * contract's answer. A job the project does not hold answers as every per-job endpoint does ({@code DLI.16001}).
 */
final class JobLogAnswers {

    private JobLogAnswers() {
    }

    static ShowFlinkJobLogsResponse answer(ShowJobLog logs, String projectId, Long jobId, Integer limit) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        int lines = limit == null ? ShowJobLog.DEFAULT_LINES : limit;
        return logs.log(project, id, lines).map(JobLogAnswers::toResponse)
                .orElseThrow(() -> new JobNotFoundException(id));
    }

    static ShowFlinkJobLogsResponse toResponse(JobLog log) {
        return new ShowFlinkJobLogsResponse()
                .isSuccess(true)
                .message("")
                .jobId(log.jobId().value())
                .launch(log.launch().orElse(null))
                .lines(log.lines().stream().map(line -> new FlinkJobLogLine().process(line.process())
                        .line(line.text())).toList())
                .truncated(log.truncated())
                .missing(log.missing().orElse(null));
    }
}
