package dev.dlirun.adapters.client.local.runtime;

/**
 * The runtime cannot be asked now (it is starting, or a remote cluster cannot be reached). Nothing was decided about
 * the job: asking again later may work.
 */
public final class RuntimeUnavailableException extends RuntimeException {

    public RuntimeUnavailableException(String message) {
        super(message);
    }

    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
