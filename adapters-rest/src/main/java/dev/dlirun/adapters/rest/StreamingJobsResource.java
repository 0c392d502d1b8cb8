package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobsApi;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobResponse;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.port.in.ShowJob;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Objects;

/** {@code /v1.0/{project_id}/streaming/jobs}: the interface generated from the spec, on the use cases. */
@Singleton
public final class StreamingJobsResource implements StreamingJobsApi {

    private final BatchRunJobs batchRun;
    private final ShowJob showJob;

    @Inject
    public StreamingJobsResource(BatchRunJobs batchRun, ShowJob showJob) {
        this.batchRun = Objects.requireNonNull(batchRun, "batchRun");
        this.showJob = Objects.requireNonNull(showJob, "showJob");
    }

    @Override
    public List<FlinkSuccessResponse> batchRunFlinkJobs(String projectId, BatchRunFlinkJobsRequest body) {
        return BatchRunMapping.toResponse(batchRun.run(BatchRunMapping.toCommand(projectId, body)));
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
