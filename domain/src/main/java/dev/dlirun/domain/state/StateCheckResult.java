package dev.dlirun.domain.state;

import java.util.Objects;

/**
 * A state check's answer: its verdict, and the state it was made against.
 *
 * @param statePath the savepoint or checkpoint checked
 * @param source    how that state came to be checked
 */
public record StateCheckResult(StateVerdict verdict, String statePath, Source source) {

    /** Which state was checked, with its name on the wire. */
    public enum Source {
        /** The one the request named. */
        NAMED("named"),
        /** The job's current savepoint, the one a run with {@code resume_savepoint} restores. */
        SAVEPOINT("savepoint"),
        /** The running job's latest completed checkpoint. */
        CHECKPOINT("checkpoint");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public StateCheckResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(statePath, "statePath");
        Objects.requireNonNull(source, "source");
    }
}
