package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.state.PlanMeanings.StatefulNode;
import dev.dlirun.adapters.client.flink.state.PlannedOperators.PlannedOperator;
import dev.dlirun.adapters.client.flink.state.RestoreRules.Mapped;
import dev.dlirun.domain.state.StateVerdict.OperatorNote;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether the keyed state a restore maps still means the same thing in the new program: the operator that wrote it
 * (in the writer's plan) and the one that would take it up (in the candidate's) each linked to its node of the
 * compiled plan ({@link PlanMeanings}), and their meanings compared. Flink maps state by operator id alone, and a
 * SQL job's operator ids follow the shape of its graph, not its keys: {@code GROUP BY k} changed to {@code GROUP BY v}
 * keeps every id, and Flink would count {@code v}'s rows into {@code k}'s counts without a word.
 *
 * <p>A stream operator is linked to the plan node whose operator it was made from by their description (Flink
 * describes the operator with the node's description), without the number the planner gives each node of a
 * translation ({@link PlannedOperators#withoutNodeNumber}); operators with the same description are linked in
 * topological order.
 */
public final class StateMeaningCheck {

    private StateMeaningCheck() {
    }

    /**
     * What the comparison found.
     *
     * @param incompatible operators whose state would be taken up by an operator where it means something else
     * @param matched      how many keyed states' meanings were compared and are equal
     * @param notCompared  how many keyed states' meanings could not be compared (an operator not linked to a node
     *                     with a meaning, on either side)
     * @param unknown      why the meanings could not be compared at all, when they could not
     */
    public record Result(List<OperatorNote> incompatible, int matched, int notCompared, List<String> unknown) {
        public Result {
            incompatible = List.copyOf(incompatible);
            unknown = List.copyOf(unknown);
        }
    }

    /**
     * Compares the meaning of every mapped keyed state, as the writer's plan kept it and as the candidate's would.
     *
     * @param mapped the state a restore would map ({@link RestoreRules.Outcome#mapped()})
     */
    public static Result compare(List<Mapped> mapped, PlannedJob writer, PlannedJob candidate) {
        return compare(mapped, writer, candidate, PlanMeanings::of);
    }

    /** @param meanings the stateful nodes of a compiled plan, with their meanings ({@link PlanMeanings#of}) */
    static Result compare(List<Mapped> mapped, PlannedJob writer, PlannedJob candidate,
                          Function<String, List<StatefulNode>> meanings) {
        List<String> unknown = new ArrayList<>();
        Optional<Map<String, StatefulNode>> written = meanings(writer, "the definition that wrote the state", meanings,
                unknown);
        Optional<Map<String, StatefulNode>> taken = meanings(candidate, "the new definition", meanings, unknown);
        if (written.isEmpty() || taken.isEmpty()) {
            return new Result(List.of(), 0, 0, unknown);
        }
        List<OperatorNote> incompatible = new ArrayList<>();
        int matched = 0;
        int notCompared = 0;
        for (Mapped m : mapped) {
            if (!m.saved().keyedState()) {
                continue;
            }
            Optional<StatefulNode> before = writer.operators().byId(m.saved().operatorId())
                    .map(operator -> written.get().get(operator.operatorId()));
            StatefulNode after = taken.get().get(m.planned().operatorId());
            if (before.isEmpty() || after == null) {
                notCompared++;
            } else if (before.get().meaning().equals(after.meaning())) {
                matched++;
            } else {
                incompatible.add(new OperatorNote(m.saved().operatorId(), m.planned().shown(), "its state was "
                        + before.get().summary() + ", and would be taken up by " + after.summary()
                        + ": Flink would restore it without a word, and the results would be wrong"));
            }
        }
        return new Result(incompatible, matched, notCompared, unknown);
    }

    /**
     * The plan node with a meaning of each keyed operator of the job, by operator id; empty when the job's plan has
     * no meanings to give (with why, in {@code unknown}).
     */
    private static Optional<Map<String, StatefulNode>> meanings(PlannedJob job, String which,
                                                                Function<String, List<StatefulNode>> meanings,
                                                                List<String> unknown) {
        if (job.compiledPlan().isEmpty()) {
            unknown.add(job.whyNotCompiled().map(why -> "Flink cannot compile the plan of " + which
                    + ", so what its state means cannot be read (" + why + ")")
                    .orElse(which + " is not SQL: what the state of its code means cannot be read"));
            return Optional.empty();
        }
        List<StatefulNode> nodes;
        try {
            nodes = meanings.apply(job.compiledPlan().get());
        } catch (RuntimeException e) {
            unknown.add("what the state of " + which + " means cannot be read from its plan (" + e.getMessage() + ")");
            return Optional.empty();
        }
        return Optional.of(link(job.operators(), nodes));
    }

    /**
     * Links each keyed operator to the plan node it was made from: the same description, the k-th operator of a
     * description (in topological order) to the k-th node of it (in the plan's order).
     */
    static Map<String, StatefulNode> link(PlannedOperators operators, List<StatefulNode> nodes) {
        Map<String, Deque<StatefulNode>> byDescription = new LinkedHashMap<>();
        for (StatefulNode node : nodes.stream().sorted(java.util.Comparator.comparingInt(StatefulNode::nodeId))
                .toList()) {
            byDescription.computeIfAbsent(PlannedOperators.withoutNodeNumber(node.description()),
                    description -> new ArrayDeque<>()).add(node);
        }
        Map<String, StatefulNode> linked = new HashMap<>();
        for (PlannedOperator operator : operators.operators()) {
            if (!operator.keyedState()) {
                continue;
            }
            Deque<StatefulNode> candidates = byDescription.get(PlannedOperators.withoutNodeNumber(
                    operator.description()));
            if (candidates != null && !candidates.isEmpty()) {
                linked.put(operator.operatorId(), candidates.poll());
            }
        }
        return linked;
    }
}
