package dev.dlirun.adapters.rest.auth;

/**
 * The request's credentials are missing or do not hold. Answered 401 with {@code DLI.0013}; the message is written
 * for the caller and never holds a secret.
 */
public final class NotAuthenticatedException extends RuntimeException {

    public NotAuthenticatedException(String message) {
        super(message);
    }
}
