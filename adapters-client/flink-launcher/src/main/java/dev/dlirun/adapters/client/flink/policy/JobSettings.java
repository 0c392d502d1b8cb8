package dev.dlirun.adapters.client.flink.policy;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.OptimizerConfigOptions;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Flink settings a job may make itself (its {@code runtime_config}, its {@code SET} statements), each named; and
 * the settings the service owns, which it applies after the job's own, so that a job's value for one of them has no
 * effect. Every other setting is refused: a job tunes its own execution, never the cluster, a place, a class or a jar.
 */
public final class JobSettings {

    private static final OptionRule PLAIN = OptionRule.PLAIN;

    /** The settings a job may make, and what each is. */
    static final Map<String, OptionRule> ALLOWED;

    /**
     * Settings the service makes for every job, and what decides them instead, for the message. A key ending in
     * {@code .} stands for every setting under it.
     */
    static final Map<String, String> SERVICE_OWNED = new LinkedHashMap<>();

    static {
        Map<String, OptionRule> allowed = new HashMap<>();
        // The SQL runtime's and optimizer's own tuning (mini-batches, state TTL, join and aggregation strategies):
        // every option of these two classes is about how the job's own operators work.
        for (Class<?> options : new Class<?>[]{ExecutionConfigOptions.class, OptimizerConfigOptions.class}) {
            for (Field field : options.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                    try {
                        allowed.put(((ConfigOption<?>) field.get(null)).key(), PLAIN);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        allowed.put("table.exec.resource.default-parallelism", OptionRule.PARALLELISM);
        for (String key : new String[]{
                "table.local-time-zone", "table.generated-code.max-length", "table.generated-code.max-members",
                "table.rtas-ctas.atomicity-enabled", "table.column-expansion-strategy",
                "table.legacy-nested-row-nullability",
                "execution.checkpointing.timeout", "execution.checkpointing.min-pause",
                "execution.checkpointing.max-concurrent-checkpoints",
                "execution.checkpointing.tolerable-failed-checkpoints", "execution.checkpointing.unaligned.enabled",
                "execution.checkpointing.unaligned.forced", "execution.checkpointing.aligned-checkpoint-timeout",
                "execution.checkpointing.interval-during-backlog", "execution.checkpointing.checkpoints-after-tasks-finish",
                "execution.checkpointing.snapshot-compression", "execution.checkpointing.incremental",
                "execution.checkpointing.num-retained",
                "execution.buffer-timeout.enabled", "execution.buffer-timeout.interval",
                "pipeline.auto-watermark-interval", "pipeline.max-parallelism", "pipeline.object-reuse",
                "pipeline.operator-chaining.enabled",
                "pipeline.operator-chaining.chain-operators-with-different-max-parallelism",
                "pipeline.auto-generate-uids", "pipeline.generic-types", "pipeline.vertex-description-mode",
                "pipeline.vertex-name-include-index-prefix", "pipeline.watermark-alignment.allow-unaligned-source-splits",
                "pipeline.global-job-parameters"}) {
            allowed.put(key, PLAIN);
        }
        allowed.put("parallelism.default", OptionRule.PARALLELISM);
        // Bounded jobs run in batch mode, as Flink's documentation runs them (SET 'execution.runtime-mode' = 'batch').
        allowed.put("execution.runtime-mode", OptionRule.OneOf.of("streaming", "batch"));
        // A state backend by its name only: Flink would also load a class named here.
        allowed.put("state.backend.type", OptionRule.OneOf.of("hashmap", "rocksdb", "forst"));

        String restarts = "a job's restarts follow its restart_when_exception and resume_max_num";
        String state = "the service keeps every job's checkpoints and savepoints in its own places";
        SERVICE_OWNED.put("restart-strategy.", restarts);
        SERVICE_OWNED.put("pipeline.name", "the service names every job after its project and id");
        SERVICE_OWNED.put("execution.checkpointing.interval", "job_config's checkpoint_enabled and "
                + "checkpoint_interval set it");
        SERVICE_OWNED.put("execution.checkpointing.mode", "job_config's checkpoint_mode sets it");
        SERVICE_OWNED.put("execution.checkpointing.dir", state);
        SERVICE_OWNED.put("execution.checkpointing.savepoint-dir", state);
        SERVICE_OWNED.put("execution.checkpointing.externalized-checkpoint-retention", state);
        SERVICE_OWNED.put("execution.state-recovery.", "a job restores the savepoint its run names (resume_savepoint)");
        SERVICE_OWNED.put("table.dml-sync", "the service submits jobs without waiting for them to end");
        SERVICE_OWNED.put("table.dynamic-table-options.enabled", "OPTIONS hints are allowed, and checked like the "
                + "table's own options");
        ALLOWED = Collections.unmodifiableMap(allowed);
        for (String owned : SERVICE_OWNED.keySet()) {
            if (ALLOWED.keySet().stream().anyMatch(key -> owns(owned, key))) {
                throw new IllegalStateException("a setting is both allowed and the service's own: " + owned);
            }
        }
    }

    private JobSettings() {
    }

    private static boolean owns(String owned, String key) {
        return owned.endsWith(".") ? key.startsWith(owned) : key.equals(owned);
    }

    /**
     * What the service owns of {@code key} instead of the job, if it does: the job's value for it is not used.
     */
    static Optional<String> owner(String key) {
        String k = key.strip();
        return SERVICE_OWNED.entrySet().stream().filter(owned -> owns(owned.getKey(), k)).map(Map.Entry::getValue)
                .findFirst();
    }

    /**
     * The rule of a setting a job makes, one that is not the service's own ({@link #owner(String)}).
     *
     * @throws PolicyViolation when the job may not make it, saying why
     */
    static OptionRule ruleOf(String key) {
        OptionRule rule = ALLOWED.get(key.strip());
        if (rule != null) {
            return rule;
        }
        throw new PolicyViolation("the Flink setting '" + key + "' is not one a job may make: jobs tune their own "
                + "execution (table.exec.*, table.optimizer.*, parallelism.default, pipeline.max-parallelism, "
                + "state.backend.type, checkpoint timing and the others the README lists), never the cluster, a "
                + "place, a class or a jar");
    }
}
