package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobChecksApi;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobGraphRequest;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobGraphResponse;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /v3/{project_id}/streaming/jobs/{job_id}/gen-graph}: a check of a job's SQL before it runs, the interface
 * generated from the spec (tag {@code StreamingJobChecks}) on the {@link dev.dlirun.domain.port.in.CheckJobGraph} use
 * case. The body in as a {@link GraphCheck}, the verdict out as DLI's answer ({@code is_success} a JSON boolean here).
 */
@Singleton
public final class StreamingJobChecksResource implements StreamingJobChecksApi {

    /** DLI's words for a script that plans. */
    static final String PLANS = "The job's SQL plans.";

    private final JobUseCases useCases;

    @Inject
    public StreamingJobChecksResource(JobUseCases useCases) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    @Override
    public CompletionStage<Response> createFlinkSqlJobGraph(String projectId, Long jobId,
                                                            CreateFlinkSqlJobGraphRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        GraphVerdict verdict = useCases.checks().check(project, id, check(body));
        return CompletableFuture.completedFuture(Response.ok(answer(verdict)).build());
    }

    /** The check a body asks for: JSON has read its types and enums; the job's fields are checked by their rules. */
    static GraphCheck check(CreateFlinkSqlJobGraphRequest body) {
        GraphType type = body == null || body.getGraphType() == null ? GraphType.SIMPLE_GRAPH
                : GraphType.fromWireName(body.getGraphType().toString()).orElseThrow();
        return new GraphCheck(type, JobDefinitionRequests.fields(body).only(GraphCheck.OVERRIDABLE),
                Optional.ofNullable(body.getJobType()).map(Object::toString),
                Optional.ofNullable(body.getStaticEstimator()));
    }

    static CreateFlinkSqlJobGraphResponse answer(GraphVerdict verdict) {
        if (verdict instanceof GraphVerdict.Refused refused) {
            return new CreateFlinkSqlJobGraphResponse().isSuccess(false).message(refused.message())
                    .errorCode(refused.errorCode());
        }
        return new CreateFlinkSqlJobGraphResponse().isSuccess(true).message(PLANS).errorCode("")
                .streamGraph(((GraphVerdict.Planned) verdict).graph());
    }
}
