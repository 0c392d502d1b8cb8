package dev.dlirun.domain.model;

/**
 * The job exists, but what was asked of it cannot be done in its current state (e.g. a savepoint of a job that is not
 * running). The message says why, in the caller's words.
 */
public final class OperationNotAllowedException extends RuntimeException {

    public OperationNotAllowedException(String message) {
        super(message);
    }
}
