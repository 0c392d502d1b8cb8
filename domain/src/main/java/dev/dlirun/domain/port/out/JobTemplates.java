package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplateNotFoundException;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;

/**
 * Driven port: the backend's Flink SQL job templates, per project. Every method may also throw
 * {@link BackendUnavailableException} when the backend cannot answer by the deadline.
 */
public interface JobTemplates {

    /**
     * @return the template as stored, with its new id and creation time
     * @throws OperationNotAllowedException when the project already holds as many templates as it may
     */
    JobTemplate create(ProjectId projectId, NewTemplate template, Deadline deadline);

    TemplatePage list(TemplateQuery query, Deadline deadline);

    /** @throws TemplateNotFoundException when the project holds no such template */
    void update(ProjectId projectId, TemplateId id, TemplateChanges changes, Deadline deadline);

    /** @throws TemplateNotFoundException when the project holds no such template */
    void delete(ProjectId projectId, TemplateId id, Deadline deadline);
}
