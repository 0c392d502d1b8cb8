package dev.dlirun.adapters.client.flink.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a SQL source's or sink's operator state is tied to: its table's connector options, as the compiled plan keeps
 * them ({@code scanTableSource.table.resolvedTable.options} of a scan, {@code dynamicTableSink.table.resolvedTable
 * .options} of a sink).
 *
 * <p>A connector's operator state (not keyed: a Kafka source's offsets, a file source's read positions, a file sink's
 * open part files and pending commits, a Kafka sink's transactions) names things of the place it was written for: the
 * topic's partitions, the directory's files. Flink restores it by operator id alone, so a candidate whose sink now
 * writes elsewhere takes up the old place's state and goes on with it there (Flink's file sink keeps writing into the
 * in-progress files of the old path), and a source that now reads elsewhere starts from the old place's positions.
 * Every option counts as <em>identity</em> (its change changes what the state means) except the few
 * {@linkplain #TUNING tuning} options that change only how fast, how often or how many at once, or what a start
 * without state does: a new option of a connector counts until it is known not to.
 *
 * <p>The table's name and schema do not count: a renamed table at the same place holds the same state, and a file
 * sink's or Kafka's state holds files and offsets, not rows (a sink's rows kept in state are its upsert
 * materializer's, keyed, whose meaning holds them: {@link StateMeaning}).
 */
final class ConnectorOptions {

    /** Options that change no connector state's meaning, exactly. */
    static final Set<String> TUNING = Set.of(
            // How fast or how wide: the state's places stay the same.
            "rows-per-second", "scan.parallelism", "sink.parallelism", "source.monitor-interval",
            "scan.partition.discovery.interval", "scan.topic-partition-discovery.interval",
            "sink.max-retries", "sink.partition-commit.delay", "sink.shuffle-by-partition.enable",
            // Watermarks: when time advances, not where the state's data is.
            "scan.watermark.idle-timeout", "scan.watermark.emit.strategy", "scan.watermark.emit.on-event.gap",
            // How a row that does not parse is treated.
            "json.ignore-parse-errors", "json.fail-on-missing-field", "csv.ignore-parse-errors",
            // Credentials: who reads or writes, not what.
            "username", "password");

    /**
     * Prefixes of options that change no connector state's meaning: where a source starts without state (a restore
     * starts from its state), when a file sink rolls its part files, how a sink batches its writes, a lookup's cache.
     */
    static final List<String> TUNING_PREFIXES = List.of("scan.startup.", "sink.rolling-policy.",
            "sink.buffer-flush.", "lookup.");

    private ConnectorOptions() {
    }

    /** Whether a change of the option leaves the meaning of a connector's state as it was. */
    static boolean tuning(String option) {
        return TUNING.contains(option) || TUNING_PREFIXES.stream().anyMatch(option::startsWith);
    }

    /** The connector of a plan node: a scan's or a sink's table, with its options; empty for any other node. */
    static Optional<PlanMeanings.Connector> of(Plan.Node node) {
        String role;
        JsonNode table;
        switch (node.kind()) {
            case "table-source-scan" -> {
                role = "source";
                table = node.json().path("scanTableSource").path("table");
            }
            case "sink" -> {
                role = "sink";
                table = node.json().path("dynamicTableSink").path("table");
            }
            default -> {
                return Optional.empty();
            }
        }
        String identifier = table.path("identifier").asText("?");
        JsonNode options = table.path("resolvedTable").path("options");
        if (!options.isObject()) {
            // A catalog table the plan names without its options (table.plan.compile.catalog-objects): not known.
            return Optional.of(new PlanMeanings.Connector(role, identifier, Optional.empty(), new TreeMap<>()));
        }
        SortedMap<String, String> identity = new TreeMap<>();
        SortedMap<String, String> tuning = new TreeMap<>();
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            (tuning(option.getKey()) ? tuning : identity).put(option.getKey(), option.getValue().asText());
        }
        return Optional.of(new PlanMeanings.Connector(role, identifier, Optional.of(identity), tuning));
    }
}
