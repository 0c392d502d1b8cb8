package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.state.PlannedOperators.PlannedOperator;
import dev.dlirun.adapters.client.flink.state.StateMetadata.SavedOperator;

import java.util.List;
import java.util.Optional;

/** Synthetic states and plans, for the rules' tests: what Flink's metadata and job graphs would hold. */
final class Synthetic {

    private Synthetic() {
    }

    static String id(int n) {
        return String.format("%032x", n);
    }

    /** An operator's keyed state, of one subtask, written with max parallelism {@code maxParallelism}. */
    static SavedOperator keyed(int id, int maxParallelism) {
        return new SavedOperator(id(id), Optional.empty(), 1, maxParallelism, true, false, true, true, 12 * 1024);
    }

    /** An operator's operator state (a source's position, say), not keyed. */
    static SavedOperator operatorState(int id, int maxParallelism) {
        return new SavedOperator(id(id), Optional.of("Source: events"), 1, maxParallelism, true, false, false, true,
                300);
    }

    /** An operator the state lists without any. */
    static SavedOperator empty(int id) {
        return new SavedOperator(id(id), Optional.empty(), 1, 128, false, false, false, false, 0);
    }

    /** An operator whose coordinator alone has state. */
    static SavedOperator coordinatorOnly(int id) {
        return new SavedOperator(id(id), Optional.empty(), 1, 128, false, true, false, false, 40);
    }

    static PlannedOperator planned(int id, String description, boolean keyed, String vertex, int parallelism,
                                   int maxParallelism) {
        return new PlannedOperator(id, id(id), Optional.empty(), description, description, keyed, false, vertex,
                parallelism, maxParallelism);
    }

    static PlannedOperators plan(PlannedOperator... operators) {
        return new PlannedOperators(List.of(operators));
    }
}
