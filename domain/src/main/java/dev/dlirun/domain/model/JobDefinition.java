package dev.dlirun.domain.model;


import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a job is, as its owner wrote it: its name, its kind, its code (a SQL script, or a jar's main class and
 * arguments), the settings of its runs, and every other field of DLI's job that this service keeps without acting on
 * it (queues, CUs, OBS, SMN, tags...). It changes only when its owner changes it; how its runs go is elsewhere.
 *
 * @param sqlBody        a SQL job's script: statements separated by {@code ;}
 * @param mainClass      a jar job's main class; empty to use the jar's manifest
 * @param entrypointArgs a jar job's arguments, separated by spaces as DLI takes them
 * @param extras         the fields of {@link JobField} that are none of the others, as their owner set them
 */
public record JobDefinition(
        String name,
        JobType type,
        Optional<String> sqlBody,
        Optional<String> mainClass,
        Optional<String> entrypointArgs,
        JobConfig config,
        JobFields extras) {

    /** The fields held in the typed components rather than in {@link #extras}. */
    public static final Set<JobField> TYPED = Set.of(JobField.NAME, JobField.SQL_BODY, JobField.MAIN_CLASS,
            JobField.ENTRYPOINT_ARGS, JobField.PARALLEL_NUMBER, JobField.CHECKPOINT_ENABLED, JobField.CHECKPOINT_MODE,
            JobField.CHECKPOINT_INTERVAL, JobField.RESTART_WHEN_EXCEPTION, JobField.RESUME_CHECKPOINT,
            JobField.RESUME_MAX_NUM, JobField.RUNTIME_CONFIG, JobField.ENTRYPOINT);

    /** DLI's defaults, beyond those of {@link JobConfig#DEFAULTS}, for a job created through the API. */
    private static final Map<JobField, Object> CREATE_DEFAULTS = Map.of(JobField.RUN_MODE, "shared_cluster",
            JobField.CU_NUMBER, 2L, JobField.MANAGER_CU_NUMBER, 1L, JobField.TM_CUS, 1L, JobField.LOG_ENABLED, false);

    public JobDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sqlBody, "sqlBody");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(entrypointArgs, "entrypointArgs");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(extras, "extras");
        if (name.isBlank()) {
            throw new InvalidInputException("name", "must not be blank");
        }
        extras = extras.without(TYPED);
    }

    /** A definition without extra fields. */
    public JobDefinition(String name, JobType type, Optional<String> sqlBody, Optional<String> mainClass,
                         Optional<String> entrypointArgs, JobConfig config) {
        this(name, type, sqlBody, mainClass, entrypointArgs, config, JobFields.EMPTY);
    }

    /** A job of {@code type} with no code yet and DLI's default settings. */
    public static JobDefinition named(String name, JobType type) {
        return new JobDefinition(name, type, Optional.empty(), Optional.empty(), Optional.empty(), JobConfig.DEFAULTS);
    }

    /** A SQL job running {@code sqlBody}. */
    public static JobDefinition sql(String name, JobType type, String sqlBody, JobConfig config) {
        return new JobDefinition(name, type, Optional.of(sqlBody), Optional.empty(), Optional.empty(), config);
    }

    /**
     * A new job of {@code type} as a create body sets it: the fields it leaves out take DLI's defaults.
     *
     * @throws InvalidInputException when {@code name} is missing, or a field breaks a rule of the run settings
     */
    public static JobDefinition created(JobType type, JobFields fields) {
        Map<JobField, Object> defaults = new EnumMap<>(CREATE_DEFAULTS);
        if (type != JobType.FLINK_JAR_JOB) {
            defaults.put(JobField.IDLE_STATE_RETENTION, 3600L);
        }
        return from(type, JobFields.of(defaults).with(fields));
    }

    /**
     * The definition of {@code type} that {@code fields} describe, whole: fields left out take the defaults of
     * {@link JobConfig#DEFAULTS}.
     *
     * @throws InvalidInputException when {@code name} is missing
     */
    public static JobDefinition from(JobType type, JobFields fields) {
        String name = fields.get(JobField.NAME, String.class)
                .orElseThrow(() -> new InvalidInputException("name", "is required"));
        JobConfig.Builder config = JobConfig.builder();
        fields.get(JobField.PARALLEL_NUMBER, Long.class).ifPresent(v -> config.parallelNumber(Math.toIntExact(v)));
        fields.get(JobField.CHECKPOINT_ENABLED, Boolean.class).ifPresent(config::checkpointEnabled);
        fields.get(JobField.CHECKPOINT_MODE, CheckpointMode.class).ifPresent(config::checkpointMode);
        fields.get(JobField.CHECKPOINT_INTERVAL, Long.class)
                .ifPresent(v -> config.checkpointIntervalSeconds(Math.toIntExact(v)));
        fields.get(JobField.RESTART_WHEN_EXCEPTION, Boolean.class).ifPresent(config::restartWhenException);
        fields.get(JobField.RESUME_CHECKPOINT, Boolean.class).ifPresent(config::resumeCheckpoint);
        fields.get(JobField.RESUME_MAX_NUM, Long.class).ifPresent(v -> config.resumeMaxNum(Math.toIntExact(v)));
        fields.get(JobField.RUNTIME_CONFIG, String.class).ifPresent(config::runtimeConfig);
        fields.get(JobField.ENTRYPOINT, String.class).ifPresent(config::entrypoint);
        return new JobDefinition(name, type, fields.get(JobField.SQL_BODY, String.class),
                fields.get(JobField.MAIN_CLASS, String.class), fields.get(JobField.ENTRYPOINT_ARGS, String.class),
                config.build(), fields);
    }

    /** Every field of this definition, the typed components' included (the run settings always have a value). */
    public JobFields fields() {
        Map<JobField, Object> typed = new EnumMap<>(JobField.class);
        typed.put(JobField.NAME, name);
        sqlBody.ifPresent(v -> typed.put(JobField.SQL_BODY, v));
        mainClass.ifPresent(v -> typed.put(JobField.MAIN_CLASS, v));
        entrypointArgs.ifPresent(v -> typed.put(JobField.ENTRYPOINT_ARGS, v));
        typed.put(JobField.PARALLEL_NUMBER, (long) config.parallelNumber());
        typed.put(JobField.CHECKPOINT_ENABLED, config.checkpointEnabled());
        typed.put(JobField.CHECKPOINT_MODE, config.checkpointMode());
        typed.put(JobField.CHECKPOINT_INTERVAL, (long) config.checkpointIntervalSeconds());
        typed.put(JobField.RESTART_WHEN_EXCEPTION, config.restartWhenException());
        typed.put(JobField.RESUME_CHECKPOINT, config.resumeCheckpoint());
        typed.put(JobField.RESUME_MAX_NUM, (long) config.resumeMaxNum());
        config.runtimeConfig().ifPresent(v -> typed.put(JobField.RUNTIME_CONFIG, v));
        config.entrypoint().ifPresent(v -> typed.put(JobField.ENTRYPOINT, v));
        return extras.with(JobFields.of(typed));
    }

    /** This definition with {@code changes} made: an update is a merge, the fields it leaves out keep their values. */
    public JobDefinition updatedWith(JobFields changes) {
        return from(type, fields().with(changes));
    }

    /** The queue the job runs on, if it names one. */
    public Optional<String> queueName() {
        return extras.get(JobField.QUEUE_NAME, String.class);
    }

    /** The job's tags; empty if it has none. */
    @SuppressWarnings("unchecked")
    public List<JobTag> tags() {
        return extras.get(JobField.TAGS).map(tags -> (List<JobTag>) tags).orElse(List.of());
    }

    /** Whether its code is SQL: every type but {@code flink_jar_job}. */
    public boolean isSql() {
        return type != JobType.FLINK_JAR_JOB;
    }
}
