package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.flink.cluster.OsUser;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where jobs are looked up and how they run: the local engine with its jobs on Apache Flink (embedded, or a remote
 * session cluster), the local engine with simulated runs, or Huawei Cloud DLI. Each choice carries its own settings,
 * so the wiring only has to pick.
 */
public sealed interface Backend {

    /** How the log and {@code --backend} name it: {@code local} or {@code dli}. */
    String kind();

    /**
     * The local engine, its jobs run on Apache Flink.
     *
     * @param codeProjects the projects whose jobs may bring code (jar jobs, functions); none by default
     */
    record Flink(FlinkSettings.Cluster cluster, Optional<URI> checkpoints, Optional<URI> savepoints,
                 Optional<Path> jars, Set<String> connectors, Set<String> codeProjects, Optional<Path> connectorJars,
                 java.util.List<String> allowHosts) implements Backend {

        /** With the cluster's own connectors only, and no network reach for jobs. */
        public Flink(FlinkSettings.Cluster cluster, Optional<URI> checkpoints, Optional<URI> savepoints,
                     Optional<Path> jars, Set<String> connectors, Set<String> codeProjects) {
            this(cluster, checkpoints, savepoints, jars, connectors, codeProjects, Optional.empty(),
                    java.util.List.of());
        }

        public Flink {
            Objects.requireNonNull(connectorJars, "connectorJars");
            allowHosts = java.util.List.copyOf(allowHosts);
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(checkpoints, "checkpoints");
            Objects.requireNonNull(savepoints, "savepoints");
            Objects.requireNonNull(jars, "jars");
            connectors = Set.copyOf(connectors);
            codeProjects = Set.copyOf(codeProjects);
            if (connectors.isEmpty()) {
                throw new IllegalArgumentException("--connectors must name at least one connector");
            }
            FlinkSettings.checkConnectors(connectors);
        }

        /** The same engine, letting the jobs of {@code projects} bring code from the jars directory {@code jars}. */
        public Flink withCode(Path jars, Set<String> projects) {
            return new Flink(cluster, checkpoints, savepoints, Optional.of(jars), connectors, projects, connectorJars,
                    allowHosts);
        }

        /**
         * The same engine, giving jobs the connectors' bundles in {@code connectorJars}, allowing {@code connectors},
         * and letting their tables reach {@code allowHosts}.
         */
        public Flink withReach(Path connectorJars, Set<String> connectors, java.util.List<String> allowHosts) {
            return new Flink(cluster, checkpoints, savepoints, jars, connectors, codeProjects,
                    Optional.of(connectorJars), allowHosts);
        }

        /** A cluster in this process of {@code slots} slots, state under the data directory, the default connectors. */
        public static Flink embedded(int slots) {
            return new Flink(new FlinkSettings.Embedded(slots), Optional.empty(), Optional.empty(), Optional.empty(),
                    FlinkSettings.defaultConnectors(), Set.of());
        }

        /**
         * A local cluster of its own of {@code slots} slots from the jars of {@code lib}, run as the default user (see
         * {@link OsUser#byDefault()}), the default connectors.
         */
        public static Flink local(int slots, Path lib) {
            return new Flink(new FlinkSettings.Local(slots, lib, OsUser.byDefault()), Optional.empty(),
                    Optional.empty(), Optional.empty(), FlinkSettings.defaultConnectors(), Set.of());
        }

        @Override
        public String kind() {
            return "local";
        }
    }

    /** The local engine, its runs simulated: running {@code launchDelay} after they are submitted. */
    record Simulated(Duration launchDelay) implements Backend {
        public Simulated {
            Objects.requireNonNull(launchDelay, "launchDelay");
            if (launchDelay.isNegative()) {
                throw new IllegalArgumentException("--launch-delay cannot be negative");
            }
        }

        @Override
        public String kind() {
            return "local";
        }
    }

    /** Huawei Cloud DLI, over HTTPS, authenticated with AK/SK or an IAM token. */
    record Dli(DliSettings settings) implements Backend {
        public Dli {
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public String kind() {
            return "dli";
        }
    }
}
