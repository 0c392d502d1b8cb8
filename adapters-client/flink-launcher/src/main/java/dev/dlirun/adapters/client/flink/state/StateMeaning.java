package dev.dlirun.adapters.client.flink.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.adapters.client.flink.state.Lineage.Field;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a stateful node's state means, per node type, as a canonical text (equal exactly when two states mean the
 * same) and a summary for people.
 *
 * <p>Each meaning starts with the node's type and version (a new version of a node is Flink's sign that its state
 * changed; and the one- and two-phase forms of an aggregate, "GroupAggregate" and "GlobalGroupAggregate", differ, as
 * their graphs do) and ends with the options in the node's configuration that may shape a state (not a mini-batch's
 * size, for one) and the time-to-live of each of its states (the plan's {@code state} array), and holds in between
 * only what the state depends on, as lineage ({@link Lineage}) and types without nullability:
 * <ul>
 *   <li>aggregates (group, the global half of a two-phase one, window, group window): the grouping keys in order
 *       (keys are serialized by position), every call's function, arguments, distinct, filter and result type, and
 *       whether it retracts (a retracting MAX keeps a map view instead of a value), the window definition with its
 *       time attribute. Names, the output's order and generateUpdateBefore do not count.</li>
 *   <li>joins (regular, interval): the join type, the left and right keys (left first: the sides are not
 *       interchangeable), the rows each side stores (their lineage and types), the upsert keys that choose how a
 *       side is stored, the interval's bounds and time attributes. The non-equi condition counts only when a side is
 *       outer (LEFT, RIGHT, FULL, SEMI, ANTI): such a side stores with each row how many rows of the other side it
 *       matched, which the condition decides; an INNER join stores its rows whatever the condition.</li>
 *   <li>rank, deduplicate, changelog normalize, over aggregate, a sink's upsert materializer: the partition (unique,
 *       upsert) keys, the order keys, the rank's range and strategy, the over windows and calls, and the rows they
 *       store.</li>
 * </ul>
 * A stateful node of another type (an incremental aggregate, a window rank, a temporal join, MATCH_RECOGNIZE, a
 * Python function...) means its whole JSON (but id and description) with all its inputs' lineage: conservatively,
 * any change is a change of meaning. Anything in a modelled node's JSON that is not modelled counts as it stands.
 */
final class StateMeaning {

    /** The meaning and the summary of one node's state. */
    record Meaning(String meaning, String summary) {
    }

    /** Node kinds Flink keeps keyed state for, whether or not their plan has a "state" array. */
    static final Set<String> STATEFUL = Set.of("group-aggregate", "global-group-aggregate",
            "incremental-group-aggregate", "window-aggregate", "global-window-aggregate", "group-window-aggregate",
            "group-table-aggregate", "python-group-aggregate", "python-group-window-aggregate",
            "python-group-table-aggregate", "over-aggregate", "python-over-aggregate", "join", "interval-join",
            "temporal-join", "window-join", "multi-join", "rank", "sort-limit", "limit", "deduplicate", "window-rank",
            "window-deduplicate", "changelog-normalize", "temporal-sort", "sort", "match", "process-table-function");

    private static final Set<String> AGGREGATES = Set.of("group-aggregate", "global-group-aggregate",
            "window-aggregate", "global-window-aggregate", "group-window-aggregate");

    /**
     * Keys no state depends on: identity, the text for people, the input's shipping, the output's names; the state
     * array is read for its time-to-live, the configuration for the options that may count.
     */
    private static final Set<String> NEVER = Set.of("id", "type", "description", "configuration", "inputProperties",
            "outputType", "state");

    /**
     * Options Flink writes into nodes' configuration that shape no state: whether rows come in mini-batches, how many
     * and how long (Flink's mini-batch and per-row functions declare the same states, e.g. a group aggregate's
     * "accState" of the same accumulator types), a rank's cache, and how a sink treats a row before it writes or
     * materializes it. Every other option a node's plan carries counts (Flink writes there only the options the node
     * reads, and one may choose a state's layout).
     */
    private static final Set<String> STATELESS_OPTIONS = Set.of("table.exec.mini-batch.enabled",
            "table.exec.mini-batch.size", "table.exec.mini-batch.allow-latency", "table.exec.rank.topn-cache-size",
            "table.exec.sink.keyed-shuffle",
            "table.exec.sink.not-null-enforcer", "table.exec.sink.rowtime-inserter",
            "table.exec.sink.type-length-enforcer");

    private final Plan plan;
    private final Lineage lineage;

    StateMeaning(Plan plan, Lineage lineage) {
        this.plan = plan;
        this.lineage = lineage;
    }

    /** Whether Flink keeps keyed state for the node: its plan says so with a "state" array, or its type does. */
    static boolean stateful(Plan.Node node) {
        JsonNode state = node.json().get("state");
        return (state != null && state.isArray() && !state.isEmpty()) || STATEFUL.contains(node.kind());
    }

    Meaning of(Plan.Node node) {
        String kind = node.kind();
        if (AGGREGATES.contains(kind)) {
            return aggregate(node);
        }
        return switch (kind) {
            case "join" -> join(node, node.json().path("joinSpec"), Set.of("joinSpec", "leftUpsertKeys",
                    "rightUpsertKeys"));
            case "interval-join" -> join(node, node.json().path("intervalJoinSpec").path("joinSpec"),
                    Set.of("intervalJoinSpec"));
            case "rank" -> rank(node);
            case "deduplicate" -> keyed(node, "uniqueKeys", "key", Set.of("uniqueKeys", "generateUpdateBefore",
                    "outputInsertOnly"), node.json().path("keepLastRow").asBoolean(false) ? "last row" : "first row");
            case "changelog-normalize" -> keyed(node, "uniqueKeys", "key", Set.of("uniqueKeys",
                    "generateUpdateBefore", "filterCondition"), "last row");
            case "over-aggregate" -> over(node);
            case "sink" -> sink(node);
            default -> unmodelled(node);
        };
    }

    private Meaning aggregate(Plan.Node node) {
        JsonNode json = node.json();
        List<Field> keys = Lineage.fields(lineage.input(node, 0), json.get("grouping"));
        List<Field> input = lineage.aggregationInput(node);
        List<String> calls = new ArrayList<>();
        for (JsonNode call : Canonical.elements(json.get("aggCalls"))) {
            calls.add(lineage.aggCall(call, input));
        }
        StringBuilder meaning = head(node).append(" keys=").append(typed(keys)).append(" aggs=").append(calls);
        meaning.append(" retracts=").append(Canonical.json(json.get("aggCallNeedRetractions")))
                .append(" needRetraction=").append(json.path("needRetraction").asBoolean(false));
        String window = lineage.window(node);
        if (!window.isEmpty()) {
            meaning.append(" window=").append(window);
        }
        rest(meaning, json, Set.of("grouping", "aggCalls", "aggCallNeedRetractions", "needRetraction",
                "generateUpdateBefore", "localAggInputRowType", "windowing", "window", "namedWindowProperties"));
        ttl(meaning, json);

        StringBuilder summary = new StringBuilder(display(node)).append("(groupBy=[").append(names(keys, false));
        if (!window.isEmpty()) {
            summary.append("], window=[").append(windowSummary(json));
        }
        summary.append("]) ");
        List<String> functions = new ArrayList<>();
        for (JsonNode call : Canonical.elements(json.get("aggCalls"))) {
            functions.add(functionName(call) + (call.path("distinct").asBoolean(false) ? " distinct" : ""));
        }
        summary.append(functions.isEmpty() ? "group" : String.join(", ", functions)).append(" state");
        return new Meaning(meaning.toString(), summary.toString());
    }

    private Meaning join(Plan.Node node, JsonNode spec, Set<String> modelled) {
        JsonNode json = node.json();
        List<Field> left = lineage.input(node, 0);
        List<Field> right = lineage.input(node, 1);
        String joinType = spec.path("joinType").asText("?");
        List<Field> leftKeys = Lineage.fields(left, spec.get("leftKeys"));
        List<Field> rightKeys = Lineage.fields(right, spec.get("rightKeys"));
        StringBuilder meaning = head(node).append(" joinType=").append(joinType)
                .append(" leftKeys=").append(typed(leftKeys)).append(" rightKeys=").append(typed(rightKeys))
                .append(" filterNulls=").append(Canonical.json(spec.get("filterNulls")))
                .append(" left=").append(typed(left)).append(" right=").append(typed(right));
        if (!joinType.equals("INNER") && spec.hasNonNull("nonEquiCondition")) {
            List<Field> both = new ArrayList<>(left);
            both.addAll(right);
            meaning.append(" condition=").append(lineage.rex(spec.get("nonEquiCondition"), both));
        }
        for (String side : List.of("left", "right")) {
            JsonNode upsertKeys = json.get(side + "UpsertKeys");
            if (upsertKeys != null && !upsertKeys.isNull()) {
                List<String> keys = new ArrayList<>();
                for (JsonNode key : Canonical.elements(upsertKeys)) {
                    keys.add(typed(Lineage.fields(side.equals("left") ? left : right, key)));
                }
                meaning.append(' ').append(side).append("UpsertKeys=").append(keys);
            }
        }
        JsonNode bounds = json.path("intervalJoinSpec").path("windowBounds");
        if (!bounds.isMissingNode()) {
            ObjectNode kept = bounds.deepCopy();
            kept.remove(List.of("leftTimeIndex", "rightTimeIndex"));
            meaning.append(" bounds=").append(Canonical.json(kept))
                    .append(" leftTime=").append(Lineage.field(left, bounds.path("leftTimeIndex").asInt(-1)).lineage())
                    .append(" rightTime=")
                    .append(Lineage.field(right, bounds.path("rightTimeIndex").asInt(-1)).lineage());
        }
        rest(meaning, json, modelled);
        ttl(meaning, json);
        String summary = display(node) + "(leftKeys=[" + names(leftKeys, true) + "], rightKeys=["
                + names(rightKeys, true) + "]) " + joinType + " join state";
        return new Meaning(meaning.toString(), summary);
    }

    private Meaning rank(Plan.Node node) {
        JsonNode json = node.json();
        List<Field> input = lineage.input(node, 0);
        List<Field> partition = Lineage.fields(input, json.path("partition").get("fields"));
        List<String> order = order(json.path("orderBy").get("fields"), input);
        StringBuilder meaning = head(node).append(" rankType=").append(json.path("rankType").asText("?"))
                .append(" partition=").append(typed(partition)).append(" orderBy=").append(order);
        ObjectNode range = json.path("rankRange").isObject() ? json.get("rankRange").deepCopy() : null;
        if (range != null && range.has("rankEndIndex")) {
            meaning.append(" rankEnd=").append(Lineage.field(input, range.remove("rankEndIndex").asInt()).lineage());
        }
        meaning.append(" rankRange=").append(Canonical.json(range));
        ObjectNode strategy = json.path("rankStrategy").isObject() ? json.get("rankStrategy").deepCopy() : null;
        if (strategy != null && strategy.has("primaryKeys")) {
            meaning.append(" primaryKeys=").append(typed(Lineage.fields(input, strategy.remove("primaryKeys"))));
        }
        meaning.append(" strategy=").append(Canonical.json(strategy)).append(" rows=").append(typed(input));
        rest(meaning, json, Set.of("rankType", "partition", "orderBy", "rankRange", "rankStrategy",
                "outputRowNumber", "generateUpdateBefore"));
        ttl(meaning, json);
        String summary = display(node) + "(partitionBy=[" + names(partition, false) + "], orderBy=["
                + orderSummary(json.path("orderBy").get("fields"), input) + "]) "
                + json.path("rankType").asText("rank") + " state";
        return new Meaning(meaning.toString(), summary);
    }

    /** A node keyed by one list of indexes, storing its input's rows (deduplicate, changelog normalize). */
    private Meaning keyed(Plan.Node node, String keysKey, String keysName, Set<String> modelled, String stored) {
        JsonNode json = node.json();
        List<Field> input = lineage.input(node, 0);
        List<Field> keys = Lineage.fields(input, json.get(keysKey));
        StringBuilder meaning = head(node).append(' ').append(keysName).append('=').append(typed(keys))
                .append(" rows=").append(typed(input));
        rest(meaning, json, modelled);
        ttl(meaning, json);
        String summary = display(node) + "(" + keysName + "=[" + names(keys, false) + "]) " + stored + " state";
        return new Meaning(meaning.toString(), summary);
    }

    private Meaning over(Plan.Node node) {
        JsonNode json = node.json();
        JsonNode spec = json.path("overSpec");
        List<Field> input = lineage.input(node, 0);
        // A window's bound may name a constant as the field after the input's last one.
        List<Field> withConstants = new ArrayList<>(input);
        for (JsonNode constant : Canonical.elements(spec.get("constants"))) {
            withConstants.add(new Field(lineage.rex(constant, input), Canonical.type(constant.get("type"))));
        }
        List<Field> partition = Lineage.fields(input, spec.path("partition").get("fields"));
        StringBuilder meaning = head(node).append(" partition=").append(typed(partition));
        List<String> functions = new ArrayList<>();
        for (JsonNode group : Canonical.elements(spec.get("groups"))) {
            List<String> calls = new ArrayList<>();
            for (JsonNode call : Canonical.elements(group.get("aggCalls"))) {
                calls.add(lineage.aggCall(call, input));
                functions.add(functionName(call));
            }
            meaning.append(" group(orderBy=").append(order(group.path("orderBy").get("fields"), input))
                    .append(" rows=").append(group.path("isRows").asBoolean())
                    .append(" lower=").append(bound(group.get("lowerBound"), withConstants))
                    .append(" upper=").append(bound(group.get("upperBound"), withConstants))
                    .append(" aggs=").append(calls).append(')');
        }
        meaning.append(" rows=").append(typed(input));
        rest(meaning, json, Set.of("overSpec"));
        ttl(meaning, json);
        String summary = display(node) + "(partitionBy=[" + names(partition, false) + "]) "
                + (functions.isEmpty() ? "over" : String.join(", ", functions)) + " state";
        return new Meaning(meaning.toString(), summary);
    }

    private String bound(JsonNode bound, List<Field> row) {
        if (bound == null || !bound.isObject()) {
            return Canonical.json(bound);
        }
        ObjectNode kept = bound.deepCopy();
        JsonNode offset = kept.remove("offset");
        return Canonical.json(kept) + (offset == null ? "" : " offset=" + lineage.rex(offset, row));
    }

    /**
     * A sink's state, that of its upsert materializer (an operator of its own, "SinkMaterializer(pk=[...])", that
     * Flink makes of the sink node besides the writer): the rows it keeps per primary key of the sink table. The key
     * is the sink's primary key columns as the input fields written to them (by position); the table's identity and
     * its columns' names do not count.
     */
    private Meaning sink(Plan.Node node) {
        JsonNode json = node.json();
        List<Field> input = lineage.input(node, 0);
        JsonNode schema = json.path("dynamicTableSink").path("table").path("resolvedTable").path("schema");
        List<String> physical = new ArrayList<>();
        for (JsonNode column : Canonical.elements(schema.get("columns"))) {
            if (column.path("kind").asText("PHYSICAL").equals("PHYSICAL")) {
                physical.add(column.path("name").asText());
            }
        }
        List<Field> primaryKey = new ArrayList<>();
        for (JsonNode column : Canonical.elements(schema.path("primaryKey").get("columns"))) {
            primaryKey.add(Lineage.field(input, physical.indexOf(column.asText())));
        }
        StringBuilder meaning = head(node).append(" pk=").append(typed(primaryKey));
        for (String key : List.of("inputUpsertKey", "upsertMaterializeKeys")) {
            if (json.hasNonNull(key)) {
                meaning.append(' ').append(key).append('=').append(typed(Lineage.fields(input, json.get(key))));
            }
        }
        meaning.append(" rows=").append(typed(input));
        rest(meaning, json, Set.of("dynamicTableSink", "inputChangelogMode", "inputUpsertKey",
                "upsertMaterializeKeys"));
        ttl(meaning, json);
        String summary = "SinkMaterializer(pk=[" + names(primaryKey, false) + "]) rows state";
        return new Meaning(meaning.toString(), summary);
    }

    /** A stateful node not modelled here: its whole JSON but its id and description, and its inputs' lineage. */
    private Meaning unmodelled(Plan.Node node) {
        StringBuilder meaning = new StringBuilder(node.versionedType()).append(' ')
                .append(Canonical.json(node.json(), Set.of("id", "description")));
        for (int i = 0; i < plan.inputs(node).size(); i++) {
            meaning.append(" input").append(i).append('=').append(typed(lineage.input(node, i)));
        }
        String summary = display(node) + " state (type " + node.type()
                + " is not modelled: any change to it counts as a change)";
        return new Meaning(meaning.toString(), summary);
    }

    private static StringBuilder head(Plan.Node node) {
        return new StringBuilder(node.versionedType());
    }

    /**
     * Whatever else the node's JSON says, as it stands, and the options it carries that may shape its state, so
     * that nothing unmodelled goes unseen.
     */
    private static void rest(StringBuilder meaning, JsonNode json, Set<String> modelled) {
        ObjectNode rest = json.deepCopy();
        rest.remove(NEVER);
        rest.remove(modelled);
        if (!rest.isEmpty()) {
            meaning.append(" other=").append(Canonical.json(rest));
        }
        if (json.path("configuration").isObject()) {
            ObjectNode options = json.get("configuration").deepCopy();
            options.remove(STATELESS_OPTIONS);
            if (!options.isEmpty()) {
                meaning.append(" options=").append(Canonical.json(options));
            }
        }
    }

    /** The time-to-live of each state, by index: "name=ttl". */
    private static void ttl(StringBuilder meaning, JsonNode json) {
        List<JsonNode> states = new ArrayList<>();
        Canonical.elements(json.get("state")).forEach(states::add);
        states.sort((a, b) -> Integer.compare(a.path("index").asInt(), b.path("index").asInt()));
        meaning.append(" ttl=").append(states.stream()
                .map(state -> state.path("name").asText("?") + "=" + state.path("ttl").asText("?"))
                .collect(Collectors.joining(", ", "[", "]")));
    }

    private static String typed(List<Field> fields) {
        return fields.stream().map(field -> field.lineage() + ":" + field.type())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static List<String> order(JsonNode fields, List<Field> input) {
        List<String> order = new ArrayList<>();
        for (JsonNode field : Canonical.elements(fields)) {
            Field sorted = Lineage.field(input, field.path("index").asInt(-1));
            order.add(sorted.lineage() + ":" + sorted.type() + (field.path("isAscending").asBoolean(true)
                    ? " ASC" : " DESC") + (field.path("nullIsLast").asBoolean(false) ? " NULLS LAST" : " NULLS FIRST"));
        }
        return order;
    }

    private static String orderSummary(JsonNode fields, List<Field> input) {
        List<String> order = new ArrayList<>();
        for (JsonNode field : Canonical.elements(fields)) {
            order.add(shortName(Lineage.field(input, field.path("index").asInt(-1)).lineage(), false)
                    + (field.path("isAscending").asBoolean(true) ? " ASC" : " DESC"));
        }
        return String.join(", ", order);
    }

    /** The node's name for people: its description up to the first parenthesis ("GroupAggregate"). */
    private static String display(Plan.Node node) {
        String description = node.description();
        int open = description.indexOf('(');
        String name = open > 0 ? description.substring(0, open) : description;
        return name.isBlank() ? node.kind() : name;
    }

    private static String names(List<Field> fields, boolean qualified) {
        return fields.stream().map(field -> shortName(field.lineage(), qualified)).collect(Collectors.joining(", "));
    }

    /** A lineage for people: each column as table.column (qualified) or column, without catalog and database. */
    static String shortName(String lineage, boolean qualified) {
        return lineage.replaceAll("`(?:[^`]|``)*`\\.`(?:[^`]|``)*`\\.`((?:[^`]|``)*)`\\.`((?:[^`]|``)*)`",
                qualified ? "$1.$2" : "$2").replace("``", "`");
    }

    /** An aggregate function's name for people: "count" for $COUNT$1, a catalog function's name. */
    private static String functionName(JsonNode call) {
        String name = call.hasNonNull("internalName") ? call.get("internalName").asText()
                : call.hasNonNull("systemName") ? call.get("systemName").asText()
                : call.hasNonNull("catalogName") ? call.get("catalogName").asText()
                : call.path("class").asText("function");
        name = name.replaceFirst("^\\$", "").replaceFirst("\\$\\d+$", "");
        return name.toLowerCase(Locale.ROOT);
    }

    private static String windowSummary(JsonNode json) {
        JsonNode window = json.has("windowing") ? json.path("windowing").path("window") : json.path("window");
        List<String> parts = new ArrayList<>();
        parts.add(window.has("type") ? window.get("type").asText() : window.path("kind").asText("window"));
        for (String key : List.of("size", "slide", "step", "gap", "maxSize", "offset")) {
            if (window.hasNonNull(key)) {
                parts.add(key + " " + window.get(key).asText());
            }
        }
        return String.join(" ", parts);
    }
}
