package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobsApi;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobResponse;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.adapters.rest.ops.AccessLog;
import dev.dlirun.adapters.rest.ops.HttpMetrics;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.port.in.ShowJob;
import dev.dlirun.domain.run.RunOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Objects;

/** {@code /v1.0/{project_id}/streaming/jobs}: the interface generated from the spec, on the use cases. */
@Singleton
public final class StreamingJobsResource implements StreamingJobsApi {

    private final BatchRunJobs batchRun;
    private final ShowJob showJob;
    private final HttpMetrics metrics;

    @Inject
    public StreamingJobsResource(BatchRunJobs batchRun, ShowJob showJob, HttpMetrics metrics) {
        this.batchRun = Objects.requireNonNull(batchRun, "batchRun");
        this.showJob = Objects.requireNonNull(showJob, "showJob");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public List<FlinkSuccessResponse> batchRunFlinkJobs(String projectId, BatchRunFlinkJobsRequest body) {
        BatchRunCommand command = BatchRunMapping.toCommand(projectId, body);
        AccessLog.jobs(command.jobIds().size());
        List<RunOutcome> outcomes = batchRun.run(command);
        metrics.recordOutcomes(outcomes);
        return BatchRunMapping.toResponse(outcomes);
    }

    @Override
    public ShowFlinkJobResponse showFlinkJob(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        return showJob.show(project, id)
                .map(JobDetailMapping::toResponse)
                .orElseThrow(() -> new JobNotFoundException(id));
    }
}
