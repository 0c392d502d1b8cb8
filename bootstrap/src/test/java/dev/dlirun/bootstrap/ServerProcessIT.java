package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.FakeDli;
import dev.dlirun.adapters.client.flink.CommittedOutput;
import dev.dlirun.adapters.client.dli.OfficialSigner;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar, started the way the README starts it, as an operator's process. */
class ServerProcessIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) with the local backend");
    private static final Path JAR = Path.of(System.getProperty("dlirun.jar", "target/dlirun.jar"));
    /** The class-data archive the build trains next to the jar; the README's command starts with it. */
    private static final Path ARCHIVE = JAR.resolveSibling("dlirun.jsa");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    record Server(Process process, BlockingQueue<String> output, List<String> seen) {
        String nextLineMatching(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String line = output.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (pattern.matcher(line).find()) {
                        return line;
                    }
                }
            }
            throw new AssertionError("the server printed no line matching " + pattern + "; it printed:\n"
                    + String.join("\n", seen));
        }
    }

    static Server start(String... flags) throws IOException {
        return start(Map.of(), flags);
    }

    private static Server start(Map<String, String> environment, String... flags) throws IOException {
        assertThat(JAR).exists();
        List<String> command = new java.util.ArrayList<>(List.of(
                JAVA, "-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-XX:SharedArchiveFile=" + ARCHIVE, "-jar",
                JAR.toString()));
        command.addAll(List.of(flags));
        if (command.stream().noneMatch(flag -> flag.startsWith("--data-dir"))) {
            command.add("--data-dir=" + Files.createTempDirectory("dlirun-data"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BlockingQueue<String> output = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Server(process, output, new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    /**
     * The archive the build made matches the jar and this JVM: {@code -Xshare:on} makes a JVM that cannot map it
     * stop instead of carrying on without it, and the service's classes come from it rather than from the jar.
     */
    @Test
    void theClassDataArchiveBuiltWithTheJarIsUsedByIt() throws Exception {
        assertThat(ARCHIVE).exists();
        Process process = new ProcessBuilder(JAVA, "-Xshare:on", "-XX:SharedArchiveFile=" + ARCHIVE,
                "-Xlog:class+load=info", "-jar", JAR.toString(), "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("dlirun ")
                .containsPattern("dev\\.dlirun\\.bootstrap\\.Main source: shared objects file");
    }

    /**
     * The README's run command and its first curl: the demo's jobs run for real on the embedded Flink cluster, job 131
     * shows {@code job_running} within seconds, and its output appears where the README says. SIGTERM then stops the
     * service, and Flink with it, cleanly.
     */
    @Test
    void theReadmesFirstCurlStartsRealFlinkJobsWhoseOutputCanBeSeenAndSigtermStopsCleanly() throws Exception {
        Path data = Files.createTempDirectory("dlirun-data");
        Server server = start("--port=0", "--data-dir=" + data);
        try {
            int port = port(server);

            HttpResponse<String> answer = call(port, "POST", "/v1.0/demo/streaming/jobs/run",
                    "{\"job_ids\": [131,130,138,137]}");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"is_success\":\"true\"").doesNotContain("\"false\"");
            String running = awaitStatus(port, "demo", 131, "job_running");
            assertThat(running).contains("\"start_time\":");
            Path output = data.resolve("projects/demo/output/clicks-per-user");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (visibleFiles(output).isEmpty()) {
                assertThat(System.nanoTime()).as("output under " + output + " in time").isLessThan(deadline);
                Thread.sleep(500);
            }
            assertThat(Files.readString(visibleFiles(output).get(0))).containsPattern("\\{\"user_id\":\\d+,\"clicks\":\\d+}");

            // SIGTERM, through the handle: Process.destroy() would also close the pipe we read the last lines from.
            assertThat(server.process().toHandle().destroy()).isTrue();
            assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            server.nextLineMatching(Pattern.compile("dlirun stopped"));
            assertThat(server.process().exitValue()).as("an orderly stop exits 0").isZero();
        } finally {
            server.process().destroyForcibly();
        }
    }

    private static List<Path> visibleFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** Follows the job's detail until it shows {@code status}; answers the detail's JSON. */
    static String awaitStatus(int port, String project, long id, String status) throws Exception {
        // The local cluster's two JVMs start beside the service's: on a busy machine of two cores, that alone can take
        // a minute or more.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        String detail = call(port, "GET", "/v1.0/" + project + "/streaming/jobs/" + id, null).body();
        while (!detail.contains("\"status\":\"" + status + "\"")) {
            assertThat(System.nanoTime()).as("job %d %s in time; it is %s", id, status, detail).isLessThan(deadline);
            Thread.sleep(200);
            detail = call(port, "GET", "/v1.0/" + project + "/streaming/jobs/" + id, null).body();
        }
        return detail;
    }

    /**
     * The process is killed while a checkpointed job runs; started again on the same data directory, the service runs
     * the job again from its latest checkpoint: its counts go on, none repeated and none missing.
     */
    @Test
    void aCheckpointedJobKilledWithTheServiceRunsAgainFromItsCheckpoint() throws Exception {
        Path data = Files.createTempDirectory("dlirun-data");
        Path jobs = Files.createTempFile("jobs", ".json");
        Files.writeString(jobs, "[" + FlinkEndToEndTest.sqlJob("p1", 1, FlinkEndToEndTest.COUNTS,
                FlinkEndToEndTest.CHECKPOINT_EVERY_SECOND) + "]");
        Path output = data.resolve("projects/p1/counts");

        Server first = start("--port=0", "--data-dir=" + data, "--jobs=" + jobs);
        long countedBeforeTheKill;
        try {
            int port = port(first);
            call(port, "POST", "/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [1]}");
            awaitStatus(port, "p1", 1, "job_running");
            CommittedOutput.awaitCounted(output, 10, Duration.ofSeconds(90));
        } finally {
            first.process().destroyForcibly(); // SIGKILL
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        countedBeforeTheKill = CommittedOutput.highestCount(output, "k", "c");

        Server second = start("--port=0", "--data-dir=" + data, "--jobs=" + jobs);
        try {
            int port = port(second);
            awaitStatus(port, "p1", 1, "job_running");
            CommittedOutput.awaitCounted(output, countedBeforeTheKill + 10, Duration.ofSeconds(90));
            assertThat(CommittedOutput.assertCountedExactlyOnce(output)).isGreaterThan(countedBeforeTheKill);
        } finally {
            second.process().destroyForcibly();
        }
    }

    /**
     * A one-call upgrade survives a {@code kill -9} of the service in the middle of each of its paths: the one that
     * switches to the new version, and the one that rolls a failing version back. After the restart the upgrade
     * settles as it would have, and over every run the counts are 1, 2, 3 ... once each.
     */
    @Test
    void anUpgradeKilledWithTheServiceInTheMiddleOfEachPathSettlesAfterTheRestartAndNothingIsCountedTwice()
            throws Exception {
        Path data = Files.createTempDirectory("dlirun-data");
        Path output = data.resolve("projects/p1/kill-counts");
        String counts = FlinkEndToEndTest.countsInto("kill-counts");
        String renamed = counts.replace("CREATE TABLE counts", "CREATE TABLE counts_v2")
                .replace("INSERT INTO counts", "INSERT INTO counts_v2");
        // Fails on its first record, computed from the count after the OVER aggregate (the state means the same).
        String failing = renamed.substring(0, renamed.indexOf("INSERT INTO counts_v2")) + """
                INSERT INTO counts_v2 SELECT k, CAST(CASE WHEN c > 0 THEN 'x' ELSE '1' END AS BIGINT) FROM (
                  SELECT k, COUNT(*) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                  AS c FROM events WHERE 'a;b' <> '');""";
        long job;
        String upgrade;
        Server first = start("--port=0", "--data-dir=" + data);
        try {
            int port = port(first);
            JsonNode created = callJson(port, "POST", "/v1.0/p1/streaming/sql-jobs", "{\"name\": \"killed\", \"sql_body\": "
                    + FlinkEndToEndTest.json(counts) + ", \"checkpoint_enabled\": true, \"checkpoint_interval\": 1}");
            job = created.get("job").get("job_id").asLong();
            call(port, "POST", "/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [" + job + "]}");
            awaitStatus(port, "p1", job, "job_running");
            CommittedOutput.awaitCounted(output, 10, Duration.ofSeconds(90));
            upgrade = callJson(port, "POST", "/v1.0/p1/streaming/jobs/" + job + "/upgrade", "{\"sql_body\": "
                    + FlinkEndToEndTest.json(renamed) + ", \"timeout_seconds\": 90}").get("upgrade_id").asText();
            awaitUpgrade(port, job, upgrade, Set.of("starting", "verifying"));
        } finally {
            first.process().destroyForcibly(); // SIGKILL, the new version on its way
            first.process().waitFor(30, TimeUnit.SECONDS);
        }

        Server second = start("--port=0", "--data-dir=" + data);
        try {
            int port = port(second);
            assertThat(awaitUpgrade(port, job, upgrade, SETTLED).get("status").asText()).isEqualTo("succeeded");
            awaitStatus(port, "p1", job, "job_running");
            assertThat(sqlBody(port, job)).isEqualTo(renamed);
            CommittedOutput.awaitCounted(output, CommittedOutput.highestCount(output, "k", "c") + 10,
                    Duration.ofSeconds(90));
            upgrade = callJson(port, "POST", "/v1.0/p1/streaming/jobs/" + job + "/upgrade", "{\"sql_body\": "
                    + FlinkEndToEndTest.json(failing) + ", \"timeout_seconds\": 60}").get("upgrade_id").asText();
            awaitUpgrade(port, job, upgrade, Set.of("verifying", "rolling_back"));
        } finally {
            second.process().destroyForcibly(); // SIGKILL, the failing version running or being rolled back
            second.process().waitFor(30, TimeUnit.SECONDS);
        }

        Server third = start("--port=0", "--data-dir=" + data);
        try {
            int port = port(third);
            assertThat(awaitUpgrade(port, job, upgrade, SETTLED).get("status").asText()).isEqualTo("rolled_back");
            awaitStatus(port, "p1", job, "job_running");
            assertThat(sqlBody(port, job)).as("the previous version runs again").isEqualTo(renamed);
            long counted = CommittedOutput.highestCount(output, "k", "c");
            CommittedOutput.awaitCounted(output, counted + 10, Duration.ofSeconds(90));
            // Over every run, before, between and after both kills: each key's counts once each, none missing.
            assertThat(CommittedOutput.assertCountedExactlyOnce(output)).isGreaterThan(counted);
        } finally {
            third.process().destroyForcibly();
        }
    }


    private static final Set<String> SETTLED = Set.of("succeeded", "rolled_back", "refused", "failed");

    /** Follows the upgrade until its status is one of {@code statuses} (at most three minutes), and answers it. */
    private static JsonNode awaitUpgrade(int port, long job, String upgrade, Set<String> statuses)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            JsonNode seen = callJson(port, "GET", "/v1.0/p1/streaming/jobs/" + job + "/upgrades/" + upgrade, null);
            if (statuses.contains(seen.path("status").asText())) {
                return seen;
            }
            assertThat(System.nanoTime()).as("upgrade %s in %s in time, last seen %s", upgrade, statuses, seen)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static JsonNode callJson(int port, String method, String path, String body) throws Exception {
        return new ObjectMapper().readTree(call(port, method, path, body).body());
    }

    private static String sqlBody(int port, long job) throws Exception {
        return callJson(port, "GET", "/v1.0/p1/streaming/jobs/" + job, null).get("job_detail").get("sql_body").asText();
    }

    @Test
    void theJarFrontsDliWhenToldWhereItIsAndWithWhichKeys() throws Exception {
        try (FakeDli dli = FakeDli.start().withJob(ProjectId.of("p1"), 131, JobStatus.JOB_FINISH, true)
                .requiring(OfficialSigner.verifies("AKPROCESS", "SKPROCESS"))) {
            Server server = start(Map.of("HUAWEICLOUD_SDK_AK", "AKPROCESS", "HUAWEICLOUD_SDK_SK", "SKPROCESS"),
                    "--port=0", "--backend=dli", "--dli-endpoint=" + dli.endpoint());
            try {
                Matcher listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) with the dli backend")
                        .matcher(server.nextLineMatching(Pattern.compile("with the dli backend")));
                assertThat(listening.find()).isTrue();
                assertThat(server.seen()).noneMatch(line -> line.contains("SKPROCESS"));

                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest
                                .newBuilder(URI.create("http://127.0.0.1:" + listening.group(1)
                                        + "/v1.0/p1/streaming/jobs/run"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [131]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"is_success\":\"true\"");
                assertThat(dli.timesStarted(ProjectId.of("p1"), 131)).isEqualTo(1);
            } finally {
                server.process().destroyForcibly();
            }
        }
    }

    /**
     * The README's usage example of the Java client, compiled against the client jar and its own dependencies only
     * (as a caller's project would be) and run in a JVM of its own against the packaged server.
     */
    @Test
    void theReadmesClientExampleCompilesAgainstTheClientJarAloneAndGetsTypedResults() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("readme")));
        Matcher example = Pattern.compile("<!-- the Java client example -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(example.find()).as("the README holds the client example").isTrue();
        assertThat(example.group(1).lines().count()).isLessThanOrEqualTo(5);

        Path dir = Files.createTempDirectory("consumer");
        Files.writeString(dir.resolve("ReadmeExample.java"), String.join("\n",
                "import dev.dlirun.client.DliRunClient;",
                "import dev.dlirun.client.api.StreamingJobsApi;",
                "import dev.dlirun.client.model.BatchRunFlinkJobsRequest;",
                "import dev.dlirun.client.model.FlinkSuccessResponse;",
                "import java.net.URI;",
                "import java.util.List;",
                "public class ReadmeExample {",
                "  public static void main(String[] args) throws Exception {",
                example.group(1).replace("http://127.0.0.1:8080", "\" + args[0] + \""),
                "  }",
                "}"));
        String classpath = System.getProperty("client.jar") + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("client.classpath"))).strip();
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-classpath", classpath, "-d", dir.toString(),
                dir.resolve("ReadmeExample.java").toString())).as("the example compiles").isZero();

        Server server = start("--port=0", "--engine=simulated", "--launch-delay=10m");
        try {
            int port = port(server);
            Process consumer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", dir + java.io.File.pathSeparator + classpath, "ReadmeExample",
                    "http://127.0.0.1:" + port)
                    .redirectError(dir.resolve("stderr.txt").toFile()).start();
            String output = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(consumer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String errors = Files.readString(dir.resolve("stderr.txt"));

            assertThat(consumer.exitValue()).as(output + errors).isZero();
            assertThat(output.lines()).containsExactly(
                    "true The request for submitting DLI jobs is successfully delivered.",
                    "true The request for submitting DLI jobs is successfully delivered.");
            // The client logs through SLF4J, as HttpClient does: a program without an SLF4J provider (this one) is
            // told so once, and nothing else.
            assertThat(errors.lines()).allMatch(line -> line.startsWith("SLF4J"), "a line of SLF4J's notice");
        } finally {
            server.process().destroyForcibly();
        }
    }

    /** The server exits 2 at once, saying {@code message} (a pattern) on a line of its own. */
    private static void assertRefusesToStart(Server server, String message) throws InterruptedException {
        try {
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isEqualTo(2);
            server.nextLineMatching(Pattern.compile(message));
        } finally {
            server.process().destroyForcibly();
        }
    }

    static int port(Server server) throws InterruptedException {
        Matcher listening = LISTENING.matcher(server.nextLineMatching(LISTENING));
        assertThat(listening.find()).isTrue();
        return Integer.parseInt(listening.group(1));
    }

    static HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSubmissionAnsweredTrueSurvivesAKillMinus9AndTheJobsFileDoesNotOverwriteIt() throws Exception {
        Path data = Files.createTempDirectory("dlirun-data");
        Path jobs = Files.createTempFile("jobs", ".json");
        Files.writeString(jobs, "[{\"project_id\": \"p1\", \"job_id\": 131, \"name\": \"orders\","
                + " \"job_type\": \"flink_sql_job\", \"status\": \"job_init\", \"has_savepoint\": true}]");

        Server first = start("--port=0", "--data-dir=" + data, "--jobs=" + jobs, "--engine=simulated", "--launch-delay=10m");
        try {
            HttpResponse<String> answer = call(port(first), "POST", "/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [131]}");
            assertThat(answer.body()).contains("\"is_success\":\"true\"");
        } finally {
            first.process().destroyForcibly(); // SIGKILL, the instant after the answer
            first.process().waitFor(30, TimeUnit.SECONDS);
        }

        Server second = start("--port=0", "--data-dir=" + data, "--jobs=" + jobs, "--engine=simulated", "--launch-delay=10m");
        try {
            int port = port(second);
            assertThat(call(port, "GET", "/v1.0/p1/streaming/jobs/131", null).body())
                    .contains("\"status\":\"job_submitting\"");
            assertThat(call(port, "POST", "/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [131]}").body())
                    .contains("Job 131 cannot be started in status job_submitting.");
        } finally {
            second.process().destroyForcibly();
        }
    }

    /**
     * {@code kill -9} in the middle of concurrent submissions: 8 callers send batches of 10 jobs picked at random
     * among 2 000 (so that batches overlap, and jobs are claimed while others are reported running) until the process
     * is killed under them. Started again on the same data directory, every job any answer acknowledged with
     * {@code "true"} is recorded as submitted, and no job was acknowledged twice.
     */
    @Test
    void underConcurrentSubmissionsAKillMinus9LosesNoAcknowledgedJobAndNoneWasAcknowledgedTwice() throws Exception {
        Path data = Files.createTempDirectory("dlirun-data");
        Path jobs = Files.createTempFile("jobs", ".json");
        int jobCount = 2000;
        StringBuilder file = new StringBuilder("[");
        for (int id = 1; id <= jobCount; id++) {
            file.append(id == 1 ? "" : ",").append("{\"project_id\": \"p1\", \"job_id\": ").append(id)
                    .append(", \"name\": \"job-").append(id).append("\", \"job_type\": \"flink_sql_job\", "
                            + "\"status\": \"job_init\", \"has_savepoint\": false}");
        }
        Files.writeString(jobs, file.append("]").toString());
        ObjectMapper json = new ObjectMapper();
        Map<Long, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger cutShort = new AtomicInteger();

        Server first = start("--port=0", "--data-dir=" + data, "--jobs=" + jobs, "--engine=simulated");
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            int port = port(first);
            HttpClient client = HttpClient.newHttpClient();
            List<Future<?>> running = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                Random random = new Random(caller);
                running.add(pool.submit(() -> {
                    while (true) {
                        List<Long> ids = random.longs(1, jobCount + 1).distinct().limit(10).boxed().toList();
                        HttpResponse<String> answer;
                        try {
                            answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                            + "/v1.0/p1/streaming/jobs/run")).timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": " + ids + "}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                        } catch (IOException killed) {
                            cutShort.incrementAndGet();
                            return null;
                        }
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                        JsonNode outcomes = json.readTree(answer.body());
                        for (int i = 0; i < ids.size(); i++) {
                            if (outcomes.get(i).get("is_success").asText().equals("true")) {
                                acknowledged.merge(ids.get(i), 1, Integer::sum);
                            }
                        }
                        answered.incrementAndGet();
                    }
                }));
            }
            // Until well into the launches (2 s after each claim, the simulated default): claims and reports of
            // running jobs are written together when the kill comes.
            Thread.sleep(3500);
            first.process().destroyForcibly(); // SIGKILL
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (Future<?> caller : running) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            first.process().destroyForcibly();
        }
        // Every caller was still sending when the process died: its last request failed with it.
        assertThat(cutShort.get()).as("callers cut short by the kill").isEqualTo(callers);
        assertThat(answered.get()).as("batches answered before the kill").isGreaterThan(50);
        assertThat(acknowledged).as("jobs acknowledged before the kill").hasSizeGreaterThan(200);
        assertThat(acknowledged).as("jobs acknowledged twice").allSatisfy((id, times) -> assertThat(times).isEqualTo(1));

        Server second = start("--port=0", "--data-dir=" + data, "--jobs=" + jobs, "--engine=simulated");
        try {
            int port = port(second);
            for (long id : acknowledged.keySet()) {
                JsonNode detail = json.readTree(call(port, "GET", "/v1.0/p1/streaming/jobs/" + id, null).body());
                assertThat(detail.path("job_detail").path("status").asText()).as("job %d, acknowledged", id)
                        .isNotEqualTo("job_init").isNotEmpty();
            }
        } finally {
            second.process().destroyForcibly();
        }
    }

    @Test
    void aSecondServerOnADataDirectoryInUseStopsWithOneClearLine() throws Exception {
        Path data = Files.createTempDirectory("dlirun-data");
        Server first = start("--port=0", "--data-dir=" + data, "--engine=simulated");
        try {
            port(first);
            assertRefusesToStart(start("--port=0", "--data-dir=" + data), "^dlirun: the data directory "
                    + Pattern.quote(data.toString()) + " cannot be opened: another process is using it, or it is not "
                    + "writable$");
        } finally {
            first.process().destroyForcibly();
        }
    }

    @Test
    void theServerRefusesToListenBeyondLoopbackWithoutAuthentication() throws Exception {
        assertRefusesToStart(start("--port=0", "--bind=0.0.0.0"), "^dlirun: refusing to listen on 0\\.0\\.0\\.0 "
                + "without authentication: use --auth aksk or --auth token, or --bind 127\\.0\\.0\\.1$");
    }

    @Test
    void sigtermDuringASlowRequestLetsItFinishThenExitsZero() throws Exception {
        try (FakeDli dli = FakeDli.start().withJob(ProjectId.of("p1"), 131, JobStatus.JOB_FINISH, true)
                .answeringAfter(Duration.ofMillis(1500))) {
            Server server = start(Map.of("DLIRUN_DLI_AK", "AK", "DLIRUN_DLI_SK", "SK"),
                    "--port=0", "--backend=dli", "--dli-endpoint=" + dli.endpoint(), "--shutdown-grace=20s");
            try {
                Matcher listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) with the dli backend")
                        .matcher(server.nextLineMatching(Pattern.compile("with the dli backend")));
                assertThat(listening.find()).isTrue();
                var slow = HttpClient.newHttpClient().sendAsync(HttpRequest
                                .newBuilder(URI.create("http://127.0.0.1:" + listening.group(1)
                                        + "/v1.0/p1/streaming/jobs/run"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [131]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(500); // the request is now waiting on DLI

                assertThat(server.process().toHandle().destroy()).isTrue(); // SIGTERM

                HttpResponse<String> answer = slow.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"is_success\":\"true\"");
                assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(server.process().exitValue()).isZero();
                assertThat(dli.timesStarted(ProjectId.of("p1"), 131)).isEqualTo(1);
            } finally {
                server.process().destroyForcibly();
            }
        }
    }

    @Test
    void withJsonLogsEveryLineIsAJsonObject() throws Exception {
        Server server = start("--port=0", "--log-format=json", "--engine=simulated");
        try {
            String line = server.nextLineMatching(Pattern.compile("listening on"));
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertThat(json.get("level").asText()).isEqualTo("INFO");
            assertThat(json.get("loggerName").asText()).isEqualTo("dev.dlirun.bootstrap.DliRunServer");
            assertThat(json.get("formattedMessage").asText()).startsWith("dlirun listening on http://127.0.0.1:");
        } finally {
            server.process().destroyForcibly();
        }
    }

    @Test
    void aPortInUseStopsTheServerWithOneClearLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Server server = start("--port=" + taken.getLocalPort());
            try {
                assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(server.process().exitValue()).isEqualTo(1);
                server.nextLineMatching(Pattern.compile(
                        "^dlirun: cannot listen on 127\\.0\\.0\\.1:" + taken.getLocalPort() + ": .+"));
                assertThat(server.output()).noneMatch(line -> line.contains("Exception") || line.startsWith("\tat "));
            } finally {
                server.process().destroyForcibly();
            }
        }
    }

    @Test
    void aBrokenJobsFileStopsTheServerNamingTheProblem() throws Exception {
        Path jobs = Files.createTempFile("jobs", ".json");
        try {
            Files.writeString(jobs, "[{\"project_id\": \"p\", \"job_id\": 1}]");
            assertRefusesToStart(start("--port=0", "--jobs=" + jobs),
                    "^dlirun: jobs file .+, element 0: name is required$");
        } finally {
            Files.deleteIfExists(jobs);
        }
    }
}
