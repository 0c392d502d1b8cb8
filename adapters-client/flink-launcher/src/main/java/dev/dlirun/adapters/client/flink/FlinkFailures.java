package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.RootCauses;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.ValidationException;

import java.util.List;

/**
 * Flink's failures told in one short line. The top of Flink's exception chains says little ("Failed to execute sql",
 * "Recovery is suppressed by NoRestartBackoffTimeStrategy"): the real cause is at the bottom.
 */
final class FlinkFailures {

    private static final String CAUSED_BY = "Caused by: ";
    /** How Flink's REST client quotes the server's stack trace in the message of the exception it throws. */
    private static final String SERVER_SIDE = "<Exception on server side:";

    private FlinkFailures() {
    }

    /**
     * The root cause of a failure Flink reports as a stack trace's text (its REST API's exception history): the last
     * {@code Caused by:} of the trace, or its first line.
     */
    static String rootCauseOfTrace(String trace) {
        if (trace == null || trace.isBlank()) {
            return "The job failed; Flink gave no reason.";
        }
        List<String> lines = trace.lines().toList();
        String cause = lines.get(0);
        for (String line : lines) {
            if (line.startsWith(CAUSED_BY)) {
                cause = line.substring(CAUSED_BY.length());
            }
        }
        int colon = cause.indexOf(": ");
        String type = colon < 0 ? cause : cause.substring(0, colon);
        String message = colon < 0 ? null : cause.substring(colon + 2);
        return RootCauses.oneLine(type.substring(type.lastIndexOf('.') + 1), message);
    }

    /** Flink's words when a table names a connector or format it has no factory for, and what it lists instead. */
    private static final java.util.regex.Pattern NO_FACTORY = java.util.regex.Pattern.compile(
            "Could not find any factory for identifier '([^']*)' that implements '([\\w.$]+)'.*?"
                    + "(?:Available factory identifiers are:\\s*(.*))?$", java.util.regex.Pattern.DOTALL);

    /**
     * When a connector or format a table names is not installed, which, and what is installed instead: Flink says so
     * two causes below a top line that only says the table could not be created.
     */
    static java.util.Optional<String> missingFactory(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            java.util.regex.Matcher matcher = message == null ? null : NO_FACTORY.matcher(message.strip());
            if (matcher != null && matcher.find()) {
                String kind = matcher.group(2).contains("Format") ? "format" : "connector";
                List<String> offered = matcher.group(3) == null ? List.of() : matcher.group(3).lines()
                        .map(String::strip).filter(id -> !id.isEmpty() && !id.startsWith("dlirun_")).sorted()
                        .distinct().toList();
                return java.util.Optional.of("The " + kind + " '" + matcher.group(1) + "' is not installed where the "
                        + "job is planned; the " + kind + "s installed: "
                        + (offered.isEmpty() ? "none" : String.join(", ", offered)));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A failure of a job's code in this JVM (planning its SQL, loading its jar). A SQL mistake is told as the planner
     * tells it, with its place in the statement; anything else by its root cause.
     */
    static String describe(Throwable failure) {
        java.util.Optional<String> missing = missingFactory(failure);
        if (missing.isPresent()) {
            return missing.get();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SqlParserException || cause instanceof ValidationException) {
                String message = cause.getMessage();
                if (message != null && !message.isBlank()) {
                    // The planner's own words ("SQL parse failed. Encountered ... at line 1, column 29") say it all.
                    String line = message.strip().lines().findFirst().orElse(message);
                    return line.length() <= RootCauses.MAX_LENGTH ? line
                            : line.substring(0, RootCauses.MAX_LENGTH - 1) + "…";
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage();
        if (message != null && message.contains(SERVER_SIDE)) {
            return rootCauseOfTrace(message.substring(message.indexOf(SERVER_SIDE) + SERVER_SIDE.length()).strip());
        }
        return RootCauses.describe(failure);
    }
}
