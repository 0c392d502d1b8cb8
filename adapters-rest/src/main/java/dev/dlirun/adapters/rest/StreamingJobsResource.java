package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobsApi;
import dev.dlirun.adapters.rest.generated.model.BatchDeleteFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkJarJobRequest;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobRequest;
import dev.dlirun.adapters.rest.generated.model.ExportFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.ImportFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkJobStatus;
import dev.dlirun.adapters.rest.generated.model.FlinkJobType;
import dev.dlirun.adapters.rest.generated.model.UpdateFlinkJarJobRequest;
import dev.dlirun.adapters.rest.generated.model.UpdateFlinkSqlJobRequest;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.adapters.rest.generated.model.BatchStopFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkJobSavepointRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.rest.generated.model.ImportFlinkJobSavepointRequest;
import dev.dlirun.adapters.rest.ops.AccessLog;
import dev.dlirun.adapters.rest.ops.HttpMetrics;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.wait.Settling;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1.0/{project_id}/streaming/jobs}: the interface generated from the spec, on the use cases. */
@Singleton
public final class StreamingJobsResource implements StreamingJobsApi {

    /** The header that says a {@code Prefer: wait} was honoured (RFC 7240). */
    static final String PREFERENCE_APPLIED = "Preference-Applied";

    private final JobUseCases useCases;
    private final HttpMetrics metrics;
    @Context
    private UriInfo uri;

    @Inject
    public StreamingJobsResource(JobUseCases useCases, HttpMetrics metrics) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public CompletionStage<Response> batchRunFlinkJobs(String projectId, BatchRunFlinkJobsRequest body, String prefer) {
        BatchRunCommand command = JobRequests.toRunCommand(projectId, body);
        AccessLog.jobs(command.jobIds().size());
        return answer(command.projectId(), command.jobIds(), JobOperation.RUN, useCases.run().run(command),
                Settling.AFTER_RUN, prefer);
    }

    @Override
    public CompletionStage<Response> batchStopFlinkJobs(String projectId, BatchStopFlinkJobsRequest body, String prefer) {
        BatchStopCommand command = JobRequests.toStopCommand(projectId, body);
        AccessLog.jobs(command.jobIds().size());
        return answer(command.projectId(), command.jobIds(), JobOperation.STOP, useCases.stop().stop(command),
                Settling.AFTER_STOP, prefer);
    }

    /** A batch's outcomes, counted, answered at once or, when the caller prefers to wait, once settled. */
    private CompletionStage<Response> answer(ProjectId project, List<JobId> ids, JobOperation operation,
                                             List<JobOutcome> outcomes, Settling settling, String prefer) {
        metrics.recordOutcomes(operation, outcomes);
        List<FlinkSuccessResponse> answer = JobRequests.toResponse(outcomes);
        Optional<Duration> wait = WaitPreference.parse(prefer);
        if (wait.isEmpty()) {
            return ok(answer);
        }
        return answerOnceSettled(project, ids, answer, outcomes.stream()
                .filter(JobOutcome::delivered).map(JobOutcome::jobId).toList(), settling, wait.get());
    }

    /**
     * The answer once the delivered jobs have settled or the wait has run out, each element then saying its job's
     * state: for a caller who prefers to wait (and said so as {@link WaitPreference} reads it).
     */
    private CompletionStage<Response> answerOnceSettled(ProjectId project, List<JobId> ids,
                                                        List<FlinkSuccessResponse> answer, List<JobId> delivered,
                                                        Settling settling, Duration wait) {
        Duration applied = useCases.await().applied(wait);
        return useCases.await().await(project, List.copyOf(new LinkedHashSet<>(ids)), delivered, settling, wait)
                .thenApply(states -> Response.ok(JobRequests.withStates(answer, ids, states))
                        .header(PREFERENCE_APPLIED, "wait=" + applied.toSeconds()).build());
    }

    @Override
    public CompletionStage<Response> showFlinkJob(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        return ok(useCases.show().show(project, id)
                .map(detail -> JobDetailMapping.toResponse(detail, Instant.now()))
                .orElseThrow(() -> new JobNotFoundException(id)));
    }

    @Override
    public CompletionStage<Response> executeFlinkJobSavepoint(String projectId, Long jobId,
                                                              FlinkJobSavepointRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        useCases.savepoints().trigger(project, id, JobRequests.triggerDirectory(body));
        return ok(JobRequests.success("The request for triggering a savepoint of job " + id
                + " is successfully delivered."));
    }

    @Override
    public CompletionStage<Response> importFlinkJobSavepoint(String projectId, Long jobId,
                                                             ImportFlinkJobSavepointRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        useCases.savepoints().importSavepoint(project, id, JobRequests.importPath(id, body));
        return ok(JobRequests.success("The savepoint is imported into job " + id + "."));
    }

    @Override
    public CompletionStage<Response> listFlinkJobSavepoints(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        return ok(JobInsightMapping.toResponse(useCases.savepoints().history(project, id)));
    }

    @Override
    public CompletionStage<Response> listFlinkJobVersions(String projectId, Long jobId, Integer limit, Long offset) {
        JobId id = JobDetailMapping.toJobId(jobId);
        return ok(JobVersionMapping.toResponse(id, useCases.versions().list(JobVersionMapping.query(
                ProjectId.of(projectId), id, limit, offset))));
    }

    @Override
    public CompletionStage<Response> showFlinkJobVersion(String projectId, Long jobId, Integer version) {
        return ok(JobVersionMapping.toResponse(useCases.versions().show(ProjectId.of(projectId),
                JobDetailMapping.toJobId(jobId), JobVersionMapping.number(version))));
    }

    @Override
    public CompletionStage<Response> rollbackFlinkJobVersion(String projectId, Long jobId, Integer version) {
        return ok(JobVersionMapping.rolledBack(useCases.versions().rollback(ProjectId.of(projectId),
                JobDetailMapping.toJobId(jobId), JobVersionMapping.number(version))));
    }

    @Override
    public CompletionStage<Response> createFlinkSqlJob(String projectId, CreateFlinkSqlJobRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobFields fields = JobDefinitionRequests.fields(body);
        return ok(JobDefinitionRequests.created(useCases.definitions().create(project,
                JobDefinitionRequests.sqlType(body), fields)));
    }

    @Override
    public CompletionStage<Response> createFlinkJarJob(String projectId, CreateFlinkJarJobRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobFields fields = JobDefinitionRequests.fields(body);
        return ok(JobDefinitionRequests.created(useCases.definitions().create(project, JobType.FLINK_JAR_JOB, fields)));
    }

    @Override
    public CompletionStage<Response> updateFlinkSqlJob(String projectId, Long jobId, UpdateFlinkSqlJobRequest body) {
        return update(projectId, jobId, false, body);
    }

    @Override
    public CompletionStage<Response> updateFlinkJarJob(String projectId, Long jobId, UpdateFlinkJarJobRequest body) {
        return update(projectId, jobId, true, body);
    }

    private CompletionStage<Response> update(String projectId, Long jobId, boolean jarEndpoint, Object body) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        JobFields changes = JobDefinitionRequests.fields(body);
        return ok(JobDefinitionRequests.updated(useCases.definitions().update(project, id, jarEndpoint, changes)));
    }

    @Override
    public CompletionStage<Response> listFlinkJobs(String projectId, FlinkJobType jobType, FlinkJobStatus status,
                                                   String queueName, String name, String userName, String tags,
                                                   String order, Integer limit, Long offset, Boolean showDetail,
                                                   Long rootJobId) {
        // JAX-RS reads any word but "true" as false: the raw value must be one of the two.
        JobDefinitionRequests.requireBoolean("show_detail", uri.getQueryParameters().getFirst("show_detail"));
        JobQuery query = JobDefinitionRequests.query(projectId, jobType, status, queueName, name, userName, tags, order,
                limit, offset, showDetail, rootJobId);
        return ok(JobDefinitionRequests.listed(useCases.definitions().list(query), query.withDetail(), Instant.now()));
    }

    @Override
    public CompletionStage<Response> deleteFlinkJob(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        useCases.definitions().delete(project, id);
        return ok(JobDefinitionRequests.deleted());
    }

    @Override
    public CompletionStage<Response> batchDeleteFlinkJobs(String projectId, BatchDeleteFlinkJobsRequest body) {
        ProjectId project = ProjectId.of(projectId);
        List<JobId> ids = JobRequests.toDeleteIds(body);
        AccessLog.jobs(ids.size());
        return ok(JobRequests.toResponse(useCases.definitions().delete(project, ids)));
    }

    @Override
    public CompletionStage<Response> exportFlinkJobs(String projectId, ExportFlinkJobsRequest body) {
        return ok(JobTransferRequests.export(useCases.transfers(), projectId, body));
    }

    @Override
    public CompletionStage<Response> importFlinkJobs(String projectId, ImportFlinkJobsRequest body) {
        return ok(JobTransferRequests.importJobs(useCases.transfers(), projectId, body));
    }

    @Override
    public CompletionStage<Response> showFlinkJobExecutionGraph(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        return ok(JobInsightMapping.toResponse(useCases.inspect().executionGraph(project, id)));
    }

    @Override
    public CompletionStage<Response> showFlinkMetric(String projectId,
                                                     dev.dlirun.adapters.rest.generated.model.ShowFlinkMetricRequest body) {
        ProjectId project = ProjectId.of(projectId);
        List<JobId> ids = JobRequests.toMetricIds(body);
        AccessLog.jobs(ids.size());
        return ok(JobInsightMapping.toResponse(useCases.inspect().metrics(project, ids)));
    }

    @Override
    public CompletionStage<Response> showFlinkJobExceptions(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        return ok(JobInsightMapping.toResponse(useCases.inspect().exceptions(project, id)));
    }

    @Override
    public CompletionStage<Response> showFlinkJobCheckpoints(String projectId, Long jobId) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        return ok(JobInsightMapping.toResponse(useCases.inspect().checkpoints(project, id)));
    }

    @Override
    public CompletionStage<Response> showFlinkJobLogs(String projectId, Long jobId, Integer limit) {
        return ok(JobLogAnswers.answer(useCases.logs(), projectId, jobId, limit));
    }

    private static CompletionStage<Response> ok(Object entity) {
        return CompletableFuture.completedFuture(Response.ok(entity).build());
    }
}
