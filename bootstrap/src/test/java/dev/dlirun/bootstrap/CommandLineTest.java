package dev.dlirun.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import dev.dlirun.adapters.client.dli.DliCredentials;
import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.local.engine.EngineSettings;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.flink.cluster.OsUser;

import java.io.PrintWriter;
import java.net.URI;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    private static ServerConfig parse(Map<String, String> environment, String... args) {
        Main main = new Main();
        Main.commandLine(main, environment).parseArgs(args);
        return main.config();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run execute(String... args) {
        return execute(Map.of(), args);
    }

    private static Run execute(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Main(), environment);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void withoutFlagsItServesTheDemoCatalogueOnLoopbackPort8080WithAnEmbeddedFlink() {
        assertThat(parse(Map.of())).isEqualTo(new ServerConfig("127.0.0.1", 8080,
                byDefault(Backend.Flink.local(16, BackendOptions.defaultFlinkLib())),
                Optional.empty(), Optional.of(Path.of("dlirun-data")), 1000, Duration.ofSeconds(10),
                Duration.ofSeconds(15), Authentication.NONE, 4194304, Duration.ofSeconds(10), Duration.ofSeconds(5),
                EngineSettings.DEFAULTS, Duration.ofSeconds(60)));
    }

    @Test
    void theFlinkEngineTakesARemoteClusterItsDirectoriesJarsAndConnectors() {
        ServerConfig config = parse(Map.of("DLIRUN_CONNECTORS", "datagen, print"), "--flink-rest=http://flink:8081",
                "--checkpoint-dir=s3://bucket/checkpoints", "--savepoint-dir=s3://bucket/savepoints",
                "--jars-dir=/opt/jobs", "--code-projects=team-a,team_b");

        assertThat(config.backend()).isEqualTo(byDefault(new Backend.Flink(new FlinkSettings.Remote(
                URI.create("http://flink:8081")), Optional.of(URI.create("s3://bucket/checkpoints")),
                Optional.of(URI.create("s3://bucket/savepoints")), Optional.of(Path.of("/opt/jobs")),
                Set.of("datagen", "print"), Set.of("team-a", "team_b"))));
        assertThat(parse(Map.of(), "--flink-slots=4").backend()).isEqualTo(byDefault(Backend.Flink.local(4,
                BackendOptions.defaultFlinkLib())));
        assertThat(parse(Map.of(), "--flink-slots=4", "--flink-lib=/opt/flink/lib").backend())
                .isEqualTo(byDefault(Backend.Flink.local(4, Path.of("/opt/flink/lib"))));
        assertThat(parse(Map.of("DLIRUN_FLINK_IN_PROCESS", "true")).backend())
                .isEqualTo(byDefault(Backend.Flink.embedded(16)));
        assertThat(parse(Map.of(), "--flink-slots=8", "--project-slots=3").backend())
                .isEqualTo(byDefault(new Backend.Flink(new FlinkSettings.Local(8, 3, BackendOptions.defaultFlinkLib(),
                        OsUser.byDefault()), Optional.empty(), Optional.empty(), Optional.empty(),
                        FlinkSettings.defaultConnectors(), Set.of())));
        Path bundles = FlinkEndToEndTest.CONNECTOR_JARS;
        Backend.Flink reaching = (Backend.Flink) parse(Map.of("DLIRUN_ALLOW_HOSTS", "kafka.internal:9092, "
                + "10.0.0.0/8:5432"), "--connector-jars=" + bundles).backend();
        assertThat(reaching.connectorJars()).contains(bundles);
        Run noBundles = execute("--connector-jars=/nowhere/connectors");
        assertThat(noBundles.exitCode()).isEqualTo(2);
        assertThat(noBundles.err()).contains("--connector-jars /nowhere/connectors holds no connector bundle");
        assertThat(reaching.allowHosts()).containsExactly("kafka.internal:9092", "10.0.0.0/8:5432");
        Run badHost = execute("--allow-hosts=kafka.internal");
        assertThat(badHost.exitCode()).isEqualTo(2);
        assertThat(badHost.err()).contains("kafka.internal");
        Run tooMany = execute("--flink-slots=4", "--project-slots=5");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--project-slots (5) cannot be more than the cluster's --flink-slots (4)");
        Run both = execute("--flink-in-process", "--flink-rest=http://flink:8081");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--flink-rest and --flink-in-process name two places to run jobs");
    }

    @Test
    void aRemoteClusterOverTlsTakesTheServicesKeyItsTrustAndTheirPasswordsFromTheEnvironment() {
        ServerConfig config = parse(Map.of("DLIRUN_FLINK_REST_KEYSTORE_PASSWORD", "k3y",
                        "DLIRUN_FLINK_REST_TRUSTSTORE_PASSWORD", "tru5t"), "--flink-rest=https://flink:8081",
                "--flink-rest-keystore=/etc/dlirun/service.p12", "--flink-rest-truststore=/etc/dlirun/flink.p12");

        assertThat(((Backend.Flink) config.backend()).cluster()).isEqualTo(new FlinkSettings.Remote(
                URI.create("https://flink:8081"), Optional.of(new FlinkSettings.RestTls(
                Path.of("/etc/dlirun/service.p12"), "k3y", Path.of("/etc/dlirun/flink.p12"), "tru5t"))));
        assertThat(config.toString()).doesNotContain("k3y").doesNotContain("tru5t");
        Run noKey = execute("--flink-rest=https://flink:8081");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.err()).contains("is https: it needs --flink-rest-keystore and --flink-rest-truststore");
        Run noPassword = execute("--flink-rest=https://flink:8081", "--flink-rest-keystore=/a.p12",
                "--flink-rest-truststore=/b.p12");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).contains("and their passwords (DLIRUN_FLINK_REST_KEYSTORE_PASSWORD");
    }

    @Test
    void connectorsWhoseOptionsNobodyClassifiedAndProjectsThatAreNoProjectsAreRefusedAtStart() {
        Run hbase = execute("--connectors=datagen,hbase-2.2");
        assertThat(hbase.exitCode()).isEqualTo(2);
        assertThat(hbase.err()).contains("dlirun: --connectors names hbase-2.2, whose options this service has not "
                + "classified, so no job may use it; it can allow blackhole, datagen, filesystem, jdbc, kafka, print, "
                + "upsert-kafka");

        Run project = execute("--code-projects=ok,not/a/project");
        assertThat(project.exitCode()).isEqualTo(2);
        assertThat(project.err()).contains("dlirun: --code-projects names 'not/a/project', which is no project id");
    }

    @Test
    void theSimulatedEngineTakesItsLaunchDelayAndNoCluster() {
        assertThat(parse(Map.of(), "--engine=simulated", "--launch-delay=250ms").backend())
                .isEqualTo(new Backend.Simulated(Duration.ofMillis(250)));

        Run refused = execute("--engine=simulated", "--flink-rest=http://flink:8081");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("dlirun: --flink-rest runs jobs on a Flink cluster: it goes with "
                + "--engine flink, not simulated");
        assertThat(execute("--flink-slots=0").err()).startsWith("dlirun: --flink-slots must be at least 1, not 0");
        assertThat(execute("--flink-rest=flink:8081").err())
                .startsWith("dlirun: --flink-rest must be an http(s) URL with a host, not flink:8081");
    }

    @Test
    void everyFlagHasAnEnvironmentVariable() {
        ServerConfig config = parse(Map.ofEntries(
                Map.entry("DLIRUN_PORT", "9090"),
                Map.entry("DLIRUN_BIND", "0.0.0.0"),
                Map.entry("DLIRUN_BACKEND", "LOCAL"),
                Map.entry("DLIRUN_JOBS", "/etc/dlirun/jobs.json"),
                Map.entry("DLIRUN_MAX_BATCH", "50"),
                Map.entry("DLIRUN_ENGINE", "simulated"),
                Map.entry("DLIRUN_LAUNCH_DELAY", "500ms"),
                Map.entry("DLIRUN_SHUTDOWN_GRACE", "PT30S"),
                Map.entry("DLIRUN_REQUEST_DEADLINE", "5s"),
                Map.entry("DLIRUN_DATA_DIR", "/var/lib/dlirun"),
                Map.entry("DLIRUN_AUTH", "token"),
                Map.entry("DLIRUN_TOKENS", "/etc/dlirun/tokens.json"),
                Map.entry("DLIRUN_MAX_BODY", "65536"),
                Map.entry("DLIRUN_READ_TIMEOUT", "3s"),
                Map.entry("DLIRUN_READINESS_CACHE", "1s"), Map.entry("DLIRUN_SAVEPOINT_TIMEOUT", "90s"),
                Map.entry("DLIRUN_SAVEPOINTS_KEPT", "3"), Map.entry("DLIRUN_MAX_WAIT", "20s")));

        assertThat(config).isEqualTo(new ServerConfig("0.0.0.0", 9090, new Backend.Simulated(Duration.ofMillis(500)),
                Optional.of(Path.of("/etc/dlirun/jobs.json")), Optional.of(Path.of("/var/lib/dlirun")), 50,
                Duration.ofSeconds(30), Duration.ofSeconds(5), new Authentication(Authentication.Mode.token, Optional.of(Path.of("/etc/dlirun/tokens.json"))),
                65536, Duration.ofSeconds(3), Duration.ofSeconds(1),
                EngineSettings.DEFAULTS.withSavepoints(Duration.ofSeconds(90), 3), Duration.ofSeconds(20)));
    }

    @Test
    void anEphemeralServerKeepsItsStateInMemory() {
        assertThat(parse(Map.of(), "--ephemeral").dataDirectory()).isEmpty();
        assertThat(parse(Map.of("DLIRUN_EPHEMERAL", "true")).dataDirectory()).isEmpty();
    }

    /** A Flink backend as the flags make it when they name no connectors' jars and no hosts. */
    private static Backend.Flink byDefault(Backend.Flink flink) {
        return new Backend.Flink(flink.cluster(), flink.checkpoints(), flink.savepoints(), flink.jars(),
                flink.connectors(), flink.codeProjects(), BackendOptions.defaultConnectorJars(), List.of());
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        assertThat(parse(Map.of("DLIRUN_PORT", "9090"), "--port", "9191").port()).isEqualTo(9191);
    }

    @Test
    void helpListsEveryFlagWithItsVariableAndDefault() {
        Run help = execute("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--port", "DLIRUN_PORT", "Default: 8080", "--bind", "DLIRUN_BIND",
                "Default: 127.0.0.1", "--backend", "DLIRUN_BACKEND", "--jobs", "DLIRUN_JOBS", "--max-batch",
                "DLIRUN_MAX_BATCH", "Default: 1000", "--launch-delay", "DLIRUN_LAUNCH_DELAY", "--shutdown-grace",
                "DLIRUN_SHUTDOWN_GRACE", "--request-deadline", "DLIRUN_REQUEST_DEADLINE", "--dli-endpoint",
                "DLIRUN_DLI_ENDPOINT", "--dli-region", "--dli-ak", "HUAWEICLOUD_SDK_AK", "--dli-sk",
                "HUAWEICLOUD_SDK_SK", "--dli-token", "--dli-concurrency", "--dli-chunk-size", "--dli-connect-timeout",
                "--dli-read-timeout", "--data-dir", "DLIRUN_DATA_DIR", "--ephemeral", "--auth", "DLIRUN_AUTH",
                "--credentials", "--tokens", "--max-body", "--read-timeout", "--log-format", "DLIRUN_LOG_FORMAT",
                "--readiness-cache", "--dli-probe-project", "--engine", "DLIRUN_ENGINE", "Default: flink",
                "--flink-rest", "DLIRUN_FLINK_REST", "--flink-slots", "Default: 16", "--checkpoint-dir",
                "--savepoint-dir", "--jars-dir", "DLIRUN_JARS_DIR", "--connectors",
                "datagen,print,blackhole,filesystem,kafka,", "upsert-kafka,jdbc", "--connector-jars",
                "DLIRUN_CONNECTOR_JARS", "--allow-hosts", "DLIRUN_ALLOW_HOSTS", "--code-projects", "DLIRUN_CODE_PROJECTS", "--flink-in-process",
                "DLIRUN_FLINK_IN_PROCESS", "--flink-lib", "DLIRUN_FLINK_LIB", "--project-slots", "DLIRUN_PROJECT_SLOTS",
                "--jobs-user", "DLIRUN_JOBS_USER");
    }

    @Test
    void theDliBackendTakesARegionAndTheOfficialSdksKeyVariables() {
        ServerConfig config = parse(Map.of("HUAWEICLOUD_SDK_AK", "AKSDK", "HUAWEICLOUD_SDK_SK", "SKSDK"),
                "--backend=dli", "--dli-region=cn-north-4", "--dli-concurrency=8");

        DliSettings dli = ((Backend.Dli) config.backend()).settings();
        assertThat(dli.endpoint()).isEqualTo(URI.create("https://dli.cn-north-4.myhuaweicloud.com"));
        assertThat(dli.credentials()).isEqualTo(new DliCredentials.AkSk("AKSDK", "SKSDK"));
        assertThat(dli.concurrency()).isEqualTo(8);
    }

    @Test
    void theServicesOwnKeyVariablesWinOverTheSdks() {
        ServerConfig config = parse(Map.of("HUAWEICLOUD_SDK_AK", "AKSDK", "HUAWEICLOUD_SDK_SK", "SKSDK",
                "DLIRUN_DLI_AK", "AKOWN", "DLIRUN_DLI_SK", "SKOWN"), "--backend=dli", "--dli-endpoint=http://127.0.0.1:9");

        assertThat(((Backend.Dli) config.backend()).settings().credentials()).isEqualTo(new DliCredentials.AkSk("AKOWN", "SKOWN"));
    }

    @Test
    void theDliBackendTakesAnEndpointAndAToken() {
        ServerConfig config = parse(Map.of(), "--backend=dli", "--dli-endpoint=https://dli.example.com:8443/",
                "--dli-token=T0KEN");

        assertThat(((Backend.Dli) config.backend()).settings().endpoint()).isEqualTo(URI.create("https://dli.example.com:8443"));
        assertThat(((Backend.Dli) config.backend()).settings().credentials()).isEqualTo(new DliCredentials.Token("T0KEN"));
    }

    @Test
    void secretsAppearNeitherInTheConfigurationNorInHelp() {
        Map<String, String> environment = Map.of("DLIRUN_DLI_AK", "AKVISIBLE123", "DLIRUN_DLI_SK", "SUPERSECRET",
                "DLIRUN_DLI_REGION", "cn-north-4", "DLIRUN_BACKEND", "dli");

        assertThat(parse(environment).toString()).doesNotContain("SUPERSECRET").doesNotContain("AKVISIBLE123");
        assertThat(execute(environment, "--help").out()).doesNotContain("SUPERSECRET").doesNotContain("AKVISIBLE123");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --dli-token=t                                                      | dlirun: the dli backend needs either --dli-endpoint or --dli-region
            --dli-region=cn-north-4 --dli-endpoint=https://x --dli-token=t     | dlirun: the dli backend needs either --dli-endpoint or --dli-region
            --dli-region=cn-north-4                                            | dlirun: the dli backend needs either --dli-ak with --dli-sk, or --dli-token (not both)
            --dli-region=cn-north-4 --dli-ak=a --dli-sk=s --dli-token=t        | dlirun: the dli backend needs either --dli-ak with --dli-sk, or --dli-token (not both)
            --dli-region=cn-north-4 --dli-ak=a                                 | dlirun: --dli-ak and --dli-sk go together
            --dli-region=Mars --dli-token=t                                    | dlirun: 'Mars' is not a Huawei Cloud region, e.g. cn-north-4
            --dli-endpoint=ftp://dli --dli-token=t                             | dlirun: the DLI endpoint must be an http(s) URL, not 'ftp://dli'
            --dli-endpoint=https://x --dli-token=t --dli-concurrency=0         | dlirun: concurrency, chunk size and attempts must be at least 1
            """)
    void anIncompleteDliConfigurationStopsWithOneClearLine(String flags, String message) {
        String[] args = ("--backend=dli " + flags).split(" ");

        Run run = execute(args);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --port=70000         | dlirun: --port must be from 0 to 65535, not 70000
            --port=http          | dlirun: Invalid value for option '--port': 'http' is not an int
            --max-batch=0        | dlirun: --max-batch must be at least 1, not 0
            --launch-delay=soon  | dlirun: Invalid value for option '--launch-delay': 'soon' is not a duration; write e.g. 500ms, 2s or 1m
            --backend=flink      | dlirun: Invalid value for option '--backend': expected one of [local, dli] (case-insensitive) but was 'flink'
            --nope               | dlirun: Unknown option: '--nope'
            --bind=0.0.0.0       | dlirun: refusing to listen on 0.0.0.0 without authentication: use --auth aksk or --auth token, or --bind 127.0.0.1
            --auth=aksk          | dlirun: --auth aksk needs --credentials FILE
            --auth=token         | dlirun: --auth token needs --tokens FILE
            --max-body=10        | dlirun: --max-body must be at least 1024 bytes, not 10
            """)
    void aBadConfigurationStopsWithOneClearLine(String flag, String message) {
        Run run = execute(flag);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(message, "Run with --help to see the flags.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingJobsFileStopsTheServerBeforeItListens() {
        Run run = execute("--port=0", "--jobs=/nonexistent/jobs.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("dlirun: jobs file /nonexistent/jobs.json does not exist");
    }
}
