package dev.dlirun.domain.model;

/** Another job of the project already has the name a job was to be given: names are unique within a project. */
public final class DuplicateJobNameException extends RuntimeException {

    /** @param message what the caller is told */
    public DuplicateJobNameException(String message) {
        super(message);
    }

    /** The name {@code name} is taken. */
    public static DuplicateJobNameException named(String name) {
        return new DuplicateJobNameException("A job named " + name + " already exists in this project; job names "
                + "are unique within a project.");
    }
}
