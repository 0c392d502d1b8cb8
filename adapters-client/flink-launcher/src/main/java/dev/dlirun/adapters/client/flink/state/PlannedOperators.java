package dev.dlirun.adapters.client.flink.state;

import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operators of a planned job as a restore sees them: each stream operator with the operator id Flink's job graph
 * generator gives it ({@link StreamGraphHasherV2}: a hash of its place in the graph, or of its {@code uid} when it has
 * one), the user-defined id of {@code setUidHash} when it has one ({@link OperatorIDPair#getUserDefinedOperatorID()}),
 * and the parallelism and maximum parallelism of the job vertex it is chained into, as the scheduler will run it.
 *
 * @param operators in topological order, from the sources
 */
public record PlannedOperators(List<PlannedOperator> operators) {

    /** The maximum parallelism of a vertex whose plan sets none (the scheduler then derives one). */
    public static final int NOT_SET = -1;

    /**
     * One stream operator.
     *
     * @param operatorId               the id Flink gives it (32 hex digits)
     * @param userDefinedId            the id of its {@code setUidHash}, when it has one
     * @param description              {@code StreamNode#getOperatorDescription()}, e.g. for SQL
     *                                 {@code GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS c])}
     * @param keyedState               whether it keeps keyed state (it has a state key serializer)
     * @param hasUid                   whether its id comes from a {@code uid} or {@code setUidHash}
     * @param vertexId                 the job vertex (task) it is chained into
     * @param parallelism              its vertex's parallelism
     * @param maxParallelism           its vertex's maximum parallelism, {@link #NOT_SET} when the plan sets none
     * @param inputs                   the stream node ids ({@link #nodeId}) of the operators it reads from, in the
     *                                 order of its inputs: how an operator a connector makes without a description of
     *                                 its plan node (a file sink's {@code StreamingFileWriter}) is traced to that node
     */
    public record PlannedOperator(int nodeId, String operatorId, Optional<String> userDefinedId, String name,
                                  String description, boolean keyedState, boolean hasUid, String vertexId,
                                  int parallelism, int maxParallelism, List<Integer> inputs) {

        public PlannedOperator {
            inputs = List.copyOf(inputs);
        }

        /** An operator whose inputs are not known (a synthetic one). */
        public PlannedOperator(int nodeId, String operatorId, Optional<String> userDefinedId, String name,
                               String description, boolean keyedState, boolean hasUid, String vertexId,
                               int parallelism, int maxParallelism) {
            this(nodeId, operatorId, userDefinedId, name, description, keyedState, hasUid, vertexId, parallelism,
                    maxParallelism, List.of());
        }

        /** Whether the maximum parallelism was set (pipeline.max-parallelism, or on the operator). */
        public boolean maxParallelismSet() {
            return maxParallelism != NOT_SET;
        }

        /**
         * The operator for people: its description without the planner's node number, else its name, e.g.
         * {@code GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS c])}.
         */
        public String shown() {
            return withoutNodeNumber(description != null && !description.isBlank() ? description : name);
        }
    }

    public PlannedOperators {
        operators = List.copyOf(operators);
    }

    /**
     * The operators of {@code graph}, their ids and vertices as {@code StreamGraph#getJobGraph} makes them (the job
     * graph a submission of the graph would send).
     */
    public static PlannedOperators of(StreamGraph graph, ClassLoader classLoader) {
        Map<OperatorID, Integer> nodeOf = new HashMap<>();
        new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph)
                .forEach((node, hash) -> nodeOf.put(new OperatorID(hash), node));
        int defaultParallelism = graph.getExecutionConfig().getParallelism();
        JobGraph job = graph.getJobGraph(classLoader);
        Map<Integer, PlannedOperator> byNode = new HashMap<>();
        for (JobVertex vertex : job.getVertices()) {
            int parallelism = vertex.getParallelism() > 0 ? vertex.getParallelism() : defaultParallelism;
            for (OperatorIDPair pair : vertex.getOperatorIDs()) {
                Integer nodeId = nodeOf.get(pair.getGeneratedOperatorID());
                if (nodeId == null) {
                    continue;
                }
                StreamNode node = graph.getStreamNode(nodeId);
                byNode.put(nodeId, new PlannedOperator(nodeId, pair.getGeneratedOperatorID().toHexString(),
                        pair.getUserDefinedOperatorID().map(OperatorID::toHexString), node.getOperatorName(),
                        node.getOperatorDescription(), node.getStateKeySerializer() != null,
                        node.getTransformationUID() != null || node.getUserHash() != null,
                        vertex.getID().toHexString(), parallelism,
                        vertex.getMaxParallelism() > 0 ? vertex.getMaxParallelism() : NOT_SET,
                        node.getInEdges().stream().map(edge -> edge.getSourceId()).toList()));
            }
        }
        List<PlannedOperator> ordered = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodesSortedTopologicallyFromSources()) {
            Optional.ofNullable(byNode.get(node.getId())).ifPresent(ordered::add);
        }
        return new PlannedOperators(ordered);
    }

    /**
     * The planner's number of the node an operator was made from: where a SQL operator's description begins
     * ({@code [85]:GroupAggregate(...)}), or after a sink's table in its name ({@code by_k[86]: Writer}).
     */
    private static final java.util.regex.Pattern NODE_NUMBER = java.util.regex.Pattern.compile(
            "^\\[\\d+\\]:|\\[\\d+\\](?=: )");

    /**
     * A SQL operator's description or name without the number the planner gave its node
     * ({@code [85]:GroupAggregate(...)} becomes {@code GroupAggregate(...)}, {@code by_k[86]: Writer} becomes
     * {@code by_k: Writer}): the planner numbers the nodes of every translation anew, so the same query planned twice
     * (the writer's and the candidate's, or a compiled plan and the executed one) differs only there.
     */
    public static String withoutNodeNumber(String description) {
        return description == null ? "" : NODE_NUMBER.matcher(description).replaceAll("");
    }

    /** The operator a restore maps state of {@code operatorId} to: by its generated id, or its user-defined one. */
    public Optional<PlannedOperator> byId(String operatorId) {
        return operators.stream().filter(operator -> operator.operatorId().equals(operatorId)
                || operator.userDefinedId().filter(operatorId::equals).isPresent()).findFirst();
    }
}
