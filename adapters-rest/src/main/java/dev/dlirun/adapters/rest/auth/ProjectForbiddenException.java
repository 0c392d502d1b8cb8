package dev.dlirun.adapters.rest.auth;

/**
 * An authenticated caller named a project it may not use. Answered 403 with {@code DLI.0003}, the same whether or not
 * the project exists, so that nothing about other projects shows.
 */
public final class ProjectForbiddenException extends RuntimeException {

    public ProjectForbiddenException(String projectId) {
        super("This caller may not use project " + projectId + ".");
    }
}
