package dev.dlirun.adapters.client.local.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runtime logged of one launch, its last lines.
 *
 * @param lines     oldest first
 * @param truncated whether older lines were left out (by the limit, or because the log rolled)
 * @param missing   what the runtime cannot show of the launch's log, and why; empty when it shows all it logged
 */
public record LaunchLog(List<Line> lines, boolean truncated, Optional<String> missing) {

    public LaunchLog {
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        Objects.requireNonNull(missing, "missing");
    }

    /** No lines, and why there are none. */
    public static LaunchLog none(String why) {
        return new LaunchLog(List.of(), false, Optional.of(why));
    }

    /**
     * One line of the log.
     *
     * @param process the process that wrote it ({@code jobmanager}, {@code taskmanager}, ...)
     * @param text    one line, its control characters escaped
     */
    public record Line(String process, String text) {
        public Line {
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(text, "text");
        }
    }
}
