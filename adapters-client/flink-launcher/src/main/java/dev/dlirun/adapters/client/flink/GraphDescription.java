package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.jobgraph.JobEdge;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A planned job's graph as JSON text (DLI's {@code stream_graph}), in one of two shapes.
 *
 * <p>{@code simple_graph}, Flink's stream graph: {@code {"graph_type": "simple_graph", "job_name", "nodes": [{"id",
 * "name", "description", "kind" (source, operator or sink), "parallelism", "max_parallelism" (when the plan fixes
 * it), "keeps_state", "inputs": [{"id", "ship_strategy"}]}]}}, the nodes from the sources on.
 *
 * <p>{@code job_graph}, Flink's job graph, the operators chained into the tasks the cluster would run:
 * {@code {"graph_type": "job_graph", "job_name", "vertices": [{"id", "name", "parallelism", "max_parallelism",
 * "keeps_state", "operators": [node ids of the simple graph], "inputs": [{"id", "ship_strategy"}]}]}}.
 *
 * <p>"Keeps state" is read from the stream node: an operator keeps state when Flink gives it a state key serializer,
 * that is, when it keeps keyed state (aggregates, joins, deduplication, windows, ranks). That is the state that grows
 * with the data, that a savepoint carries and that a change of the query can make unreadable; the fixed-size
 * operator state of sources and sinks (a reader's position, a writer's pending files) is not counted. A vertex keeps
 * state when one of its operators does.
 */
final class GraphDescription {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphDescription() {
    }

    /** The stream graph: every operator. */
    static String streamGraph(StreamGraph graph) {
        ObjectNode root = JSON.createObjectNode();
        root.put("graph_type", "simple_graph");
        root.put("job_name", graph.getJobName());
        ArrayNode nodes = root.putArray("nodes");
        for (StreamNode node : graph.getStreamNodesSortedTopologicallyFromSources()) {
            ObjectNode described = nodes.addObject();
            described.put("id", node.getId());
            described.put("name", node.getOperatorName());
            described.put("description", node.getOperatorDescription());
            described.put("kind", kind(graph, node));
            described.put("parallelism", parallelism(graph, node.getParallelism()));
            maxParallelism(described, node.getMaxParallelism());
            described.put("keeps_state", keepsState(node));
            ArrayNode inputs = described.putArray("inputs");
            for (StreamEdge edge : node.getInEdges()) {
                inputs.addObject().put("id", edge.getSourceId()).put("ship_strategy",
                        String.valueOf(edge.getPartitioner()));
            }
        }
        return write(root);
    }

    /** The job graph: the tasks, each with the operators chained into it. */
    static String jobGraph(StreamGraph graph, ClassLoader classLoader) {
        // The operators' ids, as the job graph's generator derives them from the stream graph.
        Map<OperatorID, Integer> nodeOf = new HashMap<>();
        new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph)
                .forEach((node, hash) -> nodeOf.put(new OperatorID(hash), node));
        JobGraph job = graph.getJobGraph(classLoader);
        ObjectNode root = JSON.createObjectNode();
        root.put("graph_type", "job_graph");
        root.put("job_name", job.getName());
        ArrayNode vertices = root.putArray("vertices");
        for (JobVertex vertex : job.getVerticesSortedTopologicallyFromSources()) {
            ObjectNode described = vertices.addObject();
            described.put("id", vertex.getID().toHexString());
            described.put("name", vertex.getName());
            described.put("parallelism", parallelism(graph, vertex.getParallelism()));
            maxParallelism(described, vertex.getMaxParallelism());
            List<Integer> operators = vertex.getOperatorIDs().stream().map(OperatorIDPair::getGeneratedOperatorID)
                    .map(nodeOf::get).filter(java.util.Objects::nonNull).sorted().toList();
            described.put("keeps_state", operators.stream().map(graph::getStreamNode).anyMatch(
                    GraphDescription::keepsState));
            ArrayNode chained = described.putArray("operators");
            operators.forEach(chained::add);
            ArrayNode inputs = described.putArray("inputs");
            for (JobEdge edge : vertex.getInputs()) {
                inputs.addObject().put("id", edge.getSource().getProducer().getID().toHexString())
                        .put("ship_strategy", edge.getShipStrategyName());
            }
        }
        return write(root);
    }

    /**
     * Where the operator stands: a source reads (Flink lists it so, or nothing flows into it), a sink writes (Flink
     * lists it so, or nothing flows out of it: a unified sink's writer is listed as neither), the others transform.
     */
    private static String kind(StreamGraph graph, StreamNode node) {
        if (graph.getSourceIDs().contains(node.getId()) || node.getInEdges().isEmpty()) {
            return "source";
        }
        return graph.getSinkIDs().contains(node.getId()) || node.getOutEdges().isEmpty() ? "sink" : "operator";
    }

    /** Whether the operator keeps keyed state (see the class's comment). */
    static boolean keepsState(StreamNode node) {
        return node.getStateKeySerializer() != null;
    }

    /** The most parallel instances the operator can be scaled to, when the plan fixes it (Flink decides otherwise). */
    private static void maxParallelism(ObjectNode described, int maxParallelism) {
        if (maxParallelism > 0) {
            described.put("max_parallelism", maxParallelism);
        }
    }

    /** An operator's parallelism; the job's default where the planner left it to the default. */
    private static int parallelism(StreamGraph graph, int parallelism) {
        return parallelism > 0 ? parallelism : graph.getExecutionConfig().getParallelism();
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a graph's description could not be written", e);
        }
    }
}
