package dev.dlirun.domain.model;

import java.util.Objects;

/**
 * An input that breaks a rule of the model. Its message names the offending field and the rule it breaks,
 * and is written to be shown to the caller as it is.
 */
public final class InvalidInputException extends RuntimeException {

    private final String field;
    private final String rule;

    /**
     * @param field the field as the caller knows it, e.g. {@code job_ids[2]}
     * @param rule  what the field must be, e.g. {@code must not be empty}
     */
    public InvalidInputException(String field, String rule) {
        super(Objects.requireNonNull(field, "field") + " " + Objects.requireNonNull(rule, "rule") + ".");
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }

    /** The same broken rule, reported against the field's name in the caller's terms. */
    public InvalidInputException reportedAs(String callerField) {
        return new InvalidInputException(callerField, rule);
    }
}
