package dev.dlirun.domain.template;

import java.util.Objects;

/**
 * An operation named a template its project does not hold (DLI answers {@code DLI.16001}, as for a job): the same
 * answer whether or not the id exists in another project.
 */
public final class TemplateNotFoundException extends RuntimeException {

    private final TemplateId templateId;

    public TemplateNotFoundException(TemplateId templateId) {
        super("Template " + Objects.requireNonNull(templateId, "templateId") + " does not exist.");
        this.templateId = templateId;
    }

    public TemplateId templateId() {
        return templateId;
    }
}
