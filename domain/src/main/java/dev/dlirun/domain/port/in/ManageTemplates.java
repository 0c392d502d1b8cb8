package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplateNotFoundException;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;

/** The use cases of Flink SQL job templates: create, list, update and delete a project's templates. */
public interface ManageTemplates {

    /**
     * @throws OperationNotAllowedException when the project already holds as many templates as it may
     */
    JobTemplate create(ProjectId projectId, NewTemplate template);

    /** One page of the project's templates that match the query. */
    TemplatePage list(TemplateQuery query);

    /**
     * Changes what {@code changes} sets; the rest keeps its value.
     *
     * @throws InvalidInputException     when the update changes nothing DLI lets an update change
     * @throws TemplateNotFoundException when the project holds no such template
     */
    void update(ProjectId projectId, TemplateId id, TemplateChanges changes);

    /** @throws TemplateNotFoundException when the project holds no such template */
    void delete(ProjectId projectId, TemplateId id);
}
