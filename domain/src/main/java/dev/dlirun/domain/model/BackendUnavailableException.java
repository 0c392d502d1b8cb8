package dev.dlirun.domain.model;

/**
 * The job backend (the local engine, or DLI) cannot be reached at all, so nothing about the request's jobs
 * is known. Its message is for operators and logs, not for callers. An adapter may say more with a subclass of its
 * own (the local engine's catalogue out of reach), which every caller still takes as this.
 */
public class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
