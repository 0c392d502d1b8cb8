package dev.dlirun.domain.template;

import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.util.List;
import java.util.Objects;

/**
 * A Flink SQL job template of a project: SQL a job can be created from ({@code template_id} without {@code sql_body}).
 *
 * @param createTime when it was created, epoch milliseconds
 * @param updateTime when it was last changed, epoch milliseconds (its creation time until then)
 */
public record JobTemplate(TemplateId id, ProjectId projectId, String name, String desc, String sqlBody,
                          JobType jobType, List<JobTag> tags, long createTime, long updateTime) {

    public JobTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        name = TemplateRules.name(name);
        desc = TemplateRules.desc(desc);
        sqlBody = TemplateRules.sqlBody(sqlBody);
        jobType = TemplateRules.type(jobType);
        tags = TemplateRules.tags(tags);
    }

    /** The template {@code template} asks for, given its id, project and creation time. */
    public static JobTemplate created(TemplateId id, ProjectId projectId, NewTemplate template, long now) {
        return new JobTemplate(id, projectId, template.name(), template.desc(), template.sqlBody(),
                template.jobType(), template.tags(), now, now);
    }

    /** This template with {@code changes} made at {@code now}. */
    public JobTemplate changed(TemplateChanges changes, long now) {
        return new JobTemplate(id, projectId, changes.name().orElse(name), changes.desc().orElse(desc),
                changes.sqlBody().orElse(sqlBody), jobType, tags, createTime, Math.max(now, createTime));
    }
}
