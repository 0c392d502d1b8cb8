package dev.dlirun.domain.template;

import java.util.Optional;

/**
 * What an update changes of a template (DLI's update takes its name, description and SQL); an empty field keeps its
 * value, as a job's update does.
 */
public record TemplateChanges(Optional<String> name, Optional<String> desc, Optional<String> sqlBody) {

    public TemplateChanges {
        name = name.map(TemplateRules::name);
        desc = desc.map(TemplateRules::desc);
        sqlBody = sqlBody.map(TemplateRules::sqlBody);
    }

    public boolean isEmpty() {
        return name.isEmpty() && desc.isEmpty() && sqlBody.isEmpty();
    }
}
