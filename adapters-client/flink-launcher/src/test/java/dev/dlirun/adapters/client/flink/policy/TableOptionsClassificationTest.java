package dev.dlirun.adapters.client.flink.policy;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DecodingFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.EncodingFormatFactory;
import org.apache.flink.table.factories.Factory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every connector and format factory on the jobs' class path (this module's: the service's) and every option each
 * declares: each must be classified in {@link TableOptions}, or its factory refused whole. A connector or format added
 * to the class path later fails this test until someone decides what each of its options may hold.
 */
class TableOptionsClassificationTest {

    /** What of {@code factories} is not classified: "connector x: option y", "format z", ... */
    static List<String> unclassified(Iterable<Factory> factories) {
        List<String> missing = new ArrayList<>();
        for (Factory factory : factories) {
            String id = factory.factoryIdentifier();
            boolean table = factory instanceof DynamicTableSourceFactory || factory instanceof DynamicTableSinkFactory;
            boolean format = factory instanceof DecodingFormatFactory || factory instanceof EncodingFormatFactory;
            if (table && !TableOptions.REFUSED_CONNECTORS.containsKey(id)) {
                Map<String, OptionRule> rules = TableOptions.CONNECTORS.get(id);
                if (rules == null) {
                    missing.add("connector " + id + " (" + factory.getClass().getName() + ")");
                } else {
                    keys(factory).filter(key -> TableOptions.ruleOf(rules, key).isEmpty())
                            .forEach(key -> missing.add("connector " + id + ": option " + key));
                }
            }
            if (format) {
                Map<String, OptionRule> rules = TableOptions.FORMATS.get(id);
                if (rules == null) {
                    missing.add("format " + id + " (" + factory.getClass().getName() + ")");
                } else {
                    keys(factory).filter(key -> TableOptions.ruleOf(rules, key).isEmpty())
                            .forEach(key -> missing.add("format " + id + ": option " + key));
                }
            }
        }
        return missing;
    }

    /** Every key a factory takes: its options' own, and the fallback and deprecated keys Flink still accepts. */
    private static Stream<String> keys(Factory factory) {
        return Stream.concat(factory.requiredOptions().stream(), factory.optionalOptions().stream())
                .flatMap(option -> Stream.concat(Stream.of(option.key()),
                        java.util.stream.StreamSupport.stream(option.fallbackKeys().spliterator(), false)
                                .map(FallbackKey::getKey)))
                .distinct();
    }

    /** The factories on the jobs' class path: the cluster's own, and those of every connector bundle jobs are given. */
    private static List<Factory> onTheClassPath() {
        List<Factory> factories = new ArrayList<>();
        ServiceLoader.load(Factory.class, CONNECTORS).forEach(factories::add);
        return factories;
    }

    /** This module's class path (the cluster's connectors) and the jars of every connector bundle. */
    private static final ClassLoader CONNECTORS = connectorJars();

    private static ClassLoader connectorJars() {
        java.nio.file.Path directory = java.nio.file.Path.of(System.getProperty("dlirun.connector-jars",
                "../flink-connectors/target/connectors"));
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(directory)) {
            java.net.URL[] jars = files.filter(file -> file.toString().endsWith(".jar")).map(file -> {
                try {
                    return file.toUri().toURL();
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(java.net.URL[]::new);
            assertThat(jars).as("the connectors' jars in " + directory).isNotEmpty();
            return new java.net.URLClassLoader(jars, TableOptionsClassificationTest.class.getClassLoader());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyOptionOfEveryConnectorAndFormatOnTheJobsClassPathIsClassified() {
        List<Factory> factories = onTheClassPath();
        Set<String> connectors = new TreeSet<>();
        factories.stream().filter(f -> f instanceof DynamicTableSourceFactory || f instanceof DynamicTableSinkFactory)
                .forEach(f -> connectors.add(f.factoryIdentifier()));

        assertThat(connectors).as("the walk found the connectors").contains("datagen", "filesystem", "print",
                "blackhole", "legacy-csv", "kafka", "upsert-kafka", "jdbc");
        assertThat(unclassified(factories)).isEmpty();
    }

    @Test
    void everyClassifiedConnectorAndFormatIsOnTheClassPathWithEveryOptionClassifiedForIt() {
        // A format has a factory for rows and one for files (csv, avro), each with options of its own: all count.
        Map<String, Set<String>> keysById = new java.util.HashMap<>();
        onTheClassPath().forEach(factory -> keysById.computeIfAbsent(factory.factoryIdentifier(),
                id -> new TreeSet<>()).addAll(keys(factory).toList()));
        List<String> stale = new ArrayList<>();
        for (var classified : Map.of("connector", TableOptions.CONNECTORS, "format", TableOptions.FORMATS).entrySet()) {
            classified.getValue().forEach((id, rules) -> {
                Set<String> keys = keysById.get(id);
                if (keys == null) {
                    stale.add(classified.getKey() + " " + id + " is not on the class path");
                    return;
                }
                // Kafka's client properties pass through (properties.*): the factory declares only two of them.
                rules.keySet().stream().filter(key -> !key.equals("connector") && !key.startsWith("properties.")
                                && keys.stream().noneMatch(k -> TableOptions.ruleOf(Map.of(key, OptionRule.PLAIN), k).isPresent()))
                        .forEach(key -> stale.add(classified.getKey() + " " + id + " has no option " + key));
            });
        }
        assertThat(stale).isEmpty();
    }

    @Test
    void theWalkNamesAConnectorNobodyClassifiedAndAnOptionNobodyClassified() {
        Factory planted = new PlantedSink("planted", Set.of(ConfigOptions.key("target").stringType().noDefaultValue()));
        Factory datagenWithMore = new PlantedSink("datagen",
                Set.of(ConfigOptions.key("rows-per-second").longType().noDefaultValue(),
                        ConfigOptions.key("sink.escape.dir").stringType().noDefaultValue()
                                .withFallbackKeys("escape-dir")));

        assertThat(unclassified(List.of(planted, datagenWithMore))).containsExactlyInAnyOrder(
                "connector planted (" + PlantedSink.class.getName() + ")",
                "connector datagen: option sink.escape.dir", "connector datagen: option escape-dir");
    }

    /** A connector that arrived on the class path after the classification was written. */
    private record PlantedSink(String id, Set<ConfigOption<?>> options) implements DynamicTableSinkFactory {
        @Override
        public DynamicTableSink createDynamicTableSink(Context context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String factoryIdentifier() {
            return id;
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of();
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return options;
        }
    }
}
