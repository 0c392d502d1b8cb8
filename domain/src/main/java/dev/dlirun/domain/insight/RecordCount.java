package dev.dlirun.domain.insight;

import java.util.Objects;

/**
 * How many records one source has read, or one sink has received, in a job's latest run.
 *
 * @param name the task holding the source or sink, as the engine names it (e.g. {@code Source: orders[1]})
 */
public record RecordCount(String name, long records) {

    public RecordCount {
        Objects.requireNonNull(name, "name");
        if (records < 0) {
            throw new IllegalArgumentException("a count of records cannot be negative, not " + records);
        }
    }
}
