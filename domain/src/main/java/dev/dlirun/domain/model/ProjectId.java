package dev.dlirun.domain.model;

import java.util.regex.Pattern;

/** A DLI project id: the unit of resource isolation. Jobs of one project are invisible to every other. */
public record ProjectId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ProjectId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new InvalidInputException("project_id",
                    "must be 1 to 64 characters, each a letter, a digit, '_' or '-'");
        }
    }

    public static ProjectId of(String value) {
        return new ProjectId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
