package dev.dlirun.domain.model;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of DLI Flink job, by their names on the wire. */
public enum JobType {
    FLINK_SQL_JOB("flink_sql_job"),
    FLINK_OPENSOURCE_SQL_JOB("flink_opensource_sql_job"),
    FLINK_SQL_EDGE_JOB("flink_sql_edge_job"),
    FLINK_JAR_JOB("flink_jar_job");

    private final String wireName;

    JobType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type DLI calls {@code wireName}; empty for anything else. */
    public static Optional<JobType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
