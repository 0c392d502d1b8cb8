package dev.dlirun.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a job is, as its owner wrote it: its name, its kind, its code (a SQL script, or a jar's main class and
 * arguments) and the settings of its runs. It changes only when its owner changes it; how its runs go is elsewhere.
 *
 * @param sqlBody        a SQL job's script: statements separated by {@code ;}
 * @param mainClass      a jar job's main class; empty to use the jar's manifest
 * @param entrypointArgs a jar job's arguments, separated by spaces as DLI takes them
 */
public record JobDefinition(
        String name,
        JobType type,
        Optional<String> sqlBody,
        Optional<String> mainClass,
        Optional<String> entrypointArgs,
        JobConfig config) {

    public JobDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sqlBody, "sqlBody");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(entrypointArgs, "entrypointArgs");
        Objects.requireNonNull(config, "config");
        if (name.isBlank()) {
            throw new InvalidInputException("name", "must not be blank");
        }
    }

    /** A job of {@code type} with no code yet and DLI's default settings. */
    public static JobDefinition named(String name, JobType type) {
        return new JobDefinition(name, type, Optional.empty(), Optional.empty(), Optional.empty(), JobConfig.DEFAULTS);
    }

    /** A SQL job running {@code sqlBody}. */
    public static JobDefinition sql(String name, JobType type, String sqlBody, JobConfig config) {
        return new JobDefinition(name, type, Optional.of(sqlBody), Optional.empty(), Optional.empty(), config);
    }

    /** Whether its code is SQL: every type but {@code flink_jar_job}. */
    public boolean isSql() {
        return type != JobType.FLINK_JAR_JOB;
    }
}
