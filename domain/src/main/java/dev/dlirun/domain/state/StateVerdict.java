package dev.dlirun.domain.state;

import java.util.List;
import java.util.Objects;

/**
 * What a state compatibility check found: whether a job's state (a savepoint or checkpoint) restores into a candidate
 * definition of the job, and still means the same thing there.
 *
 * <ul>
 *   <li>{@link Kind#COMPATIBLE}: every operator's state is taken up by an operator of the candidate that keeps the
 *       same kind of state over the same keys; Flink restores it and the results go on as if nothing had changed.</li>
 *   <li>{@link Kind#DROPS_STATE}: Flink would restore only with {@code allowNonRestoredState}, dropping the state of
 *       {@link #operators}; what remains means the same thing.</li>
 *   <li>{@link Kind#INCOMPATIBLE}: Flink would refuse the state whatever the setting (e.g. the maximum parallelism),
 *       or would take it up into operators where it means something else (e.g. a {@code GROUP BY} over another key:
 *       silently wrong results). {@link #operators} names them.</li>
 *   <li>{@link Kind#UNKNOWN}: the check cannot tell (e.g. the state was written by another Flink version, or by code
 *       the service cannot see); {@link #reason} says why.</li>
 * </ul>
 *
 * @param reason    one sentence for people: why this verdict
 * @param operators the operators the verdict is about (dropped, or incompatible), in the state's order
 */
public record StateVerdict(Kind kind, String reason, List<OperatorNote> operators) {

    /** The four verdicts, with their names on the wire. */
    public enum Kind {
        COMPATIBLE("compatible"),
        DROPS_STATE("drops_state"),
        INCOMPATIBLE("incompatible"),
        UNKNOWN("unknown");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * One operator of the state the verdict is about.
     *
     * @param operatorId the operator's id in the state (Flink's operator id, 32 hex digits)
     * @param operator   what it is, e.g. {@code GroupAggregate(groupBy=[user_id], select=[user_id, COUNT(*) AS cnt])}
     * @param note       what happens to its state, e.g. {@code its keyed state (12 KB) would be dropped}
     */
    public record OperatorNote(String operatorId, String operator, String note) {
        public OperatorNote {
            Objects.requireNonNull(operatorId, "operatorId");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(note, "note");
        }
    }

    public StateVerdict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        operators = List.copyOf(operators);
    }

    public static StateVerdict compatible(String reason) {
        return new StateVerdict(Kind.COMPATIBLE, reason, List.of());
    }

    public static StateVerdict dropsState(String reason, List<OperatorNote> dropped) {
        return new StateVerdict(Kind.DROPS_STATE, reason, dropped);
    }

    public static StateVerdict incompatible(String reason, List<OperatorNote> operators) {
        return new StateVerdict(Kind.INCOMPATIBLE, reason, operators);
    }

    public static StateVerdict unknown(String reason) {
        return new StateVerdict(Kind.UNKNOWN, reason, List.of());
    }

    /**
     * Whether a launch restoring the state may go on: a compatible state always; one that drops state only when the
     * run allows dropping it (Flink's {@code allowNonRestoredState}); an incompatible or unknown one never.
     */
    public boolean allowsRestore(boolean allowNonRestoredState) {
        return kind == Kind.COMPATIBLE || (kind == Kind.DROPS_STATE && allowNonRestoredState);
    }

    /**
     * The verdict in one line, for a job's {@code status_desc}: the verdict's name, its reason, and the operators it is
     * about, e.g. {@code The state check says incompatible: ... GroupAggregate(groupBy=[v]) (...): its count state was
     * written for groupBy=[k].}
     */
    public String describe() {
        StringBuilder text = new StringBuilder("The state check says ").append(kind.wireName()).append(": ")
                .append(reason);
        for (OperatorNote note : operators) {
            text.append(text.charAt(text.length() - 1) == '.' ? " " : ". ").append(note.operator()).append(" (")
                    .append(note.operatorId()).append("): ").append(note.note());
        }
        if (text.charAt(text.length() - 1) != '.') {
            text.append('.');
        }
        return text.toString();
    }
}
