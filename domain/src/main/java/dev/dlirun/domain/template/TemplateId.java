package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;

/** A Flink SQL job template's id, unique across projects, as DLI's {@code template_id} (int64 on the wire). */
public record TemplateId(long value) {

    public TemplateId {
        if (value < 1) {
            throw new InvalidInputException("template_id", "must be an integer from 1 to " + Long.MAX_VALUE);
        }
    }

    public static TemplateId of(long value) {
        return new TemplateId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
