package dev.dlirun.adapters.client.local.runtime;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** A failure told in one short line for a job's owner: its deepest cause, without a stack trace. */
public final class RootCauses {

    /** The longest description kept: a status_desc is read by people and shown in lists. */
    public static final int MAX_LENGTH = 500;

    private RootCauses() {
    }

    /** {@code SimpleName: first line of the message} of the deepest cause in {@code failure}'s chain. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        Throwable deepest = root;
        for (Throwable cause = root.getCause(); cause != null && cause != deepest; cause = cause.getCause()) {
            deepest = cause;
        }
        return oneLine(deepest.getClass().getSimpleName(), deepest.getMessage());
    }

    /** {@code name: first line of message}, or the name alone, at most {@link #MAX_LENGTH} characters. */
    public static String oneLine(String name, String message) {
        String line = message == null || message.isBlank() ? name : name + ": " + message.strip().lines().findFirst().orElse("");
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 1) + "…";
    }
}
