package dev.dlirun.adapters.client.flink.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled plan's nodes and edges, read from {@code CompiledPlan#asJsonString}: {"nodes": [{"id", "type",
 * "description", ...}], "edges": [{"source", "target"}]}. A node's inputs are its incoming edges in the order the
 * plan lists them, which is the order of the node's inputs (Flink writes the edges input by input), so a join's
 * first input is its left side.
 */
final class Plan {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One node of the plan: its id, its type with its version (e.g. "stream-exec-join_1") and its JSON. */
    record Node(int id, String versionedType, JsonNode json) {

        /** The type without its version, e.g. "stream-exec-join". */
        String type() {
            return versionedType.replaceFirst("_\\d+$", "");
        }

        /** The type without Flink's "stream-exec-" prefix and without its version, e.g. "join". */
        String kind() {
            return type().replaceFirst("^(stream|batch)-exec-", "");
        }

        String description() {
            JsonNode description = json.get("description");
            return description == null || description.isNull() ? "" : description.asText();
        }
    }

    private final Map<Integer, Node> nodes;
    private final Map<Integer, List<Integer>> inputs;
    private final List<Node> topological;

    private Plan(Map<Integer, Node> nodes, Map<Integer, List<Integer>> inputs) {
        this.nodes = nodes;
        this.inputs = inputs;
        this.topological = sort();
    }

    /** The plan in the text, or an IllegalArgumentException that says what is wrong with it. */
    static Plan parse(String compiledPlanJson) {
        if (compiledPlanJson == null || compiledPlanJson.isBlank()) {
            throw new IllegalArgumentException("No compiled plan: the text is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(compiledPlanJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The compiled plan is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("nodes").isArray()) {
            throw new IllegalArgumentException(
                    "Not a Flink compiled plan: expected a JSON object with a \"nodes\" array");
        }
        Map<Integer, Node> nodes = new LinkedHashMap<>();
        for (JsonNode node : root.get("nodes")) {
            if (!node.path("id").canConvertToInt() || !node.path("id").isIntegralNumber()
                    || !node.path("type").isTextual()) {
                throw new IllegalArgumentException(
                        "Not a Flink compiled plan: a node without a numeric \"id\" and a textual \"type\": " + node);
            }
            int id = node.get("id").asInt();
            if (nodes.put(id, new Node(id, node.get("type").asText(), node)) != null) {
                throw new IllegalArgumentException("Not a Flink compiled plan: two nodes have the id " + id);
            }
        }
        Map<Integer, List<Integer>> inputs = new HashMap<>();
        nodes.keySet().forEach(id -> inputs.put(id, new ArrayList<>()));
        for (JsonNode edge : Canonical.elements(root.get("edges"))) {
            int source = edge.path("source").asInt(Integer.MIN_VALUE);
            int target = edge.path("target").asInt(Integer.MIN_VALUE);
            if (!nodes.containsKey(source) || !nodes.containsKey(target)) {
                throw new IllegalArgumentException(
                        "Not a Flink compiled plan: an edge joins nodes the plan does not have: " + edge);
            }
            inputs.get(target).add(source);
        }
        return new Plan(nodes, inputs);
    }

    /** The nodes, every node after its inputs; among nodes free at once, in the plan's order. */
    List<Node> topological() {
        return topological;
    }

    Node node(int id) {
        return nodes.get(id);
    }

    /** The node's inputs, in its inputs' order. */
    List<Node> inputs(Node node) {
        return inputs.get(node.id()).stream().map(nodes::get).toList();
    }

    private List<Node> sort() {
        Map<Integer, Integer> waiting = new HashMap<>();
        Map<Integer, List<Integer>> outputs = new HashMap<>();
        for (var entry : inputs.entrySet()) {
            waiting.put(entry.getKey(), entry.getValue().size());
            entry.getValue().forEach(source -> outputs.computeIfAbsent(source, s -> new ArrayList<>())
                    .add(entry.getKey()));
        }
        List<Node> sorted = new ArrayList<>();
        Deque<Integer> ready = new ArrayDeque<>();
        List<Integer> order = new ArrayList<>(nodes.keySet());
        order.stream().filter(id -> waiting.get(id) == 0).forEach(ready::add);
        while (!ready.isEmpty()) {
            int id = ready.removeFirst();
            sorted.add(nodes.get(id));
            List<Integer> freed = new ArrayList<>();
            for (int target : outputs.getOrDefault(id, List.of())) {
                if (waiting.merge(target, -1, Integer::sum) == 0) {
                    freed.add(target);
                }
            }
            freed.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
            ready.addAll(freed);
        }
        if (sorted.size() != nodes.size()) {
            throw new IllegalArgumentException("Not a Flink compiled plan: its edges form a cycle");
        }
        return sorted;
    }
}
