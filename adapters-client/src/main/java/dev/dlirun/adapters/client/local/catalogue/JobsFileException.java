package dev.dlirun.adapters.client.local.catalogue;

/** A jobs file that cannot be loaded; the message says which file, which element and what is wrong. */
public final class JobsFileException extends RuntimeException {

    public JobsFileException(String message) {
        super(message);
    }

    public JobsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
