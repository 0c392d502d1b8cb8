package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobTemplateRequest;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobTemplateResponse;
import dev.dlirun.adapters.rest.generated.model.DeleteFlinkSqlJobTemplateResponse;
import dev.dlirun.adapters.rest.generated.model.DeleteFlinkSqlJobTemplateResponseTemplate;
import dev.dlirun.adapters.rest.generated.model.FlinkSqlJobTemplate;
import dev.dlirun.adapters.rest.generated.model.FlinkSqlJobTemplateList;
import dev.dlirun.adapters.rest.generated.model.FlinkTemplate;
import dev.dlirun.adapters.rest.generated.model.FlinkTemplateSuccessResponse;
import dev.dlirun.adapters.rest.generated.model.ListFlinkSqlJobTemplatesResponse;
import dev.dlirun.adapters.rest.generated.model.UpdateFlinkSqlJobTemplateRequest;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The edge of the template operations: bodies and query parameters in as the domain's values, DLI's answers out
 * ({@code is_success} a JSON boolean here, as the official SDK's template models read it).
 */
final class TemplateRequests {

    private TemplateRequests() {
    }

    static NewTemplate newTemplate(CreateFlinkSqlJobTemplateRequest body) {
        if (body == null) {
            throw new InvalidInputException(JobRequests.BODY, JobRequests.BODY_RULE);
        }
        if (body.getName() == null) {
            throw new InvalidInputException("name", "is required");
        }
        List<JobTag> tags = new ArrayList<>();
        if (body.getTags() != null) {
            for (int i = 0; i < body.getTags().size(); i++) {
                var tag = body.getTags().get(i);
                if (tag == null) {
                    throw new InvalidInputException("tags[" + i + "]", "must be an object {key, value}");
                }
                try {
                    tags.add(new JobTag(tag.getKey(), tag.getValue() == null ? "" : tag.getValue()));
                } catch (InvalidInputException e) {
                    throw e.reportedAs("tags[" + i + "]." + e.field());
                }
            }
        }
        JobType type = body.getJobType() == null ? null
                : JobType.fromWireName(body.getJobType().toString()).orElseThrow();
        return new NewTemplate(body.getName(), body.getDesc(), body.getSqlBody(), type, tags);
    }

    static TemplateChanges changes(UpdateFlinkSqlJobTemplateRequest body) {
        if (body == null) {
            throw new InvalidInputException(JobRequests.BODY, JobRequests.BODY_RULE);
        }
        return new TemplateChanges(Optional.ofNullable(body.getName()), Optional.ofNullable(body.getDesc()),
                Optional.ofNullable(body.getSqlBody()));
    }

    static TemplateId templateId(Long raw) {
        if (raw == null) {
            throw new InvalidInputException("template_id", "must be an integer from 1 to " + Long.MAX_VALUE);
        }
        return TemplateId.of(raw);
    }

    static TemplateQuery query(String projectId, String name, String tags, Long offset, Integer limit, String order) {
        boolean ascending;
        if (order == null || order.equals("desc")) {
            ascending = false;
        } else if (order.equals("asc")) {
            ascending = true;
        } else {
            throw new InvalidInputException("order", "must be asc or desc");
        }
        return new TemplateQuery(ProjectId.of(projectId), Optional.ofNullable(name).filter(n -> !n.isEmpty()),
                Optional.ofNullable(tags).filter(t -> !t.isEmpty()).map(TemplateRequests::tag), ascending,
                limit == null ? TemplateQuery.DEFAULT_LIMIT : limit, offset == null ? 0 : offset);
    }

    private static JobTag tag(String filter) {
        int equals = filter.indexOf('=');
        if (equals < 1) {
            throw new InvalidInputException("tags", "must be written key=value");
        }
        try {
            return new JobTag(filter.substring(0, equals), filter.substring(equals + 1));
        } catch (InvalidInputException e) {
            throw e.reportedAs("tags " + e.field());
        }
    }

    static CreateFlinkSqlJobTemplateResponse created(JobTemplate template) {
        return new CreateFlinkSqlJobTemplateResponse().isSuccess(true)
                .message("A template is created successfully.")
                .template(new FlinkTemplate().templateId(template.id().value()).name(template.name())
                        .desc(template.desc()).createTime(template.createTime())
                        .jobType(template.jobType().wireName()));
    }

    static ListFlinkSqlJobTemplatesResponse listed(TemplatePage page) {
        return new ListFlinkSqlJobTemplatesResponse().isSuccess(true)
                .message("The template list is obtained successfully.")
                .templateList(new FlinkSqlJobTemplateList()
                        // A project holds at most 100 templates: the SDK's Integer always fits.
                        .totalCount(Math.toIntExact(Math.min(page.totalCount(), Integer.MAX_VALUE)))
                        .templates(page.templates().stream().map(TemplateRequests::toWire).toList()));
    }

    private static FlinkSqlJobTemplate toWire(JobTemplate template) {
        return new FlinkSqlJobTemplate().templateId(template.id().value()).name(template.name())
                .desc(template.desc()).createTime(template.createTime()).updateTime(template.updateTime())
                .sqlBody(template.sqlBody()).jobType(template.jobType().wireName());
    }

    static FlinkTemplateSuccessResponse updated() {
        return new FlinkTemplateSuccessResponse().isSuccess(true).message("The template is updated successfully.");
    }

    static DeleteFlinkSqlJobTemplateResponse deleted(TemplateId id) {
        return new DeleteFlinkSqlJobTemplateResponse().isSuccess(true)
                .message("The template is deleted successfully.")
                .template(new DeleteFlinkSqlJobTemplateResponseTemplate().templateId(id.value()));
    }
}
