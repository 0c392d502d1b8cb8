package dev.dlirun.adapters.client.flink.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What the state of each stateful operator of a Flink SQL job means, read from the job's compiled plan
 * ({@code CompiledPlan#asJsonString}), so that a job changed between a savepoint and its restore can be checked for
 * state that Flink would restore into an operator that now means something else.
 *
 * <p>Flink maps a savepoint's state to operators by their ids, which a SQL job derives from the graph's shape: a
 * query changed from {@code GROUP BY k} to {@code GROUP BY v} keeps its shape, so Flink restores the counts per k as
 * counts per v, without a word. Comparing the {@linkplain StatefulNode#meaning meanings} of the plan that wrote the
 * state with the candidate's tells such a change from a harmless one: a meaning holds the lineage of what the state
 * is keyed and computed by, over the source tables' columns (not the names the query gives them), and nothing else,
 * so a filter added upstream, an alias, a renamed sink or a column added after an aggregate leave it as it was,
 * while a changed key, function, argument, window, join side or state TTL changes it. See {@link Lineage} for what
 * lineage is and {@link StateMeaning} for what each node type's meaning holds.
 *
 * <p>A pure function of the plan's text: nothing is planned or run.
 */
public final class PlanMeanings {

    private PlanMeanings() {
    }

    /**
     * The stateful nodes of a Flink SQL compiled plan (CompiledPlan#asJsonString), each with what its state means,
     * in topological order (sources first).
     *
     * @throws IllegalArgumentException when the text is not a compiled plan (not JSON, no nodes, broken edges)
     */
    public static List<StatefulNode> of(String compiledPlanJson) {
        Plan plan = Plan.parse(compiledPlanJson);
        Lineage lineage = new Lineage(plan);
        StateMeaning meanings = new StateMeaning(plan, lineage);
        List<StatefulNode> stateful = new ArrayList<>();
        for (Plan.Node node : plan.topological()) {
            if (StateMeaning.stateful(node)) {
                StateMeaning.Meaning meaning = meanings.of(node);
                stateful.add(new StatefulNode(node.id(), node.type(), node.description(), meaning.meaning(),
                        meaning.summary()));
            }
        }
        return List.copyOf(stateful);
    }

    /**
     * Every node of a compiled plan, in topological order (sources first), with its inputs and, for a source or a
     * sink, its table's connector options ({@link ConnectorOptions}): what links a job's operators to the nodes they
     * were made from, and what a source's or sink's operator state is tied to.
     *
     * @throws IllegalArgumentException when the text is not a compiled plan (not JSON, no nodes, broken edges)
     */
    public static List<PlanNode> nodes(String compiledPlanJson) {
        Plan plan = Plan.parse(compiledPlanJson);
        List<PlanNode> nodes = new ArrayList<>();
        for (Plan.Node node : plan.topological()) {
            nodes.add(new PlanNode(node.id(), node.type(), node.description(),
                    plan.inputs(node).stream().map(Plan.Node::id).toList(), ConnectorOptions.of(node)));
        }
        return List.copyOf(nodes);
    }

    /**
     * One node of a plan.
     *
     * @param nodeId      the node's id in the plan
     * @param type        the node's type without its version, e.g. "stream-exec-sink"
     * @param description the node's "description" field exactly as the plan has it
     * @param inputs      the ids of the nodes it reads from, in the order of its inputs
     * @param connector   a source's or a sink's table and options; empty for any other node
     */
    public record PlanNode(int nodeId, String type, String description, List<Integer> inputs,
                           Optional<Connector> connector) {
        public PlanNode {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * The table a source reads or a sink writes, as its operator state is tied to it.
     *
     * @param role     "source" or "sink"
     * @param table    the table's identifier, e.g. {@code `default_catalog`.`default_database`.`counts`}
     * @param identity the options whose change changes what the connector's state means (everything but tuning);
     *                 empty when the plan does not hold the table's options
     * @param tuning   the options that change how, not what ({@link ConnectorOptions#TUNING})
     */
    public record Connector(String role, String table, Optional<SortedMap<String, String>> identity,
                            SortedMap<String, String> tuning) {
    }

    /**
     * One stateful node of a plan.
     *
     * @param nodeId      the node's id in the plan
     * @param type        the node's type without its version, e.g. "stream-exec-group-aggregate"
     * @param description the node's "description" field exactly as the plan has it (e.g. "GroupAggregate(groupBy=[k],
     *                    select=[k, COUNT(*) AS cnt])"); it is the StreamNode.getOperatorDescription() of the
     *                    operator Flink makes of it after the prefix Flink adds, "[" + the exec node's id + "]:" (an
     *                    id that counts up per planning, the same only for a job run from this very plan), which is
     *                    how the plan's nodes are linked to the job's operators. A sink's state is in the operator
     *                    "SinkMaterializer(pk=[...])" that Flink makes of the sink node besides the writer, under the
     *                    same prefix
     * @param meaning     a canonical text: two nodes' states mean the same thing exactly when their meanings are equal
     * @param summary     for people, e.g. "GroupAggregate(groupBy=[user_id]) count state" or
     *                    "Join(leftKeys=[s.id], rightKeys=[u.id]) INNER join state"
     */
    public record StatefulNode(int nodeId, String type, String description, String meaning, String summary) {
    }
}
