package dev.dlirun.bootstrap;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The flags of where jobs are looked up and how they run: the backend, the local engine's way of running jobs, and
 * the Flink cluster it runs them on (the service's own, in processes of their own or in this one, or a remote one
 * over its REST API), with the places of the jobs' checkpoints, savepoints and jars, the connectors their tables may
 * use and the projects whose jobs may bring code. A mixin of {@link Main}, which lists its groups of flags in the
 * order {@code --help} shows them.
 */
final class BackendOptions {

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "local",
            description = "Where jobs are looked up and started: ${COMPLETION-CANDIDATES}. Env DLIRUN_BACKEND. "
                    + "Default: ${DEFAULT-VALUE} (the embedded engine, no cloud account needed).")
    BackendKind backend;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "flink",
            description = "How the local engine runs jobs: flink (on Apache Flink: a local cluster in processes of "
                    + "its own, or the cluster of --flink-rest) or simulated (no job runs; a run reports running after "
                    + "--launch-delay). Env DLIRUN_ENGINE. Default: ${DEFAULT-VALUE}.")
    Engine engine;

    @Option(names = "--flink-in-process",
            description = "Run jobs on a Flink cluster inside this process instead of a local cluster of its own: "
                    + "it starts sooner and takes less memory, but jobs' code runs with the service's rights (one "
                    + "team, or tests). Env DLIRUN_FLINK_IN_PROCESS. Default: false.")
    boolean flinkInProcess;

    @Option(names = "--project-slots", paramLabel = "N",
            description = "The most task slots one project's jobs may hold at once on the service's own Flink cluster "
                    + "(0: no limit); a job that would take more fails to submit, saying why. Env DLIRUN_PROJECT_SLOTS. "
                    + "Default: half of --flink-slots.")
    Integer projectSlots;

    @Option(names = "--jobs-user", paramLabel = "USER",
            description = "With the service running as root: the user the local Flink cluster's processes run as, a "
                    + "user name or UID:GID. Env DLIRUN_JOBS_USER. Default: 65532:65532 as root; the service's own "
                    + "user otherwise.")
    String jobsUser;

    @Option(names = "--flink-lib", paramLabel = "DIR",
            description = "The jars of the local Flink cluster's processes (Flink's own only). Env DLIRUN_FLINK_LIB. "
                    + "Default: flink-lib/ next to the service's jar.")
    Path flinkLib;

    @Option(names = "--flink-rest", paramLabel = "URL",
            description = "Run jobs on the Flink session cluster whose REST API is at URL (e.g. http://flink:8081) "
                    + "instead of an embedded one. Env DLIRUN_FLINK_REST.")
    URI flinkRest;

    @Option(names = "--flink-rest-keystore", paramLabel = "FILE",
            description = "With an https --flink-rest whose REST API wants client keys: a PKCS12 store with the "
                    + "service's key. Env DLIRUN_FLINK_REST_KEYSTORE.")
    Path flinkRestKeystore;

    @Option(names = "--flink-rest-keystore-password", paramLabel = "PASSWORD",
            description = "Its password; prefer the environment, which other users cannot list. "
                    + "Env DLIRUN_FLINK_REST_KEYSTORE_PASSWORD.")
    String flinkRestKeystorePassword;

    @Option(names = "--flink-rest-truststore", paramLabel = "FILE",
            description = "A PKCS12 store with the certificate of the cluster's REST API. "
                    + "Env DLIRUN_FLINK_REST_TRUSTSTORE.")
    Path flinkRestTruststore;

    @Option(names = "--flink-rest-truststore-password", paramLabel = "PASSWORD",
            description = "Its password; prefer the environment. Env DLIRUN_FLINK_REST_TRUSTSTORE_PASSWORD.")
    String flinkRestTruststorePassword;

    @Option(names = "--flink-slots", paramLabel = "N", defaultValue = "16",
            description = "Task slots of the embedded Flink cluster: how many parallel instances of jobs run at once. "
                    + "Env DLIRUN_FLINK_SLOTS. Default: ${DEFAULT-VALUE}.")
    int flinkSlots;

    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Where jobs' checkpoints go: any URI Flink can write (file:///..., s3://...), reachable by "
                    + "the cluster. Env DLIRUN_CHECKPOINT_DIR. Default: checkpoints/ in the data directory.")
    URI checkpointDir;

    @Option(names = "--savepoint-dir", paramLabel = "URI",
            description = "Where jobs' savepoints go, likewise. Env DLIRUN_SAVEPOINT_DIR. Default: savepoints/ in the "
                    + "data directory.")
    URI savepointDir;

    @Option(names = "--jars-dir", paramLabel = "DIR",
            description = "The only directory jar jobs and SQL functions' jars may come from. Env DLIRUN_JARS_DIR. "
                    + "Default: none (no jar may be used).")
    Path jarsDir;

    @Option(names = "--connectors", paramLabel = "LIST", split = ",", defaultValue = "datagen,print,blackhole,filesystem,kafka,upsert-kafka,jdbc",
            description = "The connectors jobs' tables may use, comma-separated. Env DLIRUN_CONNECTORS. "
                    + "Default: ${DEFAULT-VALUE}.")
    Set<String> connectors;

    @Option(names = "--connector-jars", paramLabel = "DIR",
            description = "The connectors and formats jobs are given as their own jars beyond the cluster's (Kafka, "
                    + "JDBC, CSV, Avro): a directory of bundles, one subdirectory each. Env DLIRUN_CONNECTOR_JARS. "
                    + "Default: flink-connectors/ next to the service's jar, when it is there.")
    Path connectorJars;

    @Option(names = "--allow-hosts", paramLabel = "LIST", split = ",",
            description = "The network places jobs' tables may connect to (Kafka's bootstrap servers, JDBC URLs): "
                    + "host:port patterns (kafka-1.internal:9092, *.kafka.internal:9092-9094, db:*) and CIDR ranges "
                    + "with ports (10.0.0.0/8:5432), comma-separated. Names are resolved when a job is submitted. Env "
                    + "DLIRUN_ALLOW_HOSTS. Default: none (a job may connect nowhere).")
    List<String> allowHosts = List.of();

    @Option(names = "--code-projects", paramLabel = "LIST", split = ",",
            description = "The projects whose jobs may bring code (jar jobs, SQL functions, ADD JAR), from --jars-dir "
                    + "only, comma-separated. Env DLIRUN_CODE_PROJECTS. Default: none.")
    Set<String> codeProjects = Set.of();

    /** Which backend looks jobs up and starts them. */
    enum BackendKind {
        /** The embedded local job engine: no cloud account needed. */
        local,
        /** Huawei Cloud DLI, over HTTPS, authenticated with AK/SK or an IAM token. */
        dli
    }

    /** How the local engine runs jobs. */
    enum Engine {
        flink, simulated
    }

    /** {@code flink-connectors/} next to the jar this class was loaded from, when it is there. */
    static Optional<Path> defaultConnectorJars() {
        Path bundles = defaultFlinkLib().resolveSibling("flink-connectors");
        return java.nio.file.Files.isDirectory(bundles) ? Optional.of(bundles) : Optional.empty();
    }

    /** {@code flink-lib/} next to the jar this class was loaded from (next to the classes' directory in a build). */
    static Path defaultFlinkLib() {
        try {
            Path location = Path.of(BackendOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toAbsolutePath().getParent().resolve("flink-lib");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("flink-lib").toAbsolutePath();
        }
    }
}
