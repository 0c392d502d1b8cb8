package dev.dlirun.domain.model;

/** Another job of the project already has the name a job was to be given: names are unique within a project. */
public final class DuplicateJobNameException extends RuntimeException {

    public DuplicateJobNameException(String name) {
        super("A job named " + name + " already exists in this project; job names are unique within a project.");
    }
}
