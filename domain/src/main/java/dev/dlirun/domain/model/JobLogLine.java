package dev.dlirun.domain.model;

import java.util.Objects;

/**
 * One line of a job's log.
 *
 * @param process the process that wrote it (e.g. {@code jobmanager}, {@code taskmanager})
 * @param text    the line, its control characters escaped: one line, whatever the job logged
 */
public record JobLogLine(String process, String text) {

    public JobLogLine {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a log line is one line");
        }
    }
}
