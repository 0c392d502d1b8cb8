package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageTemplates;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplateNotFoundException;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;

import java.util.ArrayList;
import java.util.List;

/** The template use cases as the REST tests want them: templates in a list, the last query recorded. */
final class FakeTemplates implements ManageTemplates {

    private final List<JobTemplate> templates = new ArrayList<>();
    volatile TemplateQuery lastQuery;

    @Override
    public synchronized JobTemplate create(ProjectId projectId, NewTemplate template) {
        JobTemplate created = JobTemplate.created(TemplateId.of(templates.size() + 1L), projectId, template,
                1_763_942_400_000L + templates.size());
        templates.add(created);
        return created;
    }

    @Override
    public synchronized TemplatePage list(TemplateQuery query) {
        lastQuery = query;
        return TemplatePage.of(query, List.copyOf(templates));
    }

    @Override
    public synchronized void update(ProjectId projectId, TemplateId id, TemplateChanges changes) {
        JobTemplate current = find(projectId, id);
        templates.set(templates.indexOf(current), current.changed(changes, current.createTime() + 1));
    }

    @Override
    public synchronized void delete(ProjectId projectId, TemplateId id) {
        templates.remove(find(projectId, id));
    }

    private JobTemplate find(ProjectId projectId, TemplateId id) {
        return templates.stream().filter(t -> t.id().equals(id) && t.projectId().equals(projectId)).findFirst()
                .orElseThrow(() -> new TemplateNotFoundException(id));
    }
}
