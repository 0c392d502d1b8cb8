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
 *
 * <p>The operator state of a source or a sink (not keyed: a Kafka source's offsets, a file sink's open part files and
 * pending commits) is tied to the place its table's connector options name, not to a key: each mapped operator with
 * such state that was made from a scan or a sink node (the scan's source by its description; the operators a
 * connector makes with descriptions of their own, a file sink's {@code StreamingFileWriter}, a sink's writer and
 * committer, by the inputs that lead to the sink) is compared by its table's identity options
 * ({@link ConnectorOptions}): Flink restores a file sink's state into the sink of another path, which then goes on
 * writing into the old one.
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
     * @param connectorsMatched     how many sources' and sinks' operator states were compared by their tables'
     *                              connector options ({@link ConnectorOptions}) and are tied to the same place
     * @param connectorsNotCompared how many sources' and sinks' operator states could not be compared (an operator
     *                              not traced to its plan node, or a table whose options the plan does not hold)
     */
    public record Result(List<OperatorNote> incompatible, int matched, int notCompared, List<String> unknown,
                         int connectorsMatched, int connectorsNotCompared) {
        public Result {
            incompatible = List.copyOf(incompatible);
            unknown = List.copyOf(unknown);
        }

        Result(List<OperatorNote> incompatible, int matched, int notCompared, List<String> unknown) {
            this(incompatible, matched, notCompared, unknown, 0, 0);
        }
    }

    /**
     * Compares the meaning of every mapped keyed state, as the writer's plan kept it and as the candidate's would.
     *
     * @param mapped the state a restore would map ({@link RestoreRules.Outcome#mapped()})
     */
    public static Result compare(List<Mapped> mapped, PlannedJob writer, PlannedJob candidate) {
        return compare(mapped, writer, candidate, PlanMeanings::of, PlanMeanings::nodes);
    }

    /**
     * @param meanings the stateful nodes of a compiled plan, with their meanings ({@link PlanMeanings#of})
     * @param nodes    every node of a compiled plan, with its connector ({@link PlanMeanings#nodes})
     */
    static Result compare(List<Mapped> mapped, PlannedJob writer, PlannedJob candidate,
                          Function<String, List<StatefulNode>> meanings,
                          Function<String, List<PlanMeanings.PlanNode>> nodes) {
        Result keyed = compareKeyed(mapped, writer, candidate, meanings);
        if (!keyed.unknown().isEmpty() || writer.compiledPlan().isEmpty() || candidate.compiledPlan().isEmpty()) {
            return keyed;
        }
        List<String> unknown = new ArrayList<>();
        Optional<Map<Integer, PlanMeanings.PlanNode>> written = origins(writer, "the definition that wrote the state",
                nodes, unknown);
        Optional<Map<Integer, PlanMeanings.PlanNode>> taken = origins(candidate, "the new definition", nodes, unknown);
        if (written.isEmpty() || taken.isEmpty()) {
            return new Result(keyed.incompatible(), keyed.matched(), keyed.notCompared(), unknown);
        }
        List<OperatorNote> incompatible = new ArrayList<>(keyed.incompatible());
        int matched = 0;
        int notCompared = 0;
        for (Mapped m : mapped) {
            if (!connectorState(m.saved())) {
                continue;
            }
            Optional<PlanMeanings.Connector> before = writer.operators().byId(m.saved().operatorId())
                    .map(operator -> written.get().get(operator.nodeId()))
                    .flatMap(PlanMeanings.PlanNode::connector);
            Optional<PlanMeanings.Connector> after = Optional.ofNullable(taken.get().get(m.planned().nodeId()))
                    .flatMap(PlanMeanings.PlanNode::connector);
            if (before.isEmpty() && after.isEmpty()) {
                continue;
            }
            if (before.isEmpty() || after.isEmpty() || before.get().identity().isEmpty()
                    || after.get().identity().isEmpty()) {
                notCompared++;
                continue;
            }
            Optional<String> changed = changed(before.get(), after.get());
            if (changed.isEmpty()) {
                matched++;
            } else {
                incompatible.add(new OperatorNote(m.saved().operatorId(), m.planned().shown(), changed.get()));
            }
        }
        return new Result(incompatible, keyed.matched(), keyed.notCompared(), unknown, matched, notCompared);
    }

    /**
     * Whether the operator's state is a connector's kind of state: operator state (not keyed) or its coordinator's
     * (a source's split enumerator). An operator with keyed state only (a sink's upsert materializer) keeps rows by
     * key, whose meaning is compared as a keyed state's.
     */
    static boolean connectorState(StateMetadata.SavedOperator saved) {
        return saved.coordinatorState() || (saved.hasState() && !saved.keyedState());
    }

    /**
     * Why a source's or sink's state written for one table's place cannot be taken up by another's: the identity
     * options that differ, in words; empty when the role and every identity option are the same.
     */
    static Optional<String> changed(PlanMeanings.Connector before, PlanMeanings.Connector after) {
        if (!before.role().equals(after.role())) {
            return Optional.of("its state was written by the " + before.role() + " of table " + before.table()
                    + ", and would be taken up by the " + after.role() + " of table " + after.table()
                    + ": Flink would restore it without a word, and the results would be wrong");
        }
        java.util.SortedMap<String, String> old = before.identity().orElseThrow();
        java.util.SortedMap<String, String> now = after.identity().orElseThrow();
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        List<String> was = new ArrayList<>();
        List<String> is = new ArrayList<>();
        for (String key : keys) {
            if (!java.util.Objects.equals(old.get(key), now.get(key))) {
                was.add(key + "=" + old.getOrDefault(key, "(not set)"));
                is.add(key + "=" + now.getOrDefault(key, "(not set)"));
            }
        }
        if (was.isEmpty()) {
            return Optional.empty();
        }
        String connector = now.getOrDefault("connector", old.getOrDefault("connector", "?"));
        boolean sink = after.role().equals("sink");
        return Optional.of("its state was written for " + String.join(", ", was) + "; the new definition "
                + (sink ? "writes " : "reads ") + String.join(", ", is) + " (table " + after.table() + "): Flink "
                + "restores the " + connector + " " + after.role() + "'s state by its operator id alone, and "
                + (sink ? "its sink would go on writing into " + String.join(", ", was) + " (the open files, "
                + "transactions and commits its state holds there)"
                : "its source would go on from the positions its state holds in " + String.join(", ", was))
                + ", so the results would be wrong");
    }

    /**
     * The plan node each operator of the job was made from, by stream node id: the node of the same description
     * (without the planner's number; the k-th operator of a description to the k-th node of it), else, for an
     * operator a connector makes with a description of its own (a file sink's {@code StreamingFileWriter}, a sink's
     * writer and committer), the sink its inputs lead to: an input made from a sink node, or the one sink whose
     * nearest input made into an operator is the input's node. Empty with why (in {@code unknown}) when the plan
     * does not read.
     */
    private static Optional<Map<Integer, PlanMeanings.PlanNode>> origins(PlannedJob job, String which,
            Function<String, List<PlanMeanings.PlanNode>> nodes, List<String> unknown) {
        List<PlanMeanings.PlanNode> plan;
        try {
            plan = nodes.apply(job.compiledPlan().orElseThrow());
        } catch (RuntimeException e) {
            unknown.add("what the state of " + which + "'s sources and sinks is tied to cannot be read from its plan ("
                    + e.getMessage() + ")");
            return Optional.empty();
        }
        return Optional.of(origins(job.operators(), plan));
    }

    static Map<Integer, PlanMeanings.PlanNode> origins(PlannedOperators operators, List<PlanMeanings.PlanNode> plan) {
        Map<String, Deque<PlanMeanings.PlanNode>> byDescription = new LinkedHashMap<>();
        Map<Integer, PlanMeanings.PlanNode> byId = new HashMap<>();
        for (PlanMeanings.PlanNode node : plan.stream()
                .sorted(java.util.Comparator.comparingInt(PlanMeanings.PlanNode::nodeId)).toList()) {
            byId.put(node.nodeId(), node);
            if (!node.description().isBlank()) {
                byDescription.computeIfAbsent(PlannedOperators.withoutNodeNumber(node.description()),
                        description -> new ArrayDeque<>()).add(node);
            }
        }
        Map<Integer, PlanMeanings.PlanNode> origin = new HashMap<>();
        for (PlannedOperator operator : operators.operators()) {
            Deque<PlanMeanings.PlanNode> candidates = byDescription.get(PlannedOperators.withoutNodeNumber(
                    operator.description()));
            if (candidates != null && !candidates.isEmpty()) {
                origin.put(operator.nodeId(), candidates.poll());
            }
        }
        java.util.Set<Integer> madeIntoOperators = new java.util.HashSet<>();
        origin.values().forEach(node -> madeIntoOperators.add(node.nodeId()));
        // Each sink by the nearest of its inputs made into an operator (an exchange is made into none).
        Map<Integer, List<PlanMeanings.PlanNode>> sinksAfter = new HashMap<>();
        for (PlanMeanings.PlanNode node : plan) {
            if (node.connector().filter(connector -> connector.role().equals("sink")).isEmpty()) {
                continue;
            }
            PlanMeanings.PlanNode input = node;
            while (input.inputs().size() == 1 && byId.containsKey(input.inputs().get(0))) {
                input = byId.get(input.inputs().get(0));
                if (madeIntoOperators.contains(input.nodeId())) {
                    sinksAfter.computeIfAbsent(input.nodeId(), id -> new ArrayList<>()).add(node);
                    break;
                }
            }
        }
        for (PlannedOperator operator : operators.operators()) {
            if (origin.containsKey(operator.nodeId()) || operator.inputs().isEmpty()) {
                continue;
            }
            java.util.Set<PlanMeanings.PlanNode> from = new java.util.HashSet<>();
            for (int input : operator.inputs()) {
                PlanMeanings.PlanNode inputsOrigin = origin.get(input);
                if (inputsOrigin == null) {
                    from.add(null);
                } else if (inputsOrigin.connector().filter(connector -> connector.role().equals("sink"))
                        .isPresent()) {
                    from.add(inputsOrigin);
                } else {
                    List<PlanMeanings.PlanNode> sinks = sinksAfter.getOrDefault(inputsOrigin.nodeId(), List.of());
                    from.add(sinks.size() == 1 ? sinks.get(0) : null);
                }
            }
            if (from.size() == 1 && !from.contains(null)) {
                origin.put(operator.nodeId(), from.iterator().next());
            }
        }
        return origin;
    }

    /** The keyed states' comparison: each keyed operator's meaning, in the writer's plan and in the candidate's. */
    private static Result compareKeyed(List<Mapped> mapped, PlannedJob writer, PlannedJob candidate,
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
