package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.TemplateId;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The Flink SQL job templates of the local engine, per project, kept with its jobs (see {@link JobCatalogue#templates()}). */
public interface TemplateCatalogue {

    /**
     * Adds the template {@code template} makes of an id no project uses, unless the project already holds
     * {@code max} templates: the count and the insert are one step, so concurrent creates cannot pass the limit.
     *
     * @return the template as stored; empty when the project holds {@code max} templates
     */
    Optional<JobTemplate> create(ProjectId projectId, int max, Function<TemplateId, JobTemplate> template);

    Optional<JobTemplate> find(ProjectId projectId, TemplateId id);

    /** Every template of the project, in no particular order (a project holds a bounded number). */
    List<JobTemplate> all(ProjectId projectId);

    /**
     * Replaces the template with {@code change} applied to it, as one atomic step; {@code change} may not change its
     * id, project or creation time.
     *
     * @return the template as stored afterwards; empty when the project holds no such template
     */
    Optional<JobTemplate> update(ProjectId projectId, TemplateId id, UnaryOperator<JobTemplate> change);

    /** Removes the template; answers whether the project held it. */
    boolean delete(ProjectId projectId, TemplateId id);

    /** Checks that {@code changed} is {@code current} with other contents, never another key or creation time. */
    static void requireSameKey(JobTemplate current, JobTemplate changed) {
        if (!changed.id().equals(current.id()) || !changed.projectId().equals(current.projectId())
                || changed.createTime() != current.createTime()) {
            throw new IllegalArgumentException("an update cannot move a template or change when it was created");
        }
    }
}
