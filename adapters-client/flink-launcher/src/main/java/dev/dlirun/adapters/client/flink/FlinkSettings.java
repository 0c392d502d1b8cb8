package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.adapters.client.flink.policy.CodePolicy;
import dev.dlirun.adapters.client.flink.policy.NetworkReach;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the service runs jobs on Apache Flink.
 *
 * @param cluster         where the jobs run: an embedded cluster, or a remote session cluster
 * @param checkpoints     where checkpoints go, as a URI Flink can write (each job gets {@code <project>/<job id>/} under
 *                        it); a remote cluster must be able to reach it
 * @param savepoints      where savepoints go, likewise
 * @param projects        the directory holding each project's own directory: the only place a job's tables may read
 *                        and write files
 * @param jars            where jar jobs and functions' jars may come from; empty: from nowhere
 * @param connectors      the connectors a job's tables may use
 * @param codeProjects    the projects whose jobs may bring code (jar jobs, functions): on the embedded engine, code
 *                        runs with the service's own rights
 * @param temporary       the service's own temporary directory: Flink's, and where the planner unpacks itself
 * @param clusterDirectory the local cluster's own directory (its configuration, temporary files and logs)
 * @param reach           the connectors' jars jobs may be given and the network places they may reach
 */
public record FlinkSettings(
        Cluster cluster,
        URI checkpoints,
        URI savepoints,
        Path projects,
        Optional<Path> jars,
        Set<String> connectors,
        Set<String> codeProjects,
        Path temporary,
        Path clusterDirectory,
        JobReach reach) {

    /** With no connectors beyond the cluster's own and no network reach. */
    public FlinkSettings(Cluster cluster, URI checkpoints, URI savepoints, Path projects, Optional<Path> jars,
                         Set<String> connectors, Set<String> codeProjects, Path temporary, Path clusterDirectory) {
        this(cluster, checkpoints, savepoints, projects, jars, connectors, codeProjects, temporary, clusterDirectory,
                JobReach.NONE);
    }

    /**
     * What jobs may reach beyond their project's files: the connectors' jars they may be given, and the network places
     * their tables may name.
     *
     * @param connectorJars the directory of connector bundles ({@link ConnectorBundles}); empty: the cluster's own
     *                      connectors only
     * @param allowHosts    the {@code --allow-hosts} entries: host:port patterns and CIDR ranges a job's tables may
     *                      connect to; none by default
     * @param servicePorts  the service's own ports (its HTTP port, its Flink cluster's), which no job may reach on
     *                      this machine whatever {@code allowHosts} says; asked at every check, since some are known
     *                      only once bound
     */
    public record JobReach(Optional<Path> connectorJars, java.util.List<String> allowHosts,
                           java.util.function.Supplier<Set<Integer>> servicePorts) {

        /** No connectors' jars, no network reach. */
        public static final JobReach NONE = new JobReach(Optional.empty(), java.util.List.of(), Set::of);

        public JobReach {
            Objects.requireNonNull(connectorJars, "connectorJars");
            Objects.requireNonNull(servicePorts, "servicePorts");
            allowHosts = java.util.List.copyOf(allowHosts);
            checkAllowHosts(allowHosts);
        }

        /** The network places jobs' tables may connect to, as the code policy checks them. */
        public NetworkReach network() {
            return new NetworkReach(allowHosts, servicePorts);
        }
    }

    /** @throws IllegalArgumentException naming an {@code --allow-hosts} entry that is not a host:port pattern */
    public static void checkAllowHosts(java.util.List<String> entries) {
        new NetworkReach(entries, Set::of);
    }

    /** Where jobs run. */
    public sealed interface Cluster {
    }

    /** The most task slots one project may hold at once on a cluster of {@code slots}: half of them, at least 1. */
    public static int defaultProjectSlots(int slots) {
        return Math.max(1, slots / 2);
    }

    /**
     * A Flink cluster on this machine in processes of its own, started and supervised by the service: the default.
     *
     * @param slots        how many task slots its TaskManager offers
     * @param projectSlots the most of them one project's jobs may hold at once (0: no limit)
     * @param lib          the directory of its processes' class path: Flink's jars only
     * @param user         the operating-system user its processes run as (the service runs as root); empty: the
     *                     service's
     */
    public record Local(int slots, int projectSlots, Path lib, Optional<OsUser> user) implements Cluster {
        public Local {
            Objects.requireNonNull(lib, "lib");
            Objects.requireNonNull(user, "user");
            if (slots < 1) {
                throw new IllegalArgumentException("--flink-slots must be at least 1, not " + slots);
            }
            checkProjectSlots(projectSlots, slots);
        }

        /** With the default limit per project. */
        public Local(int slots, Path lib, Optional<OsUser> user) {
            this(slots, defaultProjectSlots(slots), lib, user);
        }
    }

    /**
     * A Flink cluster inside the service's JVM (a MiniCluster), listening on 127.0.0.1 only: for one team, and tests.
     *
     * @param slots        how many task slots it offers: how many parallel instances of jobs run at once
     * @param projectSlots the most of them one project's jobs may hold at once (0: no limit)
     */
    public record Embedded(int slots, int projectSlots) implements Cluster {
        public Embedded {
            if (slots < 1) {
                throw new IllegalArgumentException("--flink-slots must be at least 1, not " + slots);
            }
            checkProjectSlots(projectSlots, slots);
        }

        /** With the default limit per project. */
        public Embedded(int slots) {
            this(slots, defaultProjectSlots(slots));
        }
    }

    private static void checkProjectSlots(int projectSlots, int slots) {
        if (projectSlots < 0) {
            throw new IllegalArgumentException("--project-slots cannot be negative");
        }
        if (projectSlots > slots) {
            throw new IllegalArgumentException("--project-slots (" + projectSlots + ") cannot be more than the "
                    + "cluster's --flink-slots (" + slots + ")");
        }
    }

    /**
     * An existing Flink session cluster, reached over its REST API at {@code rest}; over TLS with a client key when
     * {@code tls} is given (a cluster whose REST API takes its operator's clients only).
     */
    public record Remote(URI rest, Optional<RestTls> tls) implements Cluster {
        public Remote {
            Objects.requireNonNull(rest, "rest");
            Objects.requireNonNull(tls, "tls");
            if (rest.getHost() == null || rest.getScheme() == null
                    || !(rest.getScheme().equals("http") || rest.getScheme().equals("https"))) {
                throw new IllegalArgumentException("--flink-rest must be an http(s) URL with a host, not " + rest);
            }
            if (tls.isPresent() != rest.getScheme().equals("https")) {
                throw new IllegalArgumentException(tls.isPresent()
                        ? "--flink-rest-keystore goes with an https --flink-rest, not " + rest
                        : "--flink-rest " + rest + " is https: it needs --flink-rest-keystore and "
                        + "--flink-rest-truststore, the service's key and the cluster's certificate");
            }
        }

        /** A cluster whose REST API is plain HTTP. */
        public Remote(URI rest) {
            this(rest, Optional.empty());
        }
    }

    /**
     * The service's key for a cluster's REST API over TLS with client authentication
     * ({@code security.ssl.rest.authentication-enabled} on the cluster), and the certificate it trusts the cluster by.
     *
     * @param keystore           a PKCS12 store holding the service's key and certificate
     * @param keystorePassword   its password (and its key's)
     * @param truststore         a PKCS12 store holding the certificate of the cluster's REST API
     * @param truststorePassword its password
     */
    public record RestTls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
        public RestTls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(keystorePassword, "keystorePassword");
            Objects.requireNonNull(truststore, "truststore");
            Objects.requireNonNull(truststorePassword, "truststorePassword");
        }

        /**
         * The REST client's settings: TLS 1.3 with AES-GCM (the cluster's {@code security.ssl.protocol} and
         * {@code security.ssl.algorithms} must say the same), the service's key and the cluster's certificate.
         */
        public java.util.Map<String, String> clientSettings() {
            return java.util.Map.of("security.ssl.protocol", "TLSv1.3",
                    "security.ssl.algorithms", "TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256",
                    "security.ssl.rest.enabled", "true",
                    "security.ssl.rest.authentication-enabled", "true",
                    "security.ssl.rest.keystore", keystore.toString(),
                    "security.ssl.rest.keystore-password", keystorePassword,
                    "security.ssl.rest.key-password", keystorePassword,
                    "security.ssl.rest.truststore", truststore.toString(),
                    "security.ssl.rest.truststore-password", truststorePassword);
        }

        @Override
        public String toString() {
            return "RestTls[" + keystore + ", " + truststore + "]";
        }
    }

    /** The most task slots one project may hold at once on the service's own cluster; 0 when there is no limit. */
    int projectSlots() {
        return cluster instanceof Local local ? local.projectSlots()
                : cluster instanceof Embedded embedded ? embedded.projectSlots() : 0;
    }

    /** The connectors jobs may use unless the operator names others. */
    public static Set<String> defaultConnectors() {
        return CodePolicy.DEFAULT_CONNECTORS;
    }

    /**
     * @throws IllegalArgumentException when {@code connectors} names one whose options the code policy has not
     *                                  classified, so that no job could use it
     */
    public static void checkConnectors(Set<String> connectors) {
        CodePolicy.checkConnectors(connectors);
    }

    public FlinkSettings {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(savepoints, "savepoints");
        Objects.requireNonNull(projects, "projects");
        Objects.requireNonNull(jars, "jars");
        Objects.requireNonNull(temporary, "temporary");
        Objects.requireNonNull(clusterDirectory, "clusterDirectory");
        Objects.requireNonNull(reach, "reach");
        connectors = Set.copyOf(connectors);
        codeProjects = Set.copyOf(codeProjects);
        if (connectors.isEmpty()) {
            throw new IllegalArgumentException("--connectors must name at least one connector");
        }
        for (URI uri : new URI[]{checkpoints, savepoints}) {
            if (uri.getScheme() == null) {
                throw new IllegalArgumentException("checkpoint and savepoint directories are URIs with a scheme "
                        + "(file:///..., s3://...), not " + uri);
            }
        }
    }

    /** The same settings, the service's own ports those of {@code servicePorts}. */
    FlinkSettings withServicePorts(java.util.function.Supplier<Set<Integer>> servicePorts) {
        return new FlinkSettings(cluster, checkpoints, savepoints, projects, jars, connectors, codeProjects, temporary,
                clusterDirectory, new JobReach(reach.connectorJars(), reach.allowHosts(), servicePorts));
    }

    /** The same settings, the connectors' bundles in {@code connectorJars} (a copy their readers may read). */
    FlinkSettings withConnectorJars(Path connectorJars) {
        return new FlinkSettings(cluster, checkpoints, savepoints, projects, jars, connectors, codeProjects, temporary,
                clusterDirectory, new JobReach(Optional.of(connectorJars), reach.allowHosts(), reach.servicePorts()));
    }

    /** Where the job's checkpoints go. */
    String checkpointsOf(String project, long job) {
        return under(checkpoints, project, job);
    }

    /** Where the job's savepoints go. */
    String savepointsOf(String project, long job) {
        return under(savepoints, project, job);
    }

    private static String under(URI root, String project, long job) {
        String base = root.toString();
        return (base.endsWith("/") ? base : base + "/") + project + "/" + job;
    }
}
