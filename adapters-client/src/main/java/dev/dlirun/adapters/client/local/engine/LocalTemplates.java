package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.TemplateCatalogue;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobTemplates;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplateNotFoundException;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;
import dev.dlirun.domain.template.TemplateRules;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/** The local engine's Flink SQL job templates: kept in its catalogue, per project, within DLI's limits. */
public final class LocalTemplates implements JobTemplates {

    private final TemplateCatalogue catalogue;
    private final Clock clock;

    public LocalTemplates(TemplateCatalogue catalogue, Clock clock) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public JobTemplate create(ProjectId projectId, NewTemplate template, Deadline deadline) {
        long now = clock.millis();
        return catalogue.create(projectId, TemplateRules.MAX_TEMPLATES,
                        id -> JobTemplate.created(id, projectId, template, now))
                .orElseThrow(() -> new OperationNotAllowedException("The project already holds "
                        + TemplateRules.MAX_TEMPLATES + " templates, as many as DLI allows; delete one first."));
    }

    /** A project holds at most {@value TemplateRules#MAX_TEMPLATES} templates: they are paged in memory. */
    @Override
    public TemplatePage list(TemplateQuery query, Deadline deadline) {
        return TemplatePage.of(query, catalogue.all(query.projectId()));
    }

    @Override
    public void update(ProjectId projectId, TemplateId id, TemplateChanges changes, Deadline deadline) {
        long now = clock.millis();
        catalogue.update(projectId, id, template -> template.changed(changes, now))
                .orElseThrow(() -> new TemplateNotFoundException(id));
    }

    @Override
    public void delete(ProjectId projectId, TemplateId id, Deadline deadline) {
        if (!catalogue.delete(projectId, id)) {
            throw new TemplateNotFoundException(id);
        }
    }

    /**
     * The fields of a new job: when they name a template of the project and set no SQL, with the template's SQL (what
     * DLI does with a job created from a template); otherwise as they are. A job keeps its own SQL once created: a
     * later change of the template does not reach it.
     *
     * @throws InvalidInputException when {@code template_id} names no template of the project
     */
    JobFields withTemplateSql(ProjectId projectId, JobFields fields) {
        if (fields.has(JobField.SQL_BODY) || !fields.has(JobField.TEMPLATE_ID)) {
            return fields;
        }
        TemplateId id = TemplateId.of(fields.get(JobField.TEMPLATE_ID, Long.class).orElseThrow());
        JobTemplate template = catalogue.find(projectId, id).orElseThrow(() -> new InvalidInputException(
                "template_id", "must name a template of this project; there is no template " + id));
        return fields.with(JobFields.of(Map.of(JobField.SQL_BODY, template.sqlBody())));
    }
}
