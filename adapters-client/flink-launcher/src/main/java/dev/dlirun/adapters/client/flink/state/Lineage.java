package dev.dlirun.adapters.client.flink.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every plan node's output fields, each as its lineage over the source tables' columns and its type.
 *
 * <p>A lineage is a canonical expression: a scanned column is {@code `catalog`.`db`.`table`.`column`}; a calculated
 * field is {@code op(args):TYPE} over its operands' lineage; a literal {@code lit({...})}; an aggregate's result
 * {@code AGG(fn, [args], distinct=..., filter=...):TYPE per [grouping lineage]} (and its window). Names given in the query (aliases, the sink's columns) never
 * enter it, nor does a filter: a row that a filter drops changes which rows reach a field, not what the field is, so
 * a filter added before an aggregate leaves "the count per k" the count per k. Nodes that only move or mark rows
 * (exchanges, watermark assigners, mini-batch assigners, changelog normalizers, ranks, sinks) pass their input's
 * lineage through. A node type not modelled here gives every field an opaque lineage: a digest of its type, its
 * JSON (without id and description) and its inputs' lineage, so that any change at or above it shows below it.
 */
final class Lineage {

    /** One field: its lineage and its type (without nullability; "?" when the plan does not say). */
    record Field(String lineage, String type) {
    }

    /** Node kinds (types without prefix and version) whose output is their first input's fields, then their own. */
    private static final Set<String> PASS_THROUGH = Set.of("exchange", "watermark-assigner", "changelog-normalize",
            "drop-update-before", "mini-batch-assigner", "sink", "deduplicate", "limit", "sort-limit", "sort",
            "temporal-sort", "rank", "window-deduplicate", "window-rank", "over-aggregate", "python-over-aggregate",
            "window-table-function");

    /** Node kinds whose output is their inputs' fields side by side (left, then right), then their own. */
    private static final Set<String> JOINS = Set.of("join", "interval-join", "temporal-join", "lookup-join",
            "window-join", "multi-join", "correlate", "python-correlate");

    /** Node kinds whose output is their grouping fields, then one field per aggregate call, then window fields. */
    private static final Set<String> AGGREGATES = Set.of("group-aggregate", "global-group-aggregate",
            "window-aggregate", "global-window-aggregate", "group-window-aggregate");

    /** Node kinds whose output is their grouping fields, then partial accumulators (opaque). */
    private static final Set<String> LOCAL_AGGREGATES = Set.of("local-group-aggregate", "local-window-aggregate");

    /** A windowing strategy's keys that index the node's input: replaced by the lineage of the field they name. */
    private static final Set<String> WINDOWING_INDEXES = Set.of("timeAttributeIndex", "sliceEnd", "windowStart",
            "windowEnd");

    private final Plan plan;
    private final Map<Integer, List<Field>> fields = new HashMap<>();
    private final Map<Integer, String> digests = new HashMap<>();

    Lineage(Plan plan) {
        this.plan = plan;
        for (Plan.Node node : plan.topological()) {
            fields.put(node.id(), resolve(node));
        }
    }

    /** The node's output fields. */
    List<Field> fields(Plan.Node node) {
        return fields.get(node.id());
    }

    /** The fields of the node's i-th input; none when it has no such input (a lookup join's table, a source). */
    List<Field> input(Plan.Node node, int i) {
        List<Plan.Node> inputs = plan.inputs(node);
        return i < inputs.size() ? fields(inputs.get(i)) : List.of();
    }

    /** The field at the index, or an unresolvable mark that still differs by index and by the row's lineage. */
    static Field field(List<Field> row, int index) {
        return index >= 0 && index < row.size() ? row.get(index)
                : new Field("?" + index + "@" + Canonical.digest(row.toString()), "?");
    }

    /** The fields at the indexes of a JSON array of ints. */
    static List<Field> fields(List<Field> row, JsonNode indexes) {
        List<Field> picked = new ArrayList<>();
        for (JsonNode index : Canonical.elements(indexes)) {
            picked.add(field(row, index.asInt()));
        }
        return picked;
    }

    /** An opaque but deterministic digest of the node: its type, its JSON and its inputs' lineage. */
    String digest(Plan.Node node) {
        return digests.computeIfAbsent(node.id(), id -> {
            StringBuilder text = new StringBuilder(node.versionedType()).append('\n')
                    .append(Canonical.json(node.json(), Set.of("id", "description")));
            for (Plan.Node input : plan.inputs(node)) {
                text.append('\n').append(fields(input));
            }
            return Canonical.digest(text.toString());
        });
    }

    private List<Field> resolve(Plan.Node node) {
        List<String> types = Canonical.rowFieldTypes(node.json().get("outputType"));
        String kind = node.kind();
        List<String> lineage;
        if (kind.equals("table-source-scan")) {
            lineage = scan(node);
        } else if (kind.equals("calc")) {
            List<Field> input = input(node, 0);
            lineage = new ArrayList<>();
            for (JsonNode projected : Canonical.elements(node.json().get("projection"))) {
                lineage.add(rex(projected, input));
            }
        } else if (PASS_THROUGH.contains(kind)) {
            lineage = lineages(input(node, 0));
        } else if (kind.equals("union")) {
            lineage = union(node);
        } else if (JOINS.contains(kind)) {
            lineage = new ArrayList<>();
            for (int i = 0; i < plan.inputs(node).size(); i++) {
                lineage.addAll(lineages(input(node, i)));
            }
        } else if (AGGREGATES.contains(kind) || LOCAL_AGGREGATES.contains(kind)) {
            lineage = aggregate(node);
        } else {
            lineage = new ArrayList<>();
        }
        // The node's own fields (a rank's number, a join's looked-up columns, an unknown node's every field) are
        // opaque; a node whose output is narrower than its inputs (a semi join) keeps the first ones.
        int arity = types.isEmpty() ? lineage.size() : types.size();
        List<Field> resolved = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            String own = i < lineage.size() ? lineage.get(i) : "opaque(" + node.type() + ":" + digest(node) + ")#" + i;
            resolved.add(new Field(own, i < types.size() ? types.get(i) : "?"));
        }
        if (resolved.isEmpty()) {
            // A row of unknown width (its output type unread): one opaque field stands for it, so that what is read
            // from it (see field) still changes with it.
            resolved.add(new Field("opaque(" + node.type() + ":" + digest(node) + ")#?", "?"));
        }
        return List.copyOf(resolved);
    }

    private static List<String> lineages(List<Field> row) {
        return row.stream().map(Field::lineage).collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * A scan's fields: the table's physical columns, then as its abilities change the produced row: a projection
     * pushed into the source picks among them (nested paths name the field they reach), metadata read by the source
     * is appended as the metadata columns that name its keys. Abilities that keep the row's shape (filters, limits,
     * partitions, watermarks pushed down) do not count; any other ability makes the fields opaque.
     */
    private List<String> scan(Plan.Node node) {
        JsonNode source = node.json().path("scanTableSource");
        JsonNode table = source.path("table");
        String identifier = table.path("identifier").asText("?");
        List<String> physical = new ArrayList<>();
        Map<String, String> metadataColumns = new HashMap<>();
        for (JsonNode column : Canonical.elements(table.path("resolvedTable").path("schema").path("columns"))) {
            String name = column.path("name").asText();
            String columnKind = column.path("kind").asText("PHYSICAL");
            if (columnKind.equals("PHYSICAL")) {
                physical.add(identifier + ".`" + name.replace("`", "``") + "`");
            } else if (columnKind.equals("METADATA")) {
                String key = column.path("metadataKey").asText(name);
                metadataColumns.putIfAbsent(key, identifier + ".`" + name.replace("`", "``") + "`");
            }
        }
        List<String> row = physical;
        for (JsonNode ability : Canonical.elements(source.get("abilities"))) {
            switch (ability.path("type").asText()) {
                case "ProjectPushDown" -> {
                    List<String> projected = new ArrayList<>();
                    for (JsonNode path : Canonical.elements(ability.get("projectedFields"))) {
                        StringBuilder field = new StringBuilder(column(row, path.path(0).asInt()));
                        for (int i = 1; i < path.size(); i++) {
                            field.append("#").append(path.get(i).asInt());
                        }
                        projected.add(field.toString());
                    }
                    row = projected;
                }
                case "ReadingMetadata" -> {
                    List<String> read = new ArrayList<>(row);
                    for (JsonNode key : Canonical.elements(ability.get("metadataKeys"))) {
                        read.add(metadataColumns.getOrDefault(key.asText(), identifier + ".$metadata(" + key + ")"));
                    }
                    row = read;
                }
                case "FilterPushDown", "LimitPushDown", "PartitionPushDown", "WatermarkPushDown", "SourceWatermark" -> {
                    // The row's fields stay what they are.
                }
                default -> {
                    String opaque = "opaque(" + node.type() + ":" + digest(node) + ")";
                    List<String> unknown = new ArrayList<>();
                    for (int i = 0; i < row.size(); i++) {
                        unknown.add(opaque + "#" + i);
                    }
                    row = unknown;
                }
            }
        }
        return new ArrayList<>(row);
    }

    private static String column(List<String> row, int index) {
        return index >= 0 && index < row.size() ? row.get(index) : "?" + index;
    }

    private List<String> union(Plan.Node node) {
        List<String> lineage = new ArrayList<>();
        int width = input(node, 0).size();
        for (int i = 0; i < width; i++) {
            List<String> branches = new ArrayList<>();
            for (int input = 0; input < plan.inputs(node).size(); input++) {
                branches.add(field(input(node, input), i).lineage());
            }
            lineage.add(branches.stream().distinct().count() == 1 ? branches.get(0)
                    : "UNION(" + String.join(", ", branches) + ")");
        }
        return lineage;
    }

    private List<String> aggregate(Plan.Node node) {
        List<String> lineage = lineages(fields(input(node, 0), node.json().get("grouping")));
        if (LOCAL_AGGREGATES.contains(node.kind())) {
            return lineage;
        }
        // A result is its call per group (and window): a count per k is not a count per (k, v).
        String window = window(node);
        String per = " per " + lineage + (window.isEmpty() ? "" : " window " + window);
        List<Field> aggregated = aggregationInput(node);
        for (JsonNode call : Canonical.elements(node.json().get("aggCalls"))) {
            lineage.add(aggCall(call, aggregated) + per);
        }
        for (JsonNode property : Canonical.elements(node.json().get("namedWindowProperties"))) {
            lineage.add(property.path("property").path("kind").asText("?") + "(" + window + ")");
        }
        return lineage;
    }

    /**
     * The row an aggregate's calls read their arguments from: its input, or, for the global half of a two-phase
     * aggregate, the input of its local half (the global node's calls index that row, whose types the plan repeats
     * as localAggInputRowType).
     */
    List<Field> aggregationInput(Plan.Node node) {
        Plan.Node local = localHalf(node);
        if (local == null) {
            return input(node, 0);
        }
        List<Field> input = input(local, 0);
        List<String> types = Canonical.rowFieldTypes(node.json().get("localAggInputRowType"));
        if (types.size() != input.size()) {
            return input;
        }
        List<Field> typed = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            typed.add(new Field(input.get(i).lineage(), types.get(i)));
        }
        return typed;
    }

    /** The local half of a global aggregate: up its single inputs (an exchange) to a local aggregate; else null. */
    Plan.Node localHalf(Plan.Node node) {
        if (!node.kind().startsWith("global-")) {
            return null;
        }
        Plan.Node current = node;
        while (plan.inputs(current).size() == 1) {
            current = plan.inputs(current).get(0);
            if (current.kind().startsWith("local-")) {
                return current;
            }
        }
        return null;
    }

    /** An aggregate call: its function, its arguments' lineage and types, distinct, filter, flags, result type. */
    String aggCall(JsonNode call, List<Field> input) {
        StringBuilder text = new StringBuilder("AGG(").append(function(call));
        text.append(", [");
        boolean first = true;
        for (JsonNode arg : Canonical.elements(call.get("argList"))) {
            Field field = field(input, arg.asInt());
            text.append(first ? "" : ", ").append(field.lineage()).append(':').append(field.type());
            first = false;
        }
        text.append("], distinct=").append(call.path("distinct").asBoolean(false));
        int filter = call.path("filterArg").asInt(-1);
        text.append(", filter=").append(filter < 0 ? "-" : field(input, filter).lineage());
        String flags = Canonical.json(call, Set.of("name", "syntax", "internalName", "systemName", "catalogName",
                "class", "argList", "filterArg", "distinct", "type"));
        if (!flags.equals("{}")) {
            text.append(", ").append(flags);
        }
        return text.append("):").append(Canonical.type(call.get("type"))).toString();
    }

    /** A function's identity in a call: Flink's internal name, a system or catalog function's name, or a class. */
    static String function(JsonNode call) {
        List<String> names = new ArrayList<>();
        for (String key : List.of("internalName", "systemName", "catalogName", "class")) {
            if (call.hasNonNull(key)) {
                names.add(call.get(key).asText());
            }
        }
        return names.isEmpty() ? Canonical.json(call, Set.of("operands", "argList", "type", "name"))
                : String.join("|", names);
    }

    /**
     * A window aggregate's window: the window's definition (type, size, slide, offset, gap; or a group window's),
     * with the fields it reads (the time attribute) as their lineage instead of their index; "" without a window.
     */
    String window(Plan.Node node) {
        JsonNode json = node.json();
        List<Field> input = input(node, 0);
        if (json.hasNonNull("windowing")) {
            ObjectNode windowing = json.get("windowing").deepCopy();
            windowing.remove(WINDOWING_INDEXES);
            StringBuilder text = new StringBuilder(Canonical.json(windowing));
            Plan.Node local = localHalf(node);
            if (local != null && local.json().path("windowing").has("timeAttributeIndex")) {
                text.append(" time=").append(field(aggregationInput(node),
                        local.json().path("windowing").path("timeAttributeIndex").asInt()).lineage());
            }
            for (String index : WINDOWING_INDEXES) {
                if (json.get("windowing").has(index) && !(local != null && index.equals("sliceEnd"))) {
                    text.append(' ').append(index).append('=')
                            .append(field(input, json.get("windowing").get(index).asInt()).lineage());
                }
            }
            return text.toString();
        }
        if (json.hasNonNull("window")) {
            ObjectNode window = json.get("window").deepCopy();
            window.remove("alias");
            JsonNode timeField = window.remove("timeField");
            StringBuilder text = new StringBuilder(Canonical.json(window));
            if (timeField != null && timeField.has("fieldIndex")) {
                text.append(" time=").append(field(input, timeField.get("fieldIndex").asInt()).lineage());
            }
            return text.toString();
        }
        return "";
    }

    /**
     * A RexNode over the input row as a canonical expression: a reference is the field's lineage; a call is its
     * function and operands with its result type; a literal its value and type; a field access its expression and
     * name; anything else its JSON with the input's lineage.
     */
    String rex(JsonNode rex, List<Field> input) {
        if (rex == null || rex.isNull()) {
            return "null";
        }
        switch (rex.path("kind").asText()) {
            case "INPUT_REF" -> {
                return field(input, rex.path("inputIndex").asInt()).lineage();
            }
            case "LITERAL" -> {
                return "lit(" + Canonical.json(rex, Set.of("kind")) + ")";
            }
            case "CALL" -> {
                List<String> operands = new ArrayList<>();
                for (JsonNode operand : Canonical.elements(rex.get("operands"))) {
                    operands.add(rex(operand, input));
                }
                return function(rex) + "(" + String.join(", ", operands) + "):" + Canonical.type(rex.get("type"));
            }
            case "FIELD_ACCESS" -> {
                return rex(rex.get("expr"), input) + "." + rex.path("name").asText();
            }
            default -> {
                return "rex(" + Canonical.json(rex) + " over " + Canonical.digest(input.toString()) + ")";
            }
        }
    }
}
