package dev.dlirun.bootstrap;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.BatchStopFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkJarJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkJarJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.FlinkJob;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.StopFlinkJobsRequestBody;
import dev.dlirun.adapters.client.flink.CountingSql;
import dev.dlirun.adapters.client.flink.TestJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security review's reproductions, run as written against the packaged jar: two projects with AK/SK keys of their
 * own, default flags but for the keys (and, for the jar, a jars directory and one project that may run code), every
 * request signed by the official SDK and allowed. Each escape ends in {@code job_submit_fail} naming the rule, and the
 * files it went for are as they were.
 */
class JobIsolationIT {

    private static final Path JAR = Path.of(System.getProperty("dlirun.jar", "target/dlirun.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) with the local backend");
    private static final Duration SOON = Duration.ofSeconds(90);

    private static Path data;
    private static Path credentials;
    private static Process process;
    private static final List<String> output = new CopyOnWriteArrayList<>();
    private static DliClient p1;
    private static DliClient p2;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("dlirun-isolation");
        // As an operator leaves the place of a data directory: the local cluster's user may pass through it.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        data = root.resolve("data");
        Path jars = Files.createDirectories(root.resolve("jars"));
        TestJars.countingJob(jars);
        credentials = Files.writeString(root.resolve("credentials.json"), """
                [{"access_key": "AKONE", "secret_key": "SKONE", "projects": ["p1"]},
                 {"access_key": "AKTWO", "secret_key": "SKTWO", "projects": ["p2"]}]""");
        Files.setPosixFilePermissions(credentials, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        TestJars.jar(jars, "reach.jar", "probe.Reach", PROBE);
        ProcessBuilder service = new ProcessBuilder(JAVA, "-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-jar",
                JAR.toString(), "--port=0", "--data-dir=" + data, "--auth=aksk", "--credentials=" + credentials,
                "--jars-dir=" + jars, "--code-projects=p1").redirectErrorStream(true);
        // A secret in the service's environment, as its key for DLI would be.
        service.environment().put("DLIRUN_DLI_SK", "the-services-secret");
        process = service.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        String listening = awaitLine(LISTENING);
        Matcher port = LISTENING.matcher(listening);
        assertThat(port.find()).isTrue();
        String endpoint = "http://127.0.0.1:" + port.group(1);
        p1 = sdk(endpoint, "AKONE", "SKONE", "p1");
        p2 = sdk(endpoint, "AKTWO", "SKTWO", "p2");
        awaitLine(Pattern.compile("Flink is ready for jobs"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null) {
            process.toHandle().destroy();
            process.waitFor(60, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
        ScratchDirectory.delete(data.getParent());
    }

    /**
     * A jar job that tries, in its main method and again in a task, to reach what is not its own, and prints what it
     * could and could not: the credentials file, the catalogue, another project's directory, the service's Flink
     * cluster's REST API, H2's classes, the service's environment. Its arguments: the three paths and the port.
     */
    private static final String PROBE = """
            package probe;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.concurrent.Callable;
            import java.util.concurrent.TimeUnit;
            import org.apache.flink.api.common.functions.MapFunction;
            import org.apache.flink.client.program.rest.RestClusterClient;
            import org.apache.flink.configuration.Configuration;
            import org.apache.flink.configuration.RestOptions;
            import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
            import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

            public class Reach {
                public static void main(String[] args) throws Exception {
                    report("main", args);
                    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                    env.fromSequence(1, 1).map(new Probe(args)).sinkTo(new DiscardingSink<>());
                    env.execute("reach");
                }

                public static class Probe implements MapFunction<Long, Long> {
                    private final String[] args;
                    Probe(String[] args) { this.args = args; }
                    public Long map(Long value) { report("task", args); return value; }
                }

                static void report(String where, String[] args) {
                    attempt(where, "credentials", () -> Files.readString(Path.of(args[0])));
                    attempt(where, "catalogue", () -> Files.readAllBytes(Path.of(args[1])));
                    attempt(where, "other-project", () -> Files.list(Path.of(args[2])).count());
                    attempt(where, "service-cluster", () -> {
                        Configuration client = new Configuration();
                        client.set(RestOptions.ADDRESS, "127.0.0.1");
                        client.set(RestOptions.PORT, Integer.parseInt(args[3]));
                        try (RestClusterClient<String> flink = new RestClusterClient<>(client, "probe")) {
                            return flink.getClusterOverview().get(10, TimeUnit.SECONDS);
                        }
                    });
                    attempt(where, "h2", () -> Class.forName("org.h2.tools.Shell"));
                    attempt(where, "environment", () -> java.util.Objects.requireNonNull(System.getenv("DLIRUN_DLI_SK")));
                }

                static void attempt(String where, String what, Callable<Object> reach) {
                    try {
                        reach.call();
                        System.out.println("PROBE " + where + " READ " + what);
                    } catch (Throwable denied) {
                        System.out.println("PROBE " + where + " DENIED " + what);
                    }
                }
            }
            """;

    private static DliClient sdk(String endpoint, String ak, String sk, String project) {
        return DliClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(ak).withSk(sk).withProjectId(project))
                .withEndpoint(endpoint)
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
    }

    private static String awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server printed no line matching " + pattern + ":\n" + String.join("\n", output));
    }

    private static long sqlJob(DliClient dli, String name, String sql, boolean checkpoints) {
        return dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                .withName(name).withSqlBody(sql).withCheckpointEnabled(checkpoints).withCheckpointInterval(1)))
                .getJob().getJobId();
    }

    private static void run(DliClient dli, long id) {
        assertThat(dli.batchRunFlinkJobs(new BatchRunFlinkJobsRequest().withBody(new BatchRunFlinkJobsRequestBody()
                .withJobIds(List.of(id)))).getBody().get(0).getIsSuccess()).isEqualTo("true");
    }

    private static FlinkJob await(DliClient dli, long id, Predicate<FlinkJob> until) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            FlinkJob job = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
            if (until.test(job)) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %d in time; it is %s: %s", id, job.getStatus(), job.getStatusDesc())
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static FlinkJob awaitStatus(DliClient dli, long id, String status) throws InterruptedException {
        return await(dli, id, job -> job.getStatus().equals(status) || job.getStatus().equals("job_submit_fail")
                || job.getStatus().equals("job_running_exception"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void sqlAloneCannotRewriteTheCredentialsFileAndItsRelativePathsStartInTheProjectsDirectory() throws Exception {
        String before = sha256(credentials);
        long overwrite = sqlJob(p1, "overwrite-credentials", """
                CREATE TABLE s (n INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1');
                CREATE OR REPLACE TABLE creds WITH ('connector' = 'legacy-csv', 'path' = '%s', 'write-mode' = 'OVERWRITE')
                AS SELECT '[{"access_key": "AKONE", "secret_key": "SKONE", "projects": ["p1", "p2"]}]' AS line FROM s;
                """.formatted(credentials), false);
        long relative = sqlJob(p1, "relative-ctas", """
                CREATE TABLE s (n INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
                CREATE TABLE written WITH ('connector' = 'filesystem', 'path' = 'relative-out', 'format' = 'json')
                AS SELECT n FROM s;
                """, false);

        run(p1, overwrite);
        run(p1, relative);

        FlinkJob refused = awaitStatus(p1, overwrite, "job_submit_fail");
        assertThat(refused.getStatus()).isEqualTo("job_submit_fail");
        assertThat(refused.getStatusDesc()).isEqualTo("Statement 2 (line 2): table creds uses the connector "
                + "'legacy-csv', which no job may use: a sink kept for Flink's own tests, which overwrites whatever "
                + "file it names.");
        assertThat(awaitStatus(p1, relative, "job_finish").getStatus()).isEqualTo("job_finish");
        assertThat(data.resolve("projects/p1/relative-out")).isDirectory();
        assertThat(Path.of("relative-out")).doesNotExist();
        assertThat(sha256(credentials)).isEqualTo(before);
    }

    @Test
    void codeOfAProjectThatMayRunItReachesNothingOfTheServicesNorOfAnotherProject() throws Exception {
        long other = sqlJob(p2, "other-project", CountingSql.COUNTS, false);
        run(p2, other);
        awaitStatus(p2, other, "job_running");
        Path otherProject = data.resolve("projects/p2");
        String port = Files.readAllLines(data.resolve("cluster/conf/config.yaml")).stream()
                .filter(line -> line.startsWith("rest.port: ")).findFirst().orElseThrow().substring(11);
        long reach = p1.createFlinkJarJob(new CreateFlinkJarJobRequest().withBody(new CreateFlinkJarJobRequestBody()
                .withName("reach").withEntrypoint("reach.jar").withMainClass("probe.Reach")
                .withEntrypointArgs(credentials + " " + data.resolve("catalogue.mv.db") + " " + otherProject + " "
                        + port))).getJob().getJobId();

        run(p1, reach);

        assertThat(awaitStatus(p1, reach, "job_finish").getStatus()).isEqualTo("job_finish");
        for (String where : List.of("main", "task")) {
            for (String what : List.of("credentials", "catalogue", "other-project", "service-cluster", "h2",
                    "environment")) {
                awaitLine(Pattern.compile("PROBE " + where + " DENIED " + what + "$"));
            }
        }
        assertThat(output).noneMatch(line -> line.contains("PROBE") && line.contains(" READ "));
        p2.batchStopFlinkJobs(new BatchStopFlinkJobsRequest().withBody(new StopFlinkJobsRequestBody()
                .withJobIds(List.of(other))));
    }

    @Test
    void aJarJobCannotStartAClassOfTheServicesOwn() throws Exception {
        long h2 = p1.createFlinkJarJob(new CreateFlinkJarJobRequest().withBody(new CreateFlinkJarJobRequestBody()
                .withName("h2-shell").withEntrypoint("counting-job.jar").withMainClass("org.h2.tools.Shell")
                .withEntrypointArgs("-url jdbc:h2:" + data.resolve("catalogue") + " -sql SELECT 1")))
                .getJob().getJobId();

        run(p1, h2);

        FlinkJob refused = awaitStatus(p1, h2, "job_submit_fail");
        assertThat(refused.getStatus()).isEqualTo("job_submit_fail");
        assertThat(refused.getStatusDesc()).isEqualTo("The main class 'org.h2.tools.Shell' is not a class of the "
                + "job's jar counting-job.jar; a jar job starts a class of its own jar only.");
    }

    @Test
    void sqlAloneCannotTruncateAnotherProjectsSavepoint() throws Exception {
        long counting = sqlJob(p2, "counting", CountingSql.COUNTS, true);
        run(p2, counting);
        assertThat(awaitStatus(p2, counting, "job_running").getStatus()).isEqualTo("job_running");
        Thread.sleep(2000);
        p2.batchStopFlinkJobs(new BatchStopFlinkJobsRequest().withBody(new StopFlinkJobsRequestBody()
                .withJobIds(List.of(counting)).withTriggerSavepoint(true)));
        FlinkJob stopped = await(p2, counting, job -> job.getStatus().equals("job_cancel_success"));
        Path metadata = Path.of(URI.create(stopped.getSavepointPath())).resolve("_metadata");
        String before = sha256(metadata);
        // From the partition's directory (projects/p1/attack/dt=1) four levels up is the data directory.
        String traversal = "../../../../" + data.relativize(metadata);
        long truncate = sqlJob(p1, "truncate-savepoint", """
                CREATE TABLE s (n INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
                CREATE TABLE o (n INT, dt STRING) PARTITIONED BY (dt) WITH ('connector' = 'filesystem', 'path' = 'attack',
                  'format' = 'json', 'sink.partition-commit.policy.kind' = 'success-file',
                  'sink.partition-commit.success-file.name' = '%s');
                INSERT INTO o SELECT n, '1' FROM s;
                """.formatted(traversal), false);

        run(p1, truncate);

        FlinkJob refused = awaitStatus(p1, truncate, "job_submit_fail");
        assertThat(refused.getStatus()).isEqualTo("job_submit_fail");
        assertThat(refused.getStatusDesc()).startsWith("Statement 2 (line 2): table o: "
                + "'sink.partition-commit.success-file.name' must be the name of one file");
        assertThat(sha256(metadata)).isEqualTo(before);
        assertThat(Files.size(metadata)).isPositive();
    }

    @Test
    void aJobsOutputReachesTheLogAsDataOfThatJobNeverAsALineOfTheServices() throws Exception {
        String forged = "2026-12-06T21:00:00.000+00:00 INFO  [main] d.d.bootstrap.DliRunServer - FORGED-BY-A-JOB";
        long printing = sqlJob(p1, "printing", """
                CREATE TABLE s (n INT) WITH ('connector' = 'datagen', 'number-of-rows' = '2');
                CREATE TABLE p (line STRING) WITH ('connector' = 'print');
                INSERT INTO p SELECT CONCAT('row', U&'\\000A', '%s') FROM s;
                """.formatted(forged), false);

        run(p1, printing);

        assertThat(awaitStatus(p1, printing, "job_finish").getStatus()).isEqualTo("job_finish");
        String logged = awaitLine(Pattern.compile("output of job p1/" + printing + ": "));
        assertThat(logged).contains("+I[row\\n" + forged + "]");
        assertThat(output).noneMatch(line -> line.startsWith(forged))
                .allMatch(line -> !line.contains("FORGED-BY-A-JOB") || line.contains("dlirun.job-output - output of job p1/"));
    }
}
