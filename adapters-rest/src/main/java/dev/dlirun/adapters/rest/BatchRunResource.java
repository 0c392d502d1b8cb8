package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobsApi;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.port.in.BatchRunJobs;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Objects;

/** {@code POST /v1.0/{project_id}/streaming/jobs/run}: the interface generated from the spec, on the use case. */
@Singleton
public final class BatchRunResource implements StreamingJobsApi {

    private final BatchRunJobs batchRun;

    @Inject
    public BatchRunResource(BatchRunJobs batchRun) {
        this.batchRun = Objects.requireNonNull(batchRun, "batchRun");
    }

    @Override
    public List<FlinkSuccessResponse> batchRunFlinkJobs(String projectId, BatchRunFlinkJobsRequest body) {
        return BatchRunMapping.toResponse(batchRun.run(BatchRunMapping.toCommand(projectId, body)));
    }
}
