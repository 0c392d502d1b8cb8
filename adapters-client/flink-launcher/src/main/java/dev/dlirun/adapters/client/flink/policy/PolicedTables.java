package dev.dlirun.adapters.client.flink.policy;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.module.Module;

import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The one door through which a job's tables come to be: a Flink {@link Module} whose table factory Flink asks for
 * every source, sink and lookup table it creates (a module's factory comes before any connector's own, and a job can
 * create no catalog that brings a factory of its own). It sees each table's options as Flink will use them, after
 * {@code LIKE}, {@code AS SELECT} of every form and the {@code OPTIONS} hints of the query, checks them against the
 * job's rules, and hands the connector's own factory the options as checked (paths rewritten to the places checked).
 * A job cannot unload it: {@code LOAD}/{@code UNLOAD MODULE} and {@code USE MODULES} are no statements a job may run.
 */
final class PolicedTables implements Module {

    /** The name the module is loaded under. */
    static final String NAME = "dlirun_code_policy";

    private final Factory factory;

    PolicedTables(BiFunction<String, java.util.Map<String, String>, java.util.Map<String, String>> rules) {
        this.factory = new Factory(rules);
    }

    @Override
    public Optional<DynamicTableSourceFactory> getTableSourceFactory() {
        return Optional.of(factory);
    }

    @Override
    public Optional<DynamicTableSinkFactory> getTableSinkFactory() {
        return Optional.of(factory);
    }

    /** No models: a job cannot create one ({@code CREATE MODEL} is no statement a job may run). */
    @Override
    public Optional<ModelProviderFactory> getModelProviderFactory() {
        return Optional.empty();
    }

    /** Checks a table's options, then lets the connector's own factory create the table from the options as checked. */
    private static final class Factory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

        private final BiFunction<String, java.util.Map<String, String>, java.util.Map<String, String>> rules;

        private Factory(BiFunction<String, java.util.Map<String, String>, java.util.Map<String, String>> rules) {
            this.rules = rules;
        }

        @Override
        public DynamicTableSource createDynamicTableSource(DynamicTableFactory.Context context) {
            DynamicTableFactory.Context checked = checked(context);
            return connector(checked, DynamicTableSourceFactory.class).createDynamicTableSource(checked);
        }

        @Override
        public DynamicTableSink createDynamicTableSink(DynamicTableFactory.Context context) {
            DynamicTableFactory.Context checked = checked(context);
            return connector(checked, DynamicTableSinkFactory.class).createDynamicTableSink(checked);
        }

        private DynamicTableFactory.Context checked(DynamicTableFactory.Context context) {
            var table = context.getCatalogTable();
            // Options a compiled plan would add on top (none here: jobs cannot restore plans) are checked with the rest.
            java.util.Map<String, String> options = new java.util.HashMap<>(table.getOptions());
            options.putAll(context.getEnrichmentOptions());
            var checked = rules.apply(context.getObjectIdentifier().getObjectName(), options);
            return new FactoryUtil.DefaultDynamicTableContext(context.getObjectIdentifier(), table.copy(checked),
                    java.util.Map.of(), context.getConfiguration(), context.getClassLoader(), context.isTemporary());
        }

        private static <T extends DynamicTableFactory> T connector(DynamicTableFactory.Context context, Class<T> kind) {
            return FactoryUtil.discoverFactory(context.getClassLoader(), kind,
                    context.getCatalogTable().getOptions().get(FactoryUtil.CONNECTOR.key()));
        }

        @Override
        public String factoryIdentifier() {
            return NAME;
        }

        @Override
        public Set<ConfigOption<?>> requiredOptions() {
            return Set.of();
        }

        @Override
        public Set<ConfigOption<?>> optionalOptions() {
            return Set.of();
        }
    }
}
