package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageTemplates;
import dev.dlirun.domain.port.out.JobTemplates;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;

import java.time.Duration;
import java.util.Objects;

/** Creates, lists, updates and deletes Flink SQL job templates through the backend, within the request's budget. */
public final class TemplateService implements ManageTemplates {

    private final JobTemplates templates;
    private final Duration budget;

    public TemplateService(JobTemplates templates, Duration budget) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public JobTemplate create(ProjectId projectId, NewTemplate template) {
        return templates.create(Objects.requireNonNull(projectId, "projectId"),
                Objects.requireNonNull(template, "template"), Deadline.after(budget));
    }

    @Override
    public TemplatePage list(TemplateQuery query) {
        return templates.list(Objects.requireNonNull(query, "query"), Deadline.after(budget));
    }

    @Override
    public void update(ProjectId projectId, TemplateId id, TemplateChanges changes) {
        if (changes.isEmpty()) {
            // An update that sets nothing is a caller's mistake, not a silent success.
            throw new InvalidInputException("body", "must set at least one of name, desc and sql_body");
        }
        templates.update(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"), changes,
                Deadline.after(budget));
    }

    @Override
    public void delete(ProjectId projectId, TemplateId id) {
        templates.delete(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Deadline.after(budget));
    }
}
