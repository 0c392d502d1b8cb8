package dev.dlirun.domain.graph;

import java.util.Arrays;
import java.util.Optional;

/** What a check of a job's SQL describes: its operators one by one, or its tasks with their chained operators. */
public enum GraphType {
    /** Flink's stream graph: every operator, its parallelism, whether it keeps state and its inputs. */
    SIMPLE_GRAPH("simple_graph"),
    /** Flink's job graph: the tasks (vertices) the operators are chained into, as the cluster would run them. */
    JOB_GRAPH("job_graph");

    private final String wireName;

    GraphType(String wireName) {
        this.wireName = wireName;
    }

    /** The name DLI's API gives it ({@code graph_type}). */
    public String wireName() {
        return wireName;
    }

    public static Optional<GraphType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
