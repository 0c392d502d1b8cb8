package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobsApi;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.BatchStopFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkJobSavepointRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.rest.generated.model.ImportFlinkJobSavepointRequest;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobResponse;
import dev.dlirun.adapters.rest.ops.AccessLog;
import dev.dlirun.adapters.rest.ops.HttpMetrics;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.run.RunOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Objects;

/** {@code /v1.0/{project_id}/streaming/jobs}: the interface generated from the spec, on the use cases. */
@Singleton
public final class StreamingJobsResource implements StreamingJobsApi {

    private final JobUseCases useCases;
    private final HttpMetrics metrics;

    @Inject
    public StreamingJobsResource(JobUseCases useCases, HttpMetrics metrics) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public List<FlinkSuccessResponse> batchRunFlinkJobs(String projectId, BatchRunFlinkJobsRequest body) {
        BatchRunCommand command = JobRequests.toRunCommand(projectId, body);
        AccessLog.jobs(command.jobIds().size());
        List<RunOutcome> outcomes = useCases.run().run(command);
        metrics.recordOutcomes(outcomes);
        return JobRequests.toRunResponse(outcomes);
    }

    @Override
    public List<FlinkSuccessResponse> batchStopFlinkJobs(String projectId, BatchStopFlinkJobsRequest body) {
        BatchStopCommand command = JobRequests.toStopCommand(projectId, body);
        AccessLog.jobs(command.jobIds().size());
        return JobRequests.toStopResponse(useCases.stop().stop(command));
    }

    @Override
    public ShowFlinkJobResponse showFlinkJob(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        return useCases.show().show(project, id)
                .map(JobDetailMapping::toResponse)
                .orElseThrow(() -> new JobNotFoundException(id));
    }

    @Override
    public FlinkSuccessResponse executeFlinkJobSavepoint(String projectId, Long jobId, FlinkJobSavepointRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        useCases.savepoints().trigger(project, id, JobRequests.triggerDirectory(body));
        return JobRequests.success("The request for triggering a savepoint of job " + id
                + " is successfully delivered.");
    }

    @Override
    public FlinkSuccessResponse importFlinkJobSavepoint(String projectId, Long jobId,
                                                        ImportFlinkJobSavepointRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        useCases.savepoints().importSavepoint(project, id, JobRequests.importPath(id, body));
        return JobRequests.success("The savepoint is imported into job " + id + ".");
    }
}
