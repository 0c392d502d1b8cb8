package dev.dlirun.domain.model;

/**
 * The job backend refused this service's own credentials. Nothing a caller can fix: the operator must. Its
 * message is for operators and logs.
 */
public final class BackendCredentialsRejectedException extends RuntimeException {

    public BackendCredentialsRejectedException(String message) {
        super(message);
    }
}
