package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobTemplatesApi;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobTemplateRequest;
import dev.dlirun.adapters.rest.generated.model.UpdateFlinkSqlJobTemplateRequest;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.TemplateId;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /v1.0/{project_id}/streaming/job-templates}: the interface generated from the spec, on the use cases. */
@Singleton
public final class StreamingJobTemplatesResource implements StreamingJobTemplatesApi {

    private final JobUseCases useCases;

    @Inject
    public StreamingJobTemplatesResource(JobUseCases useCases) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    @Override
    public CompletionStage<Response> createFlinkSqlJobTemplate(String projectId,
                                                               CreateFlinkSqlJobTemplateRequest body) {
        ProjectId project = ProjectId.of(projectId);
        return ok(TemplateRequests.created(useCases.templates().create(project, TemplateRequests.newTemplate(body))));
    }

    @Override
    public CompletionStage<Response> listFlinkSqlJobTemplates(String projectId, String name, String tags, Long offset,
                                                              Integer limit, String order) {
        return ok(TemplateRequests.listed(useCases.templates().list(
                TemplateRequests.query(projectId, name, tags, offset, limit, order))));
    }

    @Override
    public CompletionStage<Response> updateFlinkSqlJobTemplate(String projectId, Long templateId,
                                                               UpdateFlinkSqlJobTemplateRequest body) {
        ProjectId project = ProjectId.of(projectId);
        TemplateId id = TemplateRequests.templateId(templateId);
        useCases.templates().update(project, id, TemplateRequests.changes(body));
        return ok(TemplateRequests.updated());
    }

    @Override
    public CompletionStage<Response> deleteFlinkSqlJobTemplate(String projectId, Long templateId) {
        ProjectId project = ProjectId.of(projectId);
        TemplateId id = TemplateRequests.templateId(templateId);
        useCases.templates().delete(project, id);
        return ok(TemplateRequests.deleted(id));
    }

    private static CompletionStage<Response> ok(Object entity) {
        return CompletableFuture.completedFuture(Response.ok(entity).build());
    }
}
