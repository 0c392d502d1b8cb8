package dev.dlirun.adapters.client.flink.cluster;

import java.nio.file.Path;

/**
 * The two processes of the local cluster, by role: the class each runs, and the name of its files in the cluster's
 * directory ({@code jobmanager.pid}, {@code log/jobmanager.log}).
 */
enum ClusterRole {
    JOBMANAGER("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint"),
    TASKMANAGER("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");

    private final String mainClass;

    ClusterRole(String mainClass) {
        this.mainClass = mainClass;
    }

    /** Flink's entry point for the role. */
    String mainClass() {
        return mainClass;
    }

    String file() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The file in the cluster's {@code directory} that holds the process's id while it runs. */
    Path pidFile(Path directory) {
        return directory.resolve(file() + ".pid");
    }
}
