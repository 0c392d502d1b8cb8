package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.DliCredentials;
import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.local.engine.EngineSettings;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobsFileException;
import dev.dlirun.adapters.rest.auth.CredentialFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar dlirun.jar [flags]}: reads the configuration, starts the service, stops it on SIGTERM. */
@Command(name = "dlirun",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Serves Huawei Cloud DLI's Batch Run Jobs API: POST /v1.0/{project_id}/streaming/jobs/run, its jobs run on "
                        + "Apache Flink.",
                "Every flag can also be set with the environment variable named after it.",
                ""})
public final class Main implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one. Env DLIRUN_PORT. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface. Env DLIRUN_BIND. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "none",
            description = "How callers prove who they are: ${COMPLETION-CANDIDATES}. none is allowed on a loopback "
                    + "address only. Env DLIRUN_AUTH. Default: ${DEFAULT-VALUE}.")
    Authentication.Mode auth;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "With --auth aksk: JSON array of {access_key, secret_key, projects}. Env DLIRUN_CREDENTIALS.")
    Path credentials;

    @Option(names = "--tokens", paramLabel = "FILE",
            description = "With --auth token: JSON array of {token_sha256, projects}. Env DLIRUN_TOKENS.")
    Path tokens;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest request body accepted; larger ones answer 413. Env DLIRUN_MAX_BODY. "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxBody;

    @Option(names = "--read-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a request's bytes may take to arrive; a caller that stalls is cut off (408). "
                    + "Env DLIRUN_READ_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration readTimeout;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines for people (text) or for log pipelines (json, one object per line). "
                    + "Env DLIRUN_LOG_FORMAT. Default: ${DEFAULT-VALUE}.")
    LogFormat logFormat;

    @Option(names = "--readiness-cache", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long /health/ready reuses its probe of the backend. Env DLIRUN_READINESS_CACHE. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration readinessCache;

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

    @Option(names = "--connectors", paramLabel = "LIST", split = ",", defaultValue = "datagen,print,blackhole,filesystem",
            description = "The connectors jobs' tables may use, comma-separated. Env DLIRUN_CONNECTORS. "
                    + "Default: ${DEFAULT-VALUE}.")
    Set<String> connectors;

    @Option(names = "--code-projects", paramLabel = "LIST", split = ",",
            description = "The projects whose jobs may bring code (jar jobs, SQL functions, ADD JAR), from --jars-dir "
                    + "only, comma-separated. Env DLIRUN_CODE_PROJECTS. Default: none.")
    Set<String> codeProjects = Set.of();

    @Option(names = "--jobs", paramLabel = "FILE",
            description = "JSON file of the local engine's jobs (an array of DLI job_detail objects). Env DLIRUN_JOBS. "
                    + "Default: the built-in demo catalogue.")
    Path jobs;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "dlirun-data",
            description = "Where the local engine keeps its jobs and their states, so that they survive a restart "
                    + "(created if need be). Env DLIRUN_DATA_DIR. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--ephemeral", defaultValue = "false",
            description = "Keep the local engine's state in memory only: it is gone when the server stops. "
                    + "Env DLIRUN_EPHEMERAL.")
    boolean ephemeral;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "1000",
            description = "Most job ids one request may name. Env DLIRUN_MAX_BATCH. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--launch-delay", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "With --engine simulated: how long a submitted job takes to report running (e.g. 500ms, 2s). "
                    + "Env DLIRUN_LAUNCH_DELAY. Default: ${DEFAULT-VALUE}.")
    Duration launchDelay;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "On SIGTERM, how long requests in flight may take to finish. Env DLIRUN_SHUTDOWN_GRACE. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration shutdownGrace;

    @Option(names = "--savepoint-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How long a savepoint (of a stop or a trigger) may take; a stop whose savepoint takes longer "
                    + "leaves its job running, saying why. Env DLIRUN_SAVEPOINT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration savepointTimeout;

    @Option(names = "--savepoints-kept", paramLabel = "N", defaultValue = "5",
            description = "How many of the savepoints it took the service keeps per job; older ones are deleted, never "
                    + "the one a resume restores, nor imported ones. Env DLIRUN_SAVEPOINTS_KEPT. "
                    + "Default: ${DEFAULT-VALUE}.")
    int savepointsKept;

    @Option(names = "--max-wait", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "The longest a caller's 'Prefer: wait=N' on a run or stop may hold its answer (N is capped to "
                    + "it). Env DLIRUN_MAX_WAIT. Default: ${DEFAULT-VALUE}.")
    Duration maxWait;

    @Option(names = "--request-deadline", paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "How long one request may take, calls to DLI included; jobs not settled by then answer "
                    + "\"false\" with the reason. Env DLIRUN_REQUEST_DEADLINE. Default: ${DEFAULT-VALUE}.")
    Duration requestDeadline;

    @Option(names = "--dli-endpoint", paramLabel = "URL",
            description = "DLI's URL, e.g. https://dli.cn-north-4.myhuaweicloud.com (dli backend; or --dli-region). "
                    + "Env DLIRUN_DLI_ENDPOINT.")
    URI dliEndpoint;

    @Option(names = "--dli-region", paramLabel = "REGION",
            description = "The Huawei Cloud region whose DLI to use, e.g. cn-north-4 (dli backend; or --dli-endpoint). "
                    + "Env DLIRUN_DLI_REGION.")
    String dliRegion;

    @Option(names = "--dli-ak", paramLabel = "AK",
            description = "Access key for DLI (dli backend, with --dli-sk). Env DLIRUN_DLI_AK or HUAWEICLOUD_SDK_AK.")
    String dliAccessKey;

    @Option(names = "--dli-sk", paramLabel = "SK",
            description = "Secret key for DLI; prefer the environment, which other users cannot list. "
                    + "Env DLIRUN_DLI_SK or HUAWEICLOUD_SDK_SK.")
    String dliSecretKey;

    @Option(names = "--dli-token", paramLabel = "TOKEN",
            description = "An IAM token for DLI, instead of AK/SK. Env DLIRUN_DLI_TOKEN.")
    String dliToken;

    @Option(names = "--dli-probe-project", paramLabel = "PROJECT",
            description = "A project whose job detail /health/ready may ask DLI for, to check the keys too. "
                    + "Env DLIRUN_DLI_PROBE_PROJECT. Default: only check that DLI answers.")
    String dliProbeProject;

    @Option(names = "--dli-concurrency", paramLabel = "N", defaultValue = "64",
            description = "Most calls to DLI in flight at once. Env DLIRUN_DLI_CONCURRENCY. Default: ${DEFAULT-VALUE}.")
    int dliConcurrency;

    @Option(names = "--dli-chunk-size", paramLabel = "N", defaultValue = "100",
            description = "Most job ids in one batch-run call to DLI. Env DLIRUN_DLI_CHUNK_SIZE. Default: ${DEFAULT-VALUE}.")
    int dliChunkSize;

    @Option(names = "--dli-connect-timeout", paramLabel = "DURATION", defaultValue = "3s",
            converter = DurationConverter.class,
            description = "How long to wait for a connection to DLI. Env DLIRUN_DLI_CONNECT_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration dliConnectTimeout;

    @Option(names = "--dli-read-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for one answer from DLI. Env DLIRUN_DLI_READ_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration dliReadTimeout;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = commandLine(new Main(), System.getenv()).execute(args);
        System.exit(exit);
    }

    /** The command line parser, taking defaults from {@code environment}. */
    static CommandLine commandLine(Main command, Map<String, String> environment) {
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new EnvironmentDefaults(environment));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("dlirun: " + e.getMessage());
            err.println("Run with --help to see the flags.");
            return 2;
        });
        return cli;
    }

    /** The checked configuration. */
    ServerConfig config() {
        try {
            Optional<Path> dataDirectory = ephemeral ? Optional.empty() : Optional.of(dataDir);
            Authentication authentication = new Authentication(auth, switch (auth) {
                case none -> Optional.empty();
                case aksk -> Optional.ofNullable(credentials);
                case token -> Optional.ofNullable(tokens);
            });
            return new ServerConfig(bind, port, backend(), Optional.ofNullable(jobs), dataDirectory, maxBatch,
                    shutdownGrace, requestDeadline, authentication, maxBody, readTimeout, readinessCache,
                    EngineSettings.DEFAULTS.withSavepoints(savepointTimeout, savepointsKept), maxWait);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Backend backend() {
        if (backend == BackendKind.dli) {
            return new Backend.Dli(dliSettings());
        }
        if (engine == Engine.simulated) {
            if (flinkRest != null) {
                throw new IllegalArgumentException("--flink-rest runs jobs on a Flink cluster: it goes with --engine "
                        + "flink, not simulated");
            }
            return new Backend.Simulated(launchDelay);
        }
        if (flinkRest != null && flinkInProcess) {
            throw new IllegalArgumentException("--flink-rest and --flink-in-process name two places to run jobs: "
                    + "choose one");
        }
        if (jobsUser != null && (flinkRest != null || flinkInProcess)) {
            throw new IllegalArgumentException("--jobs-user names who runs the local Flink cluster: it goes with "
                    + "neither --flink-rest nor --flink-in-process");
        }
        if (jobsUser != null && !OsUser.weAreRoot()) {
            throw new IllegalArgumentException("--jobs-user needs the service to run as root: only root can run "
                    + "processes as another user (without it, the local cluster runs as the service's own user)");
        }
        if (projectSlots != null && flinkRest != null) {
            throw new IllegalArgumentException("--project-slots limits the service's own Flink cluster: it does not go "
                    + "with --flink-rest");
        }
        int perProject = projectSlots != null ? projectSlots : FlinkSettings.defaultProjectSlots(flinkSlots);
        boolean restTls = flinkRestKeystore != null || flinkRestTruststore != null;
        if (restTls && flinkRest == null) {
            throw new IllegalArgumentException("--flink-rest-keystore and --flink-rest-truststore go with --flink-rest");
        }
        if (restTls && (flinkRestKeystore == null || flinkRestTruststore == null || flinkRestKeystorePassword == null
                || flinkRestTruststorePassword == null)) {
            throw new IllegalArgumentException("a REST API over TLS with client keys needs --flink-rest-keystore and "
                    + "--flink-rest-truststore, and their passwords (DLIRUN_FLINK_REST_KEYSTORE_PASSWORD, "
                    + "DLIRUN_FLINK_REST_TRUSTSTORE_PASSWORD)");
        }
        Optional<FlinkSettings.RestTls> tls = restTls ? Optional.of(new FlinkSettings.RestTls(flinkRestKeystore,
                flinkRestKeystorePassword, flinkRestTruststore, flinkRestTruststorePassword)) : Optional.empty();
        FlinkSettings.Cluster cluster = flinkRest != null ? new FlinkSettings.Remote(flinkRest, tls)
                : flinkInProcess ? new FlinkSettings.Embedded(flinkSlots, perProject)
                : new FlinkSettings.Local(flinkSlots, perProject, flinkLib != null ? flinkLib : defaultFlinkLib(),
                jobsUser != null ? Optional.of(OsUser.of(jobsUser)) : OsUser.byDefault());
        Set<String> allowed = new TreeSet<>();
        connectors.stream().map(String::strip).filter(name -> !name.isEmpty()).forEach(allowed::add);
        Set<String> code = new TreeSet<>();
        codeProjects.stream().map(String::strip).filter(name -> !name.isEmpty()).forEach(code::add);
        for (String project : code) {
            if (!project.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("--code-projects names '" + project + "', which is no project id");
            }
        }
        return new Backend.Flink(cluster, Optional.ofNullable(checkpointDir), Optional.ofNullable(savepointDir),
                Optional.ofNullable(jarsDir), allowed, code);
    }

    private DliSettings dliSettings() {
        if ((dliEndpoint == null) == (dliRegion == null)) {
            throw new IllegalArgumentException("the dli backend needs either --dli-endpoint or --dli-region");
        }
        URI endpoint = dliEndpoint != null ? dliEndpoint : DliSettings.endpointOfRegion(dliRegion);
        boolean akSk = dliAccessKey != null || dliSecretKey != null;
        if (akSk == (dliToken != null)) {
            throw new IllegalArgumentException(
                    "the dli backend needs either --dli-ak with --dli-sk, or --dli-token (not both)");
        }
        if (akSk && (dliAccessKey == null || dliSecretKey == null)) {
            throw new IllegalArgumentException("--dli-ak and --dli-sk go together");
        }
        DliCredentials credentials = akSk
                ? new DliCredentials.AkSk(dliAccessKey, dliSecretKey)
                : new DliCredentials.Token(dliToken);
        DliSettings settings = DliSettings.defaults(endpoint, credentials)
                .withConcurrency(dliConcurrency)
                .withChunkSize(dliChunkSize)
                .withTimeouts(dliConnectTimeout, dliReadTimeout);
        return dliProbeProject == null ? settings : settings.withProbeProject(dliProbeProject);
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        // Before anything logs: logback reads it when it starts.
        if (logFormat == LogFormat.json) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        PrintWriter err = spec.commandLine().getErr();
        // Before anything makes a temporary file: the JVM reads java.io.tmpdir once.
        LocalBackend.temporaryDirectory(config).ifPresent(tmp -> System.setProperty("java.io.tmpdir", tmp.toString()));
        DliRunServer server;
        try {
            server = DliRunServer.start(config, Clock.systemUTC());
        } catch (JobsFileException | JdbcJobCatalogue.CatalogueUnavailableException
                 | CredentialFiles.CredentialFileException e) {
            err.println("dlirun: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("dlirun: " + e.getMessage());
            return 1;
        }
        // SIGTERM and SIGINT ask for an orderly stop: no new connections, requests in flight finish within the
        // grace period, then exit 0. Any other way out of the JVM still closes the server through the hook.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[]{"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> stopRequested.countDown());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            flushLogs();
        }, "dlirun-shutdown"));
        stopRequested.await();
        server.close();
        flushLogs();
        return 0;
    }

    /** Writes out the log lines still queued (logging is asynchronous) before the JVM ends. */
    private static void flushLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.stop();
        }
    }

    /** How log lines are written: logback.xml or logback-json.xml. */
    enum LogFormat {
        text, json
    }

    /** Which backend looks jobs up and starts them. */
    enum BackendKind {
        /** The embedded local job engine: no cloud account needed. */
        local,
        /** Huawei Cloud DLI, over HTTPS, authenticated with AK/SK or an IAM token. */
        dli
    }

    /** How the local engine runs jobs. */
    /** {@code flink-lib/} next to the jar this class was loaded from (next to the classes' directory in a build). */
    static Path defaultFlinkLib() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toAbsolutePath().getParent().resolve("flink-lib");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("flink-lib").toAbsolutePath();
        }
    }

    enum Engine {
        flink, simulated
    }

    /** The version this jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"dlirun " + (version != null ? version : "(development build)")};
        }
    }
}
