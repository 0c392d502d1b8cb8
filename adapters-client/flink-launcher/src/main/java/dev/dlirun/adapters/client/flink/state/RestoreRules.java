package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.state.PlannedOperators.PlannedOperator;
import dev.dlirun.adapters.client.flink.state.StateMetadata.SavedOperator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Flink's own rules for restoring state into a program, as the JobManager applies them, offline: a pure function of
 * the state's metadata and the candidate's planned operators.
 *
 * <ol>
 *   <li>Each operator's state goes to the operator of the new program with its id, generated or user-defined
 *       ({@code org.apache.flink.runtime.checkpoint.Checkpoints#loadAndValidateCheckpoint}, which maps both ids of
 *       every {@code OperatorIDPair}).</li>
 *   <li>Its maximum parallelism must equal the operator's vertex's, unless the vertex may take the state's
 *       ({@code ExecutionJobVertex#canRescaleMaxParallelism}: only when the program sets no maximum parallelism,
 *       {@code SchedulerBase#computeVertexParallelismStore}: "Cannot override a configured max parallelism").</li>
 *   <li>A vertex whose state is restored ({@code TaskStateAssignment}'s {@code hasNonFinishedState}) cannot run more
 *       instances than the state's maximum parallelism ({@code StateAssignmentOperation#checkParallelismPreconditions}:
 *       the state's key groups are the most instances it can be split into).</li>
 *   <li>State of an operator the program no longer has is refused unless the restore allows non-restored state, when
 *       it has any ({@code OperatorSubtaskState#hasState()}) or its coordinator has state; empty state is skipped
 *       ({@code Checkpoints#loadAndValidateCheckpoint}).</li>
 * </ol>
 */
public final class RestoreRules {

    private RestoreRules() {
    }

    /** State taken up by an operator of the new program. */
    public record Mapped(SavedOperator saved, PlannedOperator planned) {
    }

    /** State Flink would refuse whatever the restore allows, and why, in plain words. */
    public record Conflict(SavedOperator saved, PlannedOperator planned, String why) {
    }

    /**
     * What a restore would do with each operator's state.
     *
     * @param mapped    taken up by an operator of the new program
     * @param dropped   of operators the program no longer has: the restore needs {@code allowNonRestoredState}, and
     *                  drops it
     * @param skipped   of operators the program no longer has, but empty: skipped whatever the setting
     * @param conflicts refused whatever the setting (the maximum parallelism)
     */
    public record Outcome(List<Mapped> mapped, List<SavedOperator> dropped, List<SavedOperator> skipped,
                          List<Conflict> conflicts) {
        public Outcome {
            mapped = List.copyOf(mapped);
            dropped = List.copyOf(dropped);
            skipped = List.copyOf(skipped);
            conflicts = List.copyOf(conflicts);
        }
    }

    /** Applies the rules to every operator of the state, in the state's order. */
    public static Outcome apply(List<SavedOperator> state, PlannedOperators candidate) {
        List<Mapped> mapped = new ArrayList<>();
        List<SavedOperator> dropped = new ArrayList<>();
        List<SavedOperator> skipped = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (SavedOperator saved : state) {
            Optional<PlannedOperator> planned = candidate.byId(saved.operatorId());
            if (planned.isEmpty()) {
                if (saved.coordinatorState() || saved.hasState()) {
                    dropped.add(saved);
                } else {
                    skipped.add(saved);
                }
            } else if (planned.get().maxParallelismSet() && planned.get().maxParallelism() != saved.maxParallelism()) {
                conflicts.add(new Conflict(saved, planned.get(), "its state was written with max parallelism "
                        + saved.maxParallelism() + ", and the new program sets its max parallelism to "
                        + planned.get().maxParallelism() + ": Flink restores keyed state only into the max parallelism "
                        + "it was written with, and never changes a max parallelism the program sets"));
            } else {
                mapped.add(new Mapped(saved, planned.get()));
            }
        }
        // A vertex whose state is restored is split into no more instances than the state has key groups.
        Set<String> restoredVertices = new HashSet<>();
        mapped.stream().filter(m -> m.saved().nonFinishedState())
                .forEach(m -> restoredVertices.add(m.planned().vertexId()));
        List<Mapped> kept = new ArrayList<>();
        for (Mapped m : mapped) {
            if (restoredVertices.contains(m.planned().vertexId())
                    && m.saved().maxParallelism() < m.planned().parallelism()) {
                conflicts.add(new Conflict(m.saved(), m.planned(), "its state was written with max parallelism "
                        + m.saved().maxParallelism() + ", lower than the parallelism " + m.planned().parallelism()
                        + " the new program runs it with: the state is split into " + m.saved().maxParallelism()
                        + " key groups, which " + m.planned().parallelism() + " instances cannot share"
                        + (m.planned().maxParallelismSet() ? "" : " (the program sets no max parallelism, so Flink "
                        + "would take the state's " + m.saved().maxParallelism() + ")")));
            } else {
                kept.add(m);
            }
        }
        return new Outcome(kept, dropped, skipped, conflicts);
    }
}
