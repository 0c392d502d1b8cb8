package dev.dlirun.domain.template;

import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;

import java.util.List;

/**
 * What a create asks a template to be, within {@link TemplateRules}: absent optional fields are empty (the
 * description and the SQL) or DLI's default ({@code flink_sql_job}).
 */
public record NewTemplate(String name, String desc, String sqlBody, JobType jobType, List<JobTag> tags) {

    public NewTemplate {
        name = TemplateRules.name(name);
        desc = TemplateRules.desc(desc == null ? "" : desc);
        sqlBody = TemplateRules.sqlBody(sqlBody == null ? "" : sqlBody);
        jobType = TemplateRules.type(jobType == null ? TemplateRules.DEFAULT_TYPE : jobType);
        tags = TemplateRules.tags(tags == null ? List.of() : tags);
    }
}
