package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobChecksApi;
import dev.dlirun.adapters.rest.generated.model.CheckFlinkJobStateRequest;
import dev.dlirun.adapters.rest.generated.model.CheckFlinkJobStateResponse;
import dev.dlirun.adapters.rest.generated.model.StateCheckOperator;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobGraphRequest;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobGraphResponse;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The checks of a job before it runs, the interface generated from the spec (tag {@code StreamingJobChecks}):
 * {@code /v3/{project_id}/streaming/jobs/{job_id}/gen-graph}, a check of a job's SQL on the
 * {@link dev.dlirun.domain.port.in.CheckJobGraph} use case (the body in as a {@link GraphCheck}, the verdict out as
 * DLI's answer, {@code is_success} a JSON boolean here); and the extension
 * {@code /v1.0/{project_id}/streaming/jobs/{job_id}/state-check}, whether a job's state restores into a changed job,
 * on {@link dev.dlirun.domain.port.in.CheckJobState}.
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

    @Override
    public CompletionStage<Response> checkFlinkJobState(String projectId, Long jobId, CheckFlinkJobStateRequest body) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        StateCheckResult result = useCases.stateChecks().check(project, id, stateCheck(body));
        return CompletableFuture.completedFuture(Response.ok(answer(result)).build());
    }

    /** The state check a body asks for: no body, the job as it is against its own state. */
    static StateCheckRequest stateCheck(CheckFlinkJobStateRequest body) {
        if (body == null) {
            return StateCheckRequest.asItIs();
        }
        JobFields changes = JobDefinitionRequests.fields(body).only(StateCheckRequest.CHANGEABLE);
        return new StateCheckRequest(changes, Optional.ofNullable(body.getSavepointPath()));
    }

    static CheckFlinkJobStateResponse answer(StateCheckResult result) {
        return new CheckFlinkJobStateResponse().isSuccess(true)
                .message("The state check says " + result.verdict().kind().wireName() + ".")
                .verdict(CheckFlinkJobStateResponse.VerdictEnum.fromValue(result.verdict().kind().wireName()))
                .reason(result.verdict().reason())
                .savepointPath(result.statePath())
                .stateSource(CheckFlinkJobStateResponse.StateSourceEnum.fromValue(result.source().wireName()))
                .operators(result.verdict().operators().stream().map(note -> new StateCheckOperator()
                        .operatorId(note.operatorId()).operator(note.operator()).note(note.note())).toList());
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
