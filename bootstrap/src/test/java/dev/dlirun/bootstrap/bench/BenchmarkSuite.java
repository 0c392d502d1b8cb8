package dev.dlirun.bootstrap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import dev.dlirun.adapters.client.dli.DliBatchScalingBenchmark;
import dev.dlirun.bootstrap.ScratchDirectory;
import dev.dlirun.client.DliRunClient;
import dev.dlirun.client.api.StreamingJobsApi;
import dev.dlirun.client.model.BatchRunFlinkJobsRequest;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The benchmark suite: one run measures the endpoint (with wrk, in a process of its own, against a server in a
 * process of its own), batch scaling through the DLI adapter, start-up, the two Java clients and the server's
 * memory, each next to its baseline measured in the same run. Prints a table and writes it, with the machine, the
 * date and the command, to the results file. Run it with {@code bash .ci/bench}.
 *
 * <p>This machine is shared and noisy: every figure is the median of several runs, and the goals are ratios.
 */
public final class BenchmarkSuite {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmUpSeconds", 3));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
    private static final int CONNECTIONS = 32;
    private static final int STARTS = Integer.getInteger("bench.starts", 7);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The JVM running the suite, for every process it starts. */
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Path lua;
    private final String classpath;
    private final Path jar;
    private final Path jsa;
    private final List<String> report = new ArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Jobs the benchmark server holds: enough for every request of a run never to name a job twice. */
    private long jobsInServer;
    /** Jobs 1 to this were started by the last run, and must be put back before the next one. */
    private long usedIds;
    /** One round of the Java client race: each client's calls/s. */
    private record ClientRound(double ours, double sdk) {
        double ratio() {
            return ours / sdk;
        }
    }

    /** Every round of the race, and the medians the table prints. */
    private record ClientFigures(List<ClientRound> rounds) {
        double ours() {
            return medianOf(rounds.stream().map(ClientRound::ours).toList());
        }

        double sdk() {
            return medianOf(rounds.stream().map(ClientRound::sdk).toList());
        }

        /** The median of the rounds' ratios (not the ratio of the medians, which may come from different rounds). */
        double oursOfSdk() {
            return medianOf(rounds.stream().map(ClientRound::ratio).toList());
        }
    }

    /** Measured while the in-memory server runs, printed in the section order. */
    private ClientFigures clients;

    private BenchmarkSuite(Path lua, String classpath, Path jar, Path jsa) {
        this.lua = lua;
        this.classpath = classpath;
        this.jar = jar;
        this.jsa = jsa;
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        BenchmarkSuite suite = new BenchmarkSuite(Path.of(System.getProperty("bench.lua")),
                System.getProperty("bench.classpath"), Path.of(System.getProperty("bench.jar")),
                Path.of(System.getProperty("bench.jsa")));
        suite.run();
        String text = String.join("\n", suite.report) + "\n";
        System.out.print(text);
        Files.writeString(results, text + keptPart(results));
    }

    /** Above this line the suite writes the latest full run; below it, reruns, A/Bs and history stay as they are. */
    static final String KEPT = "<!-- Below: section reruns, A/Bs and history, written by hand; the suite keeps them. -->";

    /** What the results file holds from {@link #KEPT} on (with the marker), or just the marker. */
    private static String keptPart(Path results) throws java.io.IOException {
        String existing = Files.exists(results) ? Files.readString(results) : "";
        int at = existing.indexOf(KEPT);
        return "\n" + (at < 0 ? KEPT + "\n" : existing.substring(at));
    }

    private void line(String format, Object... values) {
        String text = String.format(Locale.ROOT, format, values);
        report.add(text);
        System.out.println(text);
    }

    private void run() throws Exception {
        line("# Benchmarks");
        line("");
        line("Measured %s on %s, %d cores, %s %s (`bash .ci/bench`). Medians of %d runs; wrk with 1 thread and %d "
                        + "connections, %d s per run after %d s of warm-up, on loopback.",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), RUNS, CONNECTIONS,
                MEASURE.toSeconds(), WARM_UP.toSeconds());
        if (section("endpoint")) {
            endpoint();
        }
        if (section("first30s")) {
            firstSeconds();
        }
        if (section("inprocess")) {
            inProcess();
        }
        if (section("catalogue")) {
            catalogueWrites();
        }
        if (section("dli")) {
            dliScaling();
        }
        if (section("startup")) {
            startUp();
        }
        if (section("endpoint")) {
            printClients();
        }
        if (section("memory")) {
            memory();
        }
        if (section("flink")) {
            flinkJobs();
        }
        if (section("definitions")) {
            jobDefinitions();
        }
        if (section("isolation")) {
            isolation();
        }
        if (section("kafka")) {
            kafkaThroughput();
        }
        if (section("kafkalatency")) {
            kafkaLatency();
        }
        if (section("kafkamemory")) {
            kafkaMemory();
        }
        if (section("footprint")) {
            footprint();
        }
        if (section("joblogs")) {
            jobLogSplit();
        }
        if (section("check")) {
            graphChecks();
        }
        if (section("console")) {
            console();
        }
    }

    /**
     * Whether to run {@code name}: every section unless {@code -Dbench.sections} lists some (endpoint, first30s,
     * inprocess, catalogue, dli, startup, memory, flink, definitions, isolation, kafka, kafkalatency, kafkamemory,
     * footprint, joblogs, check, console), e.g. to rerun one alone.
     */
    private static boolean section(String name) {
        String chosen = System.getProperty("bench.sections", "");
        return chosen.isBlank() || Arrays.asList(chosen.split(",")).contains(name);
    }

    private void endpoint() throws Exception {
        line("");
        line("## 1. The endpoint, on the local engine, next to a bare Jersey endpoint in the same server, and to an "
                + "independent baseline");
        line("");
        line("The bare endpoint reads the same request and writes an answer of the same size, and does nothing else;");
        line("it lives in the service's server, behind its filters and settings. The *baseline* is `BaselineServer`: a "
                + "minimal Jersey + Grizzly + Jackson server with default settings, in a process of its own started "
                + "with no flags, answering the same request with the same JSON.");
        line("*submitted*: every job named is started (never named before); *refused*: every job named does not exist.");
        line("Each run of each path is checked against the service's own count of outcomes (submitted, not found). "
                + "*of bare*, *of baseline*: the median, over the rounds, of the run's requests/s over that of the bare "
                + "endpoint (or the baseline) in the same round. Goal: at least 0.8 of the baseline at batch size 10.");
        int baselinePort = freePort();
        Process baseline = startBaseline(baselinePort);
        try {
            for (Catalogue catalogue : Catalogue.values()) {
                int port = freePort();
                Process server = startBenchServer(port, catalogue);
                usedIds = 0;
                try {
                    throughput(port, baselinePort, catalogue);
                    if (catalogue == Catalogue.MEMORY) {
                        measureClients(port);
                    }
                } finally {
                    stop(server);
                }
            }
        } finally {
            stop(baseline);
        }
    }

    /**
     * The first 30 s of load on a fresh process: the jar as the README starts it (jobs in H2, the demo catalogue)
     * against batches of 10 refused ids, next to a fresh {@link BaselineServer}, three rounds taking turns.
     */
    private void firstSeconds() throws Exception {
        Duration window = Duration.ofSeconds(30);
        List<Double> service = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            int baselinePort = freePort();
            Process bare = startBaseline(baselinePort);
            try {
                baseline.add(wrk(baselinePort, "/bench/bare/bench", 10, "fresh", window).requestsPerSecond());
            } finally {
                stop(bare);
            }
            int port = freePort();
            Path data = Files.createTempDirectory("bench-first-seconds");
            Process server = startJar(README_MEMORY, port, data);
            try {
                waitForFirst200(port, "/health/ready");
                service.add(wrk(port, "/v1.0/bench/streaming/jobs/run", 10, "missing", window).requestsPerSecond());
            } finally {
                stop(server);
                ScratchDirectory.delete(data);
            }
            ratios.add(service.get(round) / baseline.get(round));
        }
        Collections.sort(ratios);
        line("");
        line("### 1c. The first 30 s of load, on fresh processes");
        line("");
        line("The jar as the README starts it (jobs in H2, the demo catalogue), started afresh, then 30 s of batches of "
                + "10 job ids that do not exist; next to a fresh baseline (`BaselineServer`) given 30 s of the same "
                + "size of request. Three rounds taking turns. Goal: at least 0.6 of the baseline.");
        line("");
        line("| round | baseline requests/s | service requests/s | of baseline |");
        line("|---:|---:|---:|---:|");
        for (int round = 0; round < service.size(); round++) {
            line("| %d | %.0f | %.0f | %.2f |", round + 1, baseline.get(round), service.get(round),
                    service.get(round) / baseline.get(round));
        }
        line("| median | | | **%.2f** |", ratios.get(ratios.size() / 2));
    }

    /** The jar with the class-data archive and {@code jvmFlags}, on {@code port} and {@code data}, the demo catalogue. */
    private Process startJar(List<String> jvmFlags, int port, Path data) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(jvmFlags);
        command.addAll(List.of("-XX:SharedArchiveFile=" + jsa, "-jar", jar.toString(), "--port=" + port,
                "--data-dir=" + data));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
        process.destroyForcibly();
    }

    /** {@link BaselineServer} in a JVM of its own, with no flags: the JVM's and Jersey's defaults. */
    private Process startBaseline(int port) throws Exception {
        Process process = new ProcessBuilder(JAVA, "-cp", classpath, BaselineServer.class.getName(),
                Integer.toString(port)).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line; (line = output.readLine()) != null; ) {
            if (line.startsWith("BASELINE READY")) {
                // Its output is drained on, so that it never blocks writing.
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "baseline-output");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        throw new IllegalStateException("the baseline server did not start");
    }

    /** What a benchmark in a JVM of its own printed: its table's rows, and its {@code rounds=} line. */
    private record Rows(List<String> rows, String rounds) {
    }

    /** Runs {@code benchmark} and reads its output; it must exit 0 having printed {@code expected} rows. */
    private static Rows rowsOf(ProcessBuilder benchmark, int expected, String what) throws Exception {
        Process process = benchmark.redirectErrorStream(true).start();
        List<String> rows = new ArrayList<>();
        String rounds = "?";
        // The end of the rest of its output, to say why when it fails.
        java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
        try (var output = new BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String row; (row = output.readLine()) != null; ) {
                if (row.startsWith("| ")) {
                    rows.add(row);
                } else if (row.startsWith("rounds=")) {
                    rounds = row.substring("rounds=".length());
                } else {
                    tail.addLast(row.length() > 500 ? row.substring(0, 500) + "…" : row);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
            }
        }
        if (process.waitFor() != 0 || rows.size() != expected) {
            throw new IllegalStateException(what + " failed (exit " + process.exitValue() + ", " + rows.size()
                    + " rows); its output ends:\n" + String.join("\n", tail));
        }
        return new Rows(rows, rounds);
    }

    /** In a JVM of its own ({@link CatalogueWriteBenchmark}): what H2 itself allows the writes of submissions. */
    private void catalogueWrites() throws Exception {
        Rows result = rowsOf(new ProcessBuilder(JAVA, "-Xmx2g", "-cp", classpath,
                CatalogueWriteBenchmark.class.getName()), 2, "the catalogue write benchmark");
        line("");
        line("## 1d. The durable catalogue's own ceiling for the writes of submissions");
        line("");
        line("`CatalogueWriteBenchmark`, in a JVM of its own: `JdbcJobCatalogue.updateAll` moving jobs between "
                + "`job_init` and `job_submitting` (every run column written, both status indexes changed, as a claim "
                + "and a launch report each do) on the service's H2 file of 1 000 000 jobs, every call committed to "
                + "the file before it returns; no HTTP, no engine. %s, the two ways taking turns after a round of "
                + "warm-up. A submitted job costs two such row writes (its claim, then its launch report), so r rows/s "
                + "bound durable submissions at r / 2 / 10 requests/s at batch size 10 (last column), to set beside "
                + "section 1's *submitted* with jobs in H2 (which can pass it when launch reports fall behind the "
                + "claims within a run).", result.rounds());
        line("");
        line("| writes | rows/s (median) | min-max | bound on submitted batches of 10, req/s |");
        line("|---|---:|---:|---:|");
        for (String row : result.rows()) {
            line("%s", row);
        }
    }

    // ------------------------------------------------------------------------------------- checks before a run

    /**
     * In a JVM of its own ({@code GraphCheckBenchmark}): the service with its embedded Flink checking a job over HTTP,
     * Flink's own {@code explainSql} in another ({@link ExplainBaseline}).
     */
    private void graphChecks() throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(Arrays.asList(System.getProperty("flink.jvm.flags", "").split(" ")));
        command.addAll(List.of("-Dflink.jvm.flags=" + System.getProperty("flink.jvm.flags", ""),
                "-Dbench.classpath=" + classpath, "-cp", classpath, "dev.dlirun.bootstrap.GraphCheckBenchmark"));
        Rows result = rowsOf(new ProcessBuilder(command.stream().filter(part -> !part.isBlank()).toList()), 8,
                "the check benchmark");
        line("");
        line("## 12. Checks before a run (gen-graph), next to Flink's own explainSql");
        line("");
        line("The service runs as main() wires it (embedded Flink, no job running), a caller checks a job over HTTP "
                + "(`POST /v3/bench/streaming/jobs/1/gen-graph`, `simple_graph`): its SQL parsed statement by "
                + "statement, checked by the code policy and planned into a stream graph in a table environment of its "
                + "own, as a run plans it, nothing submitted. The baseline is `ExplainBaseline`, a process of its own: "
                + "a fresh bare `TableEnvironment` per explain, the script's tables created, `explainSql` of its INSERT "
                + "(plain: parsed, validated, optimized; with `JSON_EXECUTION_PLAN`: also translated into Flink's "
                + "stream graph, the work a check does too, as a run does). "
                + "The job: two datagen sources, a filter, a join, a 10 s tumbling window's count, a blackhole. Times in "
                + "ms, warm: %s; *of Flink*: the median of the rounds' ratios of p50s (the p95 column: the ratio of "
                + "the p95s). Then the heap after a full GC and the classes loaded, after 100 checks and after 1 000 "
                + "(goal: within 5 %%: each check's class loaders are released).", result.rounds());
        line("");
        line("| what | p50 / after 100 | p95 / after 1 000 | samples / change |");
        line("|---|---:|---:|---:|");
        result.rows().forEach(row -> line("%s", row));
    }



    /** In a JVM of its own ({@link JobDefinitionsBenchmark}), which starts the jar on a catalogue of 100 000 jobs. */
    private void jobDefinitions() throws Exception {
        Rows result = rowsOf(new ProcessBuilder(JAVA, "-cp", classpath, JobDefinitionsBenchmark.class.getName(),
                jar.toString()), 15, "the job definitions benchmark");
        List<String> rows = result.rows();
        String rounds = result.rounds();
        line("");
        line("## 7. Jobs created and listed through the API, next to the run endpoint in the same run");
        line("");
        line("The jar in a process of its own (H2 catalogue, `--engine simulated`), 100 000 jobs imported from a jobs "
                + "file at its start. Creates: 8 callers creating SQL jobs (each with a queue and a tag) for 10 s, "
                + "taking turns with 8 callers sending batch runs of 10 ids that do not exist (the run endpoint's "
                + "refused path), medians of the rounds (%s). Lists: one caller, 300 pages of 100 after 100 of warm-up, "
                + "each after a change of one job (not timed) so that no page comes from H2's cache of query results; "
                + "the baseline column is the same caller's batch run of 10 refused ids.", rounds);
        line("");
        line("| what | measured | run endpoint | ratio |");
        line("|---|---:|---:|---:|");
        rows.forEach(row -> line("%s", row));
    }

    // ------------------------------------------------------------------------------------------ jobs on Flink

    /** In a JVM of its own: the service with its embedded Flink, and Flink itself as the baseline in another. */
    private void flinkJobs() throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(Arrays.asList(System.getProperty("flink.jvm.flags", "").split(" ")));
        command.addAll(List.of("-Dflink.jvm.flags=" + System.getProperty("flink.jvm.flags", ""),
                "-Dbench.classpath=" + classpath, "-cp", classpath, "dev.dlirun.bootstrap.FlinkJobsBenchmark"));
        Rows result = rowsOf(new ProcessBuilder(command.stream().filter(part -> !part.isBlank()).toList()), 8,
                "the Flink benchmark");
        List<String> rows = result.rows();
        String rounds = result.rounds();
        line("");
        line("## 6. Jobs on Flink, next to Flink itself on the same embedded cluster");
        line("");
        line("The service runs as main() wires it (embedded Flink, 32 slots), driven over HTTP: a run, then the job's "
                + "detail every 10 ms until it says `job_running` (all tasks running); a stop through the API's batch stop. "
                + "The baseline is `FlinkBaseline`, a process of its own with a bare "
                + "`TableEnvironment` and Flink's own `RestClusterClient` on the same cluster, polling `/jobs/overview` "
                + "every 10 ms. The job: datagen (100 rows/s) -> a running count per key -> blackhole. Medians of %s "
                + "rounds taking turns, after one of each as warm-up; *of Flink*: the median of the per-round ratios. "
                + "The last two rows compare two callers of the service itself: one that sends `Prefer: wait=60` and "
                + "gets its answer once the jobs run, and one that runs them and polls each job's detail every 100 ms "
                + "until it says `job_running` (the baseline column; the ratio is wait over polling).",
                rounds);
        line("");
        line("| what | dlirun ms | Flink itself ms | of Flink | goal |");
        line("|---|---:|---:|---:|---|");
        rows.forEach(row -> line("%s", row));
    }

    // ------------------------------------------------------------------------------------------ isolation

    /** In a JVM of its own: the jar on its isolated engine next to the jar with Flink in its own process. */
    private void isolation() throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(Arrays.asList(System.getProperty("flink.jvm.flags", "").split(" ")));
        command.addAll(List.of("-Dflink.jvm.flags=" + System.getProperty("flink.jvm.flags", ""), "-cp", classpath,
                IsolationBenchmark.class.getName(), jar.toString(), jsa.toString(),
                jar.resolveSibling("flink-lib").toString()));
        Process benchmark = new ProcessBuilder(command.stream().filter(part -> !part.isBlank()).toList())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(benchmark.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(row -> row.startsWith("|") || row.startsWith("Rounds")).toList();
        if (benchmark.waitFor() != 0 || lines.size() < 9) {
            throw new IllegalStateException("the isolation benchmark failed (exit " + benchmark.exitValue() + ")");
        }
        line("");
        line("## 8. The cost of isolation: the local cluster of its own next to Flink in the service's process");
        line("");
        line("The jar as the README starts it (its memory flags and class-data archive, jobs in H2, a fresh data "
                + "directory each time), on its default engine (a local Flink cluster in processes of its own, its REST "
                + "API over TLS with client keys, as its own user when root) next to the same jar with "
                + "`--flink-in-process`, in rounds taking turns (medians). Memory: the resident set of the service and "
                + "every process it started, 10 s after the demo's eight jobs all run. Then Flink's own numbers: a "
                + "plain session cluster from the same jars next to the local cluster's (both as processes of their "
                + "own), and one REST call through Flink's own client, plainly and over the local cluster's mutual "
                + "TLS (300 calls each after 100 of warm-up, taking turns).");
        line("");
        lines.forEach(row -> line("%s", row));
    }

    // ------------------------------------------------------------------------------------------ job logs

    /** In a JVM of its own: a logging-heavy job with each job's records split into files of its own, and without. */
    private void jobLogSplit() throws Exception {
        Process benchmark = new ProcessBuilder(JAVA, "-cp", classpath, JobLogSplitBenchmark.class.getName(),
                jar.resolveSibling("flink-lib").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(benchmark.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(row -> row.startsWith("|") || row.startsWith("Rounds")).toList();
        if (benchmark.waitFor() != 0 || lines.size() < 6) {
            throw new IllegalStateException("the job log benchmark failed (exit " + benchmark.exitValue() + ")");
        }
        line("");
        line("## 13. The cost of the per-job log split");
        line("");
        line("A job that logs every event at INFO (from its function, in the TaskManager's task thread, which carries "
                + "the job's id), parallelism 1, on the local cluster as the service starts it: each job's records in "
                + "files of its own (the default), next to every record in the process's log. Clusters started in "
                + "turns, each running the job once to warm up, then three measured runs; events/s from the job's "
                + "RUNNING to its FINISHED as Flink reports them (`JobLogSplitBenchmark`).");
        line("");
        lines.forEach(row -> line("%s", row));
    }

    // ------------------------------------------------------------------------------------------ the console

    /**
     * In a JVM of its own ({@link dev.dlirun.bootstrap.console.ConsoleBenchmark}): the web console in headless
     * Chromium against the packaged jar, time to list and idle requests. Left out, saying so, without a browser.
     */
    private void console() throws Exception {
        line("");
        line("## 14. The web console: time until the jobs list is shown, next to the bare list call; idle requests");
        line("");
        List<String> missing = dev.dlirun.bootstrap.console.BrowserBinaries.configured().missing();
        if (!missing.isEmpty()) {
            line("Not measured: %s.", String.join(", ", missing));
            return;
        }
        List<String> command = new ArrayList<>(List.of(JAVA, "-Ddlirun.jar=" + jar.toAbsolutePath(),
                "-Dbasedir=" + jar.toAbsolutePath().getParent().getParent()));
        // Its own settings, when given to the suite (e.g. -Dbench.loads=5 for a quick look).
        for (String name : List.of("bench.loads", "bench.warmUps", "bench.jobs", "bench.fill", "bench.clients",
                "bench.idleSeconds", "bench.idle", "bench.flink")) {
            if (System.getProperty(name) != null) {
                command.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        command.addAll(List.of("-cp", classpath, dev.dlirun.bootstrap.console.ConsoleBenchmark.class.getName()));
        Process benchmark = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new String(benchmark.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .dropWhile(row -> !row.equals(dev.dlirun.bootstrap.console.ConsoleBenchmark.REPORT)).skip(1).toList();
        if (benchmark.waitFor() != 0 || lines.size() < 10) {
            throw new IllegalStateException("the console benchmark failed (exit " + benchmark.exitValue() + ")");
        }
        line("The packaged jar (`--engine=simulated`; a second one on the Flink engine for a running job's detail), "
                + "headless Chromium through ChromeDriver (`ConsoleBenchmark`): loads of `/console/#/p/<project>/jobs` "
                + "taking turns, each a fresh navigation, to the User Timing mark `dlirun:jobs-shown`; before each, the "
                + "bare list call from `curl` in a process of its own. Then the service's access log counted for 60 s "
                + "with the console idle, shown and hidden behind a second tab. Goals: the page adds < 300 ms; idle "
                + "requests bounded, none when the tab is hidden.");
        line("");
        lines.forEach(row -> line("%s", row));
    }

    // ------------------------------------------------------------------------------------------ Kafka jobs

    /** The connectors' bundles the build puts next to the jar, which the jar gives jobs by default. */
    private Path connectorBundles() {
        return jar.toAbsolutePath().resolveSibling("flink-connectors");
    }

    /** {@link dev.dlirun.bootstrap.ConnectorJobsBenchmark} in a JVM of its own, in {@code mode}. */
    private Rows connectorJobs(String mode, int rows) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(Arrays.asList(System.getProperty("flink.jvm.flags", "").split(" ")));
        command.addAll(List.of("-Dflink.jvm.flags=" + System.getProperty("flink.jvm.flags", ""),
                "-Dbench.classpath=" + classpath, "-Ddlirun.kafka.lib=" + kafkaLib()));
        command.addAll(benchProperties("bench.kafka"));
        command.addAll(List.of("-cp", classpath, "dev.dlirun.bootstrap.ConnectorJobsBenchmark", mode,
                connectorBundles().toString()));
        return rowsOf(new ProcessBuilder(command.stream().filter(part -> !part.isBlank()).toList()), rows,
                "the Kafka jobs' benchmark (" + mode + ")");
    }

    /** Where the test peer's Kafka broker takes its jars from ({@code .ci/bench} sets it). */
    private static String kafkaLib() {
        String lib = System.getProperty("dlirun.kafka.lib");
        if (lib == null) {
            throw new IllegalStateException("-Ddlirun.kafka.lib must name the Kafka broker's jars "
                    + "(adapters-client/kafka-broker/target/lib); .ci/bench sets it");
        }
        return Path.of(lib).toAbsolutePath().toString();
    }

    /** This JVM's system properties whose names start with {@code prefix}, as flags for a JVM of a section's own. */
    private static List<String> benchProperties(String prefix) {
        return System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(prefix)).sorted()
                .map(name -> "-D" + name + "=" + System.getProperty(name)).toList();
    }

    private void kafkaThroughput() throws Exception {
        Rows result = connectorJobs("throughput", 4);
        line("");
        line("## 9. Kafka jobs on Flink: throughput, next to Flink itself on the same cluster");
        line("");
        line("`ConnectorJobsBenchmark throughput`, in a JVM of its own: the service as main() wires it (embedded Flink, "
                + "32 slots, the build's connector bundles, `--allow-hosts 127.0.0.1:*`), driven over HTTP, next to "
                + "`FlinkBaseline`, a process of its own planning the same SQL with a bare `TableEnvironment` (the Kafka "
                + "bundle's jars as `pipeline.jars` and on its planning class loader) and submitting it to the same "
                + "cluster's REST API. Against a real Kafka broker (KRaft, one node, a process of its own on 127.0.0.1, "
                + "`KafkaBroker`). A source topic of one partition is filled beforehand with small JSON records "
                + "(`{\"id\":…,\"user_id\":\"u…\",\"amount\":…,\"ts\":…}`, about 60 bytes, 10 000 users); each run "
                + "starts a job reading it from the earliest offset into a fresh output topic whose records the broker "
                + "stamps as it appends them (`LogAppendTime`), and ends when that topic holds as many records as the "
                + "source (the job is then cancelled). *first to last output record*: the input's records over the "
                + "time between the first and the last output record's append, the job's own pace; *from the run "
                + "asked for*: over the time from the API's run request (or the baseline's command) to the last "
                + "append, planning, submission and the source's start included. The jobs: parallelism 1 and no "
                + "checkpoints (DLI's defaults), the Kafka sink at its default guarantee (at least once); the "
                + "aggregation writes one upsert per input record (a running count and sum per user). Medians of the "
                + "rounds, each side taking turns going first; *of Flink*: the median of the per-round ratios. Goal: "
                + "at least 0.95 of Flink itself. While its job runs, the service's observer asks the cluster for its "
                + "jobs every 100 ms (the engine's observe interval), calls the embedded cluster answers in the JVM "
                + "that runs the job's tasks; `-Dbench.kafkaObserveMillis=N` sets another interval, for an A/B.");
        nextToFlink(result);
    }

    /** A Kafka section's table (the service next to Flink itself) and its rounds. */
    private void nextToFlink(Rows result) {
        line("");
        line("| what | dlirun | Flink itself | of Flink | goal |");
        line("|---|---:|---:|---:|---|");
        result.rows().forEach(row -> line("%s", row));
        line("");
        line("Rounds: %s.", result.rounds());
    }

    private void kafkaLatency() throws Exception {
        Rows result = connectorJobs("latency", 2);
        line("");
        line("### 9b. Kafka jobs on Flink: end-to-end latency, next to Flink itself on the same cluster");
        line("");
        line("`ConnectorJobsBenchmark latency`: the same service, baseline and broker as section 9. A Kafka -> Kafka "
                + "JSON job (the one of section 9) runs, reading a fresh topic of its own; records carrying the time "
                + "they are sent are produced into it at a steady rate (linger 0), and a consumer of the output topic "
                + "(read_committed; the at-least-once sink writes no transactions, so it sees each record as soon as "
                + "it is written) takes each record's latency as it arrives. Producer and consumer share this JVM "
                + "(and its clock), which also holds the embedded cluster. The first seconds of each run are not "
                + "counted; the percentiles are over every counted record of every round of a side. As in section 9, "
                + "`-Dbench.kafkaObserveMillis=N` sets the service's observe interval (100 ms by default).");
        nextToFlink(result);
    }

    /** {@link ConnectorMemoryBenchmark} in a JVM of its own, which starts the jar as the README does. */
    private void kafkaMemory() throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Ddlirun.kafka.lib=" + kafkaLib()));
        command.addAll(benchProperties("bench.kafka"));
        command.addAll(List.of("-cp", classpath, ConnectorMemoryBenchmark.class.getName(), jar.toString(),
                jsa.toString()));
        Rows result = rowsOf(new ProcessBuilder(command), 5, "the Kafka jobs' memory benchmark");
        line("");
        line("## 10. Memory with eight Kafka jobs running, next to eight datagen jobs");
        line("");
        line("`ConnectorMemoryBenchmark`: the jar as the README starts it (`-Xmx512m -XX:MaxDirectMemorySize=256m`, the "
                + "class-data archive, jobs in H2, a fresh data directory each time) on its default engine (a local "
                + "Flink cluster in processes of its own, 16 slots), the build's connector bundles next to it, "
                + "`--allow-hosts 127.0.0.1:*`, and eight SQL jobs of one project in its jobs file, started by one "
                + "batch run: either Kafka -> Kafka (JSON; each job its own topics on a real broker, fed 100 records/s "
                + "each from the run on) or datagen (100 rows/s of the same four columns) -> blackhole. Resident set "
                + "(`VmRSS`) of each process, 20 s after all eight say `job_running`; the two kinds take turns, each in "
                + "a fresh process. Medians of the rounds (the mean of the middle two for an even count).");
        line("");
        line("| process | 8 datagen jobs, MiB | 8 Kafka jobs, MiB | Kafka / datagen |");
        line("|---|---:|---:|---:|");
        result.rows().forEach(row -> line("%s", row));
        line("");
        line("Rounds: %s.", result.rounds());
    }

    // ------------------------------------------------------------------------------------------ footprint

    private static final int FOOTPRINT_STARTS = Integer.getInteger("bench.footprintStarts", 5);

    /** What the build puts next to the jar, and the jar's start-up with and without the connectors' bundles. */
    private void footprint() throws Exception {
        Path target = jar.toAbsolutePath().getParent();
        List<Path> parts = new ArrayList<>(List.of(target.resolve("dlirun.jar"), target.resolve("dlirun.jsa"),
                target.resolve("flink-lib"), target.resolve("flink-connectors")));
        List<Path> bundles;
        try (var listed = Files.list(connectorBundles())) {
            bundles = listed.filter(Files::isDirectory).sorted().toList();
        }
        Map<Path, long[]> sizes = new java.util.LinkedHashMap<>();
        for (Path part : parts) {
            sizes.put(part, new long[]{duKib(part), files(part)});
        }
        for (Path bundle : bundles) {
            sizes.put(bundle, new long[]{duKib(bundle), files(bundle)});
        }
        long totalKib = parts.stream().mapToLong(part -> sizes.get(part)[0]).sum();
        long totalFiles = parts.stream().mapToLong(part -> sizes.get(part)[1]).sum();

        Path scratch = Files.createTempDirectory("bench-footprint");
        Files.setPosixFilePermissions(scratch, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path layout = Files.createDirectories(scratch.resolve("layout"));
        Path archive = layout.resolve("dlirun.jsa");
        trainedLayout(target, layout, archive);
        Path empty = Files.createDirectories(scratch.resolve("empty"));
        record Variant(List<String> flags, List<Long> live, List<Long> ready, List<Long> service, List<Long> all) {
        }
        Variant with = new Variant(List.of("--connector-jars=" + connectorBundles()), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Variant without = new Variant(List.of(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        try {
            for (int round = 0; round < FOOTPRINT_STARTS; round++) {
                for (Variant variant : round % 2 == 0 ? List.of(with, without) : List.of(without, with)) {
                    int port = freePort();
                    List<String> command = new ArrayList<>(List.of(JAVA));
                    command.addAll(README_MEMORY);
                    command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-jar", layout.resolve("dlirun.jar")
                            .toString(), "--port=" + port, "--data-dir=" + Files.createTempDirectory(scratch, "data")));
                    command.addAll(variant.flags());
                    long start = System.nanoTime();
                    Process process = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    try {
                        waitForFirst200(port, "/health/live");
                        variant.live().add((System.nanoTime() - start) / 1_000_000);
                        waitForFirst200(port, "/health/ready");
                        variant.ready().add((System.nanoTime() - start) / 1_000_000);
                        variant.service().add(rssMib(process));
                        variant.all().add(IsolationBenchmark.rssMib(process.toHandle()));
                    } finally {
                        List<ProcessHandle> started = process.descendants().toList();
                        process.destroyForcibly().waitFor();
                        started.forEach(ProcessHandle::destroyForcibly);
                    }
                }
            }
            // An empty directory named: what the operator is told.
            long start = System.nanoTime();
            Process refused = new ProcessBuilder(JAVA, "-XX:SharedArchiveFile=" + archive, "-jar",
                    layout.resolve("dlirun.jar").toString(), "--port=" + freePort(), "--data-dir="
                    + Files.createTempDirectory(scratch, "data"), "--connector-jars=" + empty)
                    .redirectErrorStream(true).start();
            String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = refused.waitFor(60, TimeUnit.SECONDS);
            long refusedMillis = (System.nanoTime() - start) / 1_000_000;
            String said = output.lines().filter(l -> l.contains("connector-jars")).findFirst().orElse("(nothing)")
                    .replace(empty.toString(), "<empty>");
            refused.destroyForcibly();

            line("");
            line("## 11. What the build produces, and start-up with and without the connectors");
            line("");
            line("Sizes: `du -sk` of what the build puts in `bootstrap/target/` to run the service (the jar, its "
                    + "class-data archive, the local cluster's jars, the connectors' bundles), and of each bundle.");
            line("");
            line("| what | files | MiB (du) | of the total |");
            line("|---|---:|---:|---:|");
            for (Map.Entry<Path, long[]> size : sizes.entrySet()) {
                String name = target.relativize(size.getKey()) + (Files.isDirectory(size.getKey()) ? "/" : "");
                line("| `%s` | %d | %.1f | %.2f |", name, size.getValue()[1], size.getValue()[0] / 1024.0,
                        (double) size.getValue()[0] / totalKib);
            }
            line("| total (the first four) | %d | %.1f | 1.00 |", totalFiles, totalKib / 1024.0);
            line("");
            line("Start-up: the jar as the README starts it (its memory flags and class-data archive, jobs in H2, a fresh "
                    + "data directory each time, its default engine: a local Flink cluster in processes of its own), "
                    + "run from a directory of its own holding the jar, a link to `flink-lib/` and a class-data archive "
                    + "trained there as the build trains its own (the bundles beside the jar during the training, as in "
                    + "the build), and no `flink-connectors/` when it starts: *with* names the build's bundles with "
                    + "`--connector-jars` (what the default finds next to the jar), *without* leaves the flag out. (The "
                    + "build's own archive cannot serve here: a class mapped from an archive keeps the location of the "
                    + "jar the archive was trained on, so the service would find `bootstrap/target/flink-connectors/` "
                    + "by default from any copy of the jar.) Times from the process's start to the first 200 "
                    + "of `/health/live` (polled every 5 ms, as section 3) and of `/health/ready` (the local cluster "
                    + "up, the planner warm); resident set at ready. Medians of %d starts each, taking turns.",
                    FOOTPRINT_STARTS);
            line("");
            line("| what | with the connectors | without | with / without |");
            line("|---|---:|---:|---:|");
            footprintRow("start to the first answer (`/health/live`), ms", with.live(), without.live());
            footprintRow("start to `/health/ready`, ms", with.ready(), without.ready());
            footprintRow("resident memory of the service at ready, MiB", with.service(), without.service());
            footprintRow("the same with the local cluster's processes, MiB", with.all(), without.all());
            line("");
            line("Starts (with / without): first answer %s / %s; ready %s / %s. `--connector-jars` naming an empty "
                    + "directory: the service %s after %d ms (exit %s), saying: `%s`.", with.live(), without.live(),
                    with.ready(), without.ready(), ended ? "ends" : "was still running", refusedMillis,
                    ended ? Integer.toString(refused.exitValue()) : "none", said.strip());
        } finally {
            ScratchDirectory.delete(scratch);
        }
    }

    /**
     * The jar, the local cluster's jars and, for the class-data archive's training only, the connectors' bundles, in
     * {@code layout}; then its own class-data archive, trained as the build trains {@code target/dlirun.jsa}. A class
     * the archive holds has the protection domain of the jar the archive was made from: with the build's archive, the
     * service would find {@code flink-connectors/} next to {@code target/dlirun.jar} wherever the jar it runs is.
     */
    private static void trainedLayout(Path target, Path layout, Path archive) throws Exception {
        try {
            Files.createLink(layout.resolve("dlirun.jar"), target.resolve("dlirun.jar"));
        } catch (IOException | UnsupportedOperationException elsewhere) {
            Files.copy(target.resolve("dlirun.jar"), layout.resolve("dlirun.jar"));
        }
        Files.createSymbolicLink(layout.resolve("flink-lib"), target.resolve("flink-lib"));
        Path bundles = Files.createSymbolicLink(layout.resolve("flink-connectors"), target.resolve("flink-connectors"));
        Path log = layout.resolve("class-data-training.log");
        Process training = new ProcessBuilder(JAVA, "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error",
                "-Xlog:cds+dynamic=error", "-cp", layout.resolve("dlirun.jar").toString(),
                "dev.dlirun.bootstrap.ClassDataTraining").redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        if (!training.waitFor(5, TimeUnit.MINUTES) || training.exitValue() != 0 || !Files.exists(archive)) {
            training.destroyForcibly();
            throw new IllegalStateException("the class-data archive's training failed; see " + log);
        }
        Files.delete(bundles);
    }

    private void footprintRow(String what, List<Long> with, List<Long> without) {
        long w = medianOf(with);
        long wo = medianOf(without);
        line("| %s | %d | %d | %.2f |", what, w, wo, (double) w / wo);
    }

    /** {@code du -sk}: the disk space {@code path} takes, in KiB. */
    private static long duKib(Path path) throws Exception {
        Process du = new ProcessBuilder("du", "-skL", path.toString()).redirectErrorStream(true).start();
        String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (du.waitFor() != 0) {
            throw new IllegalStateException("du " + path + ": " + output);
        }
        return Long.parseLong(output.strip().split("\\s+")[0]);
    }

    private static long files(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    // ------------------------------------------------------------------------------------------ the endpoint

    private record Wrk(double requestsPerSecond, long p50Micros, long p99Micros, long errors) {
    }

    private Wrk wrk(int port, String path, int batch, String mode, Duration duration) throws Exception {
        boolean onTheService = !path.startsWith("/bench/");
        boolean starts = onTheService && mode.equals("fresh");
        if (starts && usedIds > 0) {
            post(port, "/bench/reset/" + usedIds);
            usedIds = 0;
        }
        String outcome = mode.equals("fresh") ? "submitted" : "not_found";
        double outcomesBefore = onTheService ? outcomes(port, outcome) : 0;
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + CONNECTIONS, "-d" + duration.toSeconds() + "s",
                "-s", lua.toString(), "http://127.0.0.1:" + port + path, "--", Integer.toString(batch), mode, "0")
                .redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
        JsonNode r = JSON.readTree(result.substring("RESULT ".length()));
        long requests = r.get("requests").asLong();
        if (starts) {
            usedIds = r.get("last_id").asLong();
            if (usedIds > jobsInServer) {
                throw new IllegalStateException("the benchmark server ran out of jobs in job_init; give it more");
            }
        }
        if (onTheService) {
            // The path measured is the path named: every job of every request answered was submitted (or not found).
            double seen = outcomes(port, outcome) - outcomesBefore;
            if (seen < (double) requests * batch) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s path: %d requests of %d jobs, but "
                        + "only %.0f jobs answered %s", mode, requests, batch, seen, outcome));
            }
        }
        return new Wrk(requests / (r.get("duration_us").asLong() / 1e6), r.get("p50_us").asLong(),
                r.get("p99_us").asLong(), r.get("socket_errors").asLong() + r.get("non_2xx").asLong());
    }

    /** The service's count of jobs answered with {@code outcome}, from its metrics. */
    private static double outcomes(int port, String outcome) throws Exception {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return metrics.body().lines()
                .filter(l -> l.startsWith("dlirun_jobs_outcomes_total{") && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void post(int port, String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static Wrk median(List<Wrk> runs) {
        runs = new ArrayList<>(runs);
        runs.sort((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()));
        Wrk mid = runs.get(runs.size() / 2);
        long errors = runs.stream().mapToLong(Wrk::errors).sum();
        return new Wrk(mid.requestsPerSecond(), medianOf(runs.stream().map(Wrk::p50Micros).toList()),
                medianOf(runs.stream().map(Wrk::p99Micros).toList()), errors);
    }

    /** Where the benchmark server's local engine keeps its jobs. */
    private enum Catalogue {
        MEMORY("memory", 4_000_000, "-Xmx4g", "### Jobs in memory (`--ephemeral`)"),
        H2("h2", 2_000_000, "-Xmx2g", "### Jobs in H2 (the default: every change written to the data directory "
                + "before the answer)");

        final String argument;
        final long jobs;
        final String heap;
        final String heading;

        Catalogue(String argument, long jobs, String heap, String heading) {
            this.argument = argument;
            this.jobs = jobs;
            this.heap = heap;
            this.heading = heading;
        }
    }

    private void throughput(int port, int baselinePort, Catalogue catalogue) throws Exception {
        jobsInServer = catalogue.jobs;
        line("");
        line(catalogue.heading);
        line("");
        line("| batch | path | requests/s | p50 ms | p99 ms | errors | of bare | of baseline |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|");
        String bare = "/bench/bare/bench";
        String run = "/v1.0/bench/streaming/jobs/run";
        // The JIT takes a minute of load over the whole stack to settle: every path at every size, twice over,
        // before any figure.
        for (int round = 0; round < 2; round++) {
            for (int batch : new int[]{1, 10, 100}) {
                wrk(baselinePort, bare, batch, "fresh", WARM_UP);
                wrk(port, bare, batch, "fresh", WARM_UP);
                wrk(port, run, batch, "fresh", WARM_UP);
                wrk(port, run, batch, "missing", WARM_UP);
            }
        }
        for (int batch : new int[]{1, 10, 100}) {
            wrk(baselinePort, bare, batch, "fresh", WARM_UP);
            wrk(port, bare, batch, "fresh", WARM_UP);
            wrk(port, run, batch, "fresh", WARM_UP);
            wrk(port, run, batch, "missing", WARM_UP);
            // Take turns, in an order that reverses every round, so that drift in a shared machine touches all
            // four paths alike.
            List<Wrk> baselines = new ArrayList<>();
            List<Wrk> bares = new ArrayList<>();
            List<Wrk> submitted = new ArrayList<>();
            List<Wrk> refused = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                if (i % 2 == 0) {
                    baselines.add(wrk(baselinePort, bare, batch, "fresh", MEASURE));
                    bares.add(wrk(port, bare, batch, "fresh", MEASURE));
                    submitted.add(wrk(port, run, batch, "fresh", MEASURE));
                    refused.add(wrk(port, run, batch, "missing", MEASURE));
                } else {
                    refused.add(wrk(port, run, batch, "missing", MEASURE));
                    submitted.add(wrk(port, run, batch, "fresh", MEASURE));
                    bares.add(wrk(port, bare, batch, "fresh", MEASURE));
                    baselines.add(wrk(baselinePort, bare, batch, "fresh", MEASURE));
                }
            }
            row(batch, "baseline (own process)", baselines, bares, baselines);
            row(batch, "bare (in the server)", bares, bares, baselines);
            row(batch, "submitted", submitted, bares, baselines);
            row(batch, "refused", refused, bares, baselines);
        }
    }

    /** Medians over the rounds; a ratio is the median of each round's ratio to the same round's reference run. */
    private void row(int batch, String path, List<Wrk> runs, List<Wrk> bares, List<Wrk> baselines) {
        Wrk wrk = median(runs);
        line("| %d | %s | %.0f | %.2f | %.2f | %d | %.2f | %.2f |", batch, path, wrk.requestsPerSecond(),
                wrk.p50Micros() / 1000.0, wrk.p99Micros() / 1000.0, wrk.errors(), ratio(runs, bares),
                ratio(runs, baselines));
    }

    private static double ratio(List<Wrk> runs, List<Wrk> references) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ratios.add(runs.get(i).requestsPerSecond() / references.get(i).requestsPerSecond());
        }
        return medianOf(ratios);
    }

    // ------------------------------------------------------------------------------------------ in process

    /** {@link HotPathBenchmark} with JMH, in a JVM of its own: the cost of one batch run with HTTP left out. */
    private void inProcess() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(HotPathBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgs("-Xmx1g")
                .verbosity(VerboseMode.SILENT)
                .build();
        Map<String, Double> opsPerSecond = new TreeMap<>();
        for (RunResult result : new Runner(options).run()) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            List<Double> iterations = result.getBenchmarkResults().stream()
                    .flatMap(benchmark -> benchmark.getIterationResults().stream())
                    .map(iteration -> iteration.getPrimaryResult().getScore())
                    .toList();
            opsPerSecond.put(result.getParams().getParam("batch") + " " + method, medianOf(iterations));
        }
        line("");
        line("## 1b. The same, in process (JMH): request bytes in, answer bytes out, HTTP left out");
        line("");
        line("`HotPathBenchmark`: the resource, use case and local engine the server wires, next to a bare method that "
                + "reads the same request and writes an answer of the same size. *missing*: no job named exists; "
                + "*running*: every job named is running, so the rules refuse it. One fork, median of 5 one-second "
                + "iterations after 3 of warm-up.");
        line("");
        line("| batch | path | operations/s | of bare |");
        line("|---:|---|---:|---:|");
        for (int batch : new int[]{1, 10, 100}) {
            double bare = opsPerSecond.get(batch + " bare");
            for (String path : new String[]{"bare", "missing", "running"}) {
                double ops = opsPerSecond.get(batch + " " + path);
                line("| %d | %s | %.0f | %.2f |", batch, path, ops, ops / bare);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the clients

    private void measureClients(int port) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port);
        List<Long> ids = LongStream.rangeClosed(9_100_000_000_001L, 9_100_000_000_010L).boxed().toList();
        StreamingJobsApi ours = DliRunClient.at(base).build();
        DliClient sdk = DliClient.newBuilder()
                .withCredential(new BasicCredentials().withAk("AK").withSk("SK").withProjectId("bench"))
                .withEndpoint(base.toString())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
        com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest sdkRequest =
                new com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest()
                        .withBody(new BatchRunFlinkJobsRequestBody().withJobIds(ids));
        BatchRunFlinkJobsRequest ourRequest = new BatchRunFlinkJobsRequest().jobIds(ids);

        LongSupplier oursCall = () -> {
            try {
                return ours.batchRunFlinkJobs("bench", ourRequest, null).size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        LongSupplier sdkCall = () -> sdk.batchRunFlinkJobs(sdkRequest).getBody().size();
        measureFor(oursCall, WARM_UP);
        measureFor(sdkCall, WARM_UP);
        // Rounds taking turns (which goes first alternates), so that both clients meet the same noise.
        List<ClientRound> rounds = new ArrayList<>();
        for (int round = 0; round < RUNS; round++) {
            double o;
            double k;
            if (round % 2 == 0) {
                o = measureFor(oursCall, MEASURE);
                k = measureFor(sdkCall, MEASURE);
            } else {
                k = measureFor(sdkCall, MEASURE);
                o = measureFor(oursCall, MEASURE);
            }
            rounds.add(new ClientRound(o, k));
        }
        clients = new ClientFigures(rounds);
    }

    private void printClients() {
        line("");
        line("## 4. Java clients, one thread, sequential calls (10 jobs that do not exist), jobs in memory");
        line("");
        line("Both clients call the same server with the same request, in rounds taking turns. *of the SDK*: the "
                + "median, over the rounds, of our calls/s over the SDK's in the same round. The SDK's per-call "
                + "access log is turned off (WARN), so that the transports are compared. "
                + "Goal: ours at least as fast as the official SDK.");
        line("");
        line("| client | calls/s | of the SDK |");
        line("|---|---:|---:|");
        line("| dlirun-java-client (Apache HttpClient 5) | %.0f | %.2f |", clients.ours(), clients.oursOfSdk());
        line("| huaweicloud-sdk-dli 3.1.130 (OkHttp) | %.0f | 1.00 |", clients.sdk());
        // The medians of each column and the median of the rounds' ratios can come from different rounds when the
        // machine's speed swings between them: every round is printed, so that the reader can see which.
        line("");
        line("Rounds (ours / the SDK's calls/s, ratio): %s.", clients.rounds().stream()
                .map(r -> String.format(Locale.ROOT, "%.0f / %.0f (%.2f)", r.ours(), r.sdk(), r.ratio()))
                .collect(Collectors.joining("; ")));
    }

    /** The middle value (the upper one of an even count). */
    static <T extends Comparable<T>> T medianOf(List<T> values) {
        List<T> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double measureFor(LongSupplier call, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long calls = 0;
        while (System.nanoTime() < end) {
            if (call.getAsLong() != 10) {
                throw new IllegalStateException("a client got an incomplete answer");
            }
            calls++;
        }
        return calls / ((System.nanoTime() - start) / 1e9);
    }

    // ------------------------------------------------------------------------------------------ memory

    /** The memory flags of the README's run command. */
    private static final List<String> README_MEMORY = List.of("-Xmx512m", "-XX:MaxDirectMemorySize=256m");

    /**
     * The packaged server as the README runs it (its memory flags, the embedded Flink engine), next to the same with
     * the JVM's default settings: idle once Flink is up, after a throughput run with the demo's eight jobs running.
     */
    private void memory() throws Exception {
        line("");
        line("## 5. Memory");
        line("");
        line("Resident set size of the server (jobs in H2, the embedded Flink cluster up): idle; then with the demo's 8 "
                + "jobs running, after %d s of batch runs of 10 (jobs that do not exist) and 20 s more. Goal: bounded "
                + "by the README's command (`-Xmx512m -XX:MaxDirectMemorySize=256m`).", MEASURE.toSeconds());
        line("");
        line("| JVM settings | idle MiB | after the load, 8 jobs running, MiB | requests/s |");
        line("|---|---:|---:|---:|");
        memory("the README's (`-Xmx512m -XX:MaxDirectMemorySize=256m`)", README_MEMORY);
        memory("the JVM's defaults (max heap: a quarter of the machine's memory)", List.of());
    }

    private void memory(String what, List<String> flags) throws Exception {
        int port = freePort();
        Path data = Files.createTempDirectory("bench-memory");
        Process server = startJar(flags, port, data);
        try {
            waitForFirst200(port, "/health/ready");
            Thread.sleep(5000);
            long idle = rssMib(server);
            postJson(port, "/v1.0/demo/streaming/jobs/run", "{\"job_ids\": [131, 130, 138, 137, 139, 140, 141, 142]}");
            long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            for (long id : new long[]{131, 130, 138, 137, 139, 140, 141, 142}) {
                while (!get(port, "/v1.0/demo/streaming/jobs/" + id).contains("\"status\":\"job_running\"")) {
                    if (System.nanoTime() > giveUp) {
                        throw new IllegalStateException("demo job " + id + " did not run");
                    }
                    Thread.sleep(100);
                }
            }
            Wrk load = wrk(port, "/v1.0/demo/streaming/jobs/run", 10, "missing", MEASURE);
            Thread.sleep(20_000);
            line("| %s | %d | %d | %.0f |", what, idle, rssMib(server), load.requestsPerSecond());
        } finally {
            server.destroyForcibly().waitFor();
            ScratchDirectory.delete(data);
        }
    }

    private static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void postJson(int port, String path, String body) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long rssMib(Process process) throws IOException {
        String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
        return status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L) / 1024;
    }

    // ------------------------------------------------------------------------------------------ DLI scaling

    /**
     * In a JVM of its own, as JMH forks one per benchmark: the fake DLI and the adapter in the same JVM, but not
     * in one whose compiler and heap the other sections have shaped.
     */
    private void dliScaling() throws Exception {
        Process benchmark = new ProcessBuilder(JAVA, "-cp", classpath,
                DliBatchScalingBenchmark.class.getName()).redirectErrorStream(true).start();
        List<String> rows = new ArrayList<>();
        try (var output = new java.io.BufferedReader(new java.io.InputStreamReader(benchmark.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String row; (row = output.readLine()) != null; ) {
                if (row.matches("\\| \\d.*")) {
                    rows.add(row);
                }
            }
        }
        if (benchmark.waitFor() != 0 || rows.size() != 5) {
            throw new IllegalStateException("the DLI batch-scaling benchmark failed (exit " + benchmark.exitValue()
                    + ", " + rows.size() + " rows)");
        }
        line("");
        line("## 2. Batch scaling through the DLI adapter, fake DLI answering each call after 20 ms");
        line("");
        line("A batch: a job-detail lookup per job (64 in flight), then the batch-run calls (chunks of 100). Ideal: "
                + "ceil(N / 64) x 20 ms + the batch-run round trips. Fake and adapter share a JVM of their own (and the 2 cores: the fake "
                + "checks every request's signature with the official SDK's signer). Medians of 5 runs after 5 of warm-up (the sequential client: one of each). "
                + "Goal: within 1.5x of the ideal at N = 1000.");
        line("");
        line("| N | concurrency | median ms | min ms | max ms | ideal ms | of ideal |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(row -> line("%s", row));
        dliFirstBatch();
    }

    /** {@link DliFirstBatchBenchmark}, in a JVM of its own (the fake DLI's), starting the jar as the README does. */
    private void dliFirstBatch() throws Exception {
        Process benchmark = new ProcessBuilder(JAVA, "-cp", classpath, "-Dbench.server.flags=-XX:SharedArchiveFile="
                + jsa, DliFirstBatchBenchmark.class.getName(), jar.toString(), "5").redirectErrorStream(true).start();
        String output = new String(benchmark.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher result = java.util.regex.Pattern.compile("median (\\d+) ms \\(max (\\d+)\\); later "
                + "batches: median (\\d+) ms; ideal (\\d+) ms; \\d+ processes; ready after median (\\d+) ms")
                .matcher(output);
        if (benchmark.waitFor() != 0 || !result.find()) {
            throw new IllegalStateException("the DLI first-batch benchmark failed: " + output);
        }
        line("");
        line("### 2b. The first batch of a fresh process, through the jar (`--backend dli`)");
        line("");
        line("The jar started as the README starts it (class-data archive), `--backend dli` in front of the same fake "
                + "DLI (answering after 20 ms, in a JVM of its own); once `/health/ready` answers (after the DLI "
                + "client's start-up warm-up: median %s ms from the process's start), a batch-run request of 1 000 job "
                + "ids is timed, then three more. Medians over 5 fresh processes. Goal: the first batch within 1 s.",
                result.group(5));
        line("");
        line("| batch | median ms | max ms | ideal ms | of ideal |");
        line("|---|---:|---:|---:|---:|");
        long ideal = Long.parseLong(result.group(4));
        line("| first, fresh process | %s | %s | %d | %.2f |", result.group(1), result.group(2), ideal,
                Double.parseDouble(result.group(1)) / ideal);
        line("| later (2nd to 4th) | %s | | %d | %.2f |", result.group(3), ideal,
                Double.parseDouble(result.group(3)) / ideal);
    }

    // ------------------------------------------------------------------------------------------ start-up

    private void startUp() throws Exception {
        List<String> archive = new ArrayList<>(README_MEMORY);
        archive.add("-XX:SharedArchiveFile=" + jsa);
        record Variant(String what, List<String> jvmFlags, List<String> flags, boolean ephemeral, List<Long> millis) {
        }
        Variant readme = new Variant("dlirun as the README starts it (Flink engine, class-data archive, memory "
                + "bounds, jobs in H2)", archive, List.of(), false, new ArrayList<>());
        Variant simulated = new Variant("the same, `--engine simulated` (no Flink)", archive,
                List.of("--engine=simulated"), false, new ArrayList<>());
        Path scratch = Files.createTempDirectory("bench-start-up");
        // The local cluster's processes run as the jobs' user, who must pass through to the data directories inside.
        Files.setPosixFilePermissions(scratch, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Variant jobsFile = new Variant("`--engine simulated`, a 2 000-job jobs file into a fresh data directory",
                archive, List.of("--engine=simulated", "--jobs=" + jobsFile(scratch, 2_000)), false, new ArrayList<>());
        List<Variant> variants = List.of(readme, simulated, jobsFile,
                new Variant("the same, `--ephemeral` (jobs in memory)", archive, List.of(), true, new ArrayList<>()),
                new Variant("without the class-data archive (jobs in H2)", README_MEMORY, List.of(), false,
                        new ArrayList<>()));
        List<Long> ready = new ArrayList<>();
        List<Long> jvm = new ArrayList<>();
        for (int round = 0; round < STARTS; round++) {
            for (Variant variant : variants) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(JAVA));
                command.addAll(variant.jvmFlags());
                command.addAll(List.of("-jar", jar.toString(), "--port=" + port));
                command.addAll(variant.flags());
                command.add(variant.ephemeral() ? "--ephemeral" : "--data-dir=" + Files.createTempDirectory(scratch, "data"));
                long start = System.nanoTime();
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    waitForFirst200(port, "/health/live");
                    variant.millis().add((System.nanoTime() - start) / 1_000_000);
                    if (variant == readme) {
                        waitForFirst200(port, "/health/ready");
                        ready.add((System.nanoTime() - start) / 1_000_000);
                    }
                } finally {
                    process.destroyForcibly().waitFor();
                }
            }
            long start = System.nanoTime();
            new ProcessBuilder(JAVA, "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            jvm.add((System.nanoTime() - start) / 1_000_000);
        }
        // The large file: a few starts, each importing all of it before it listens.
        List<Long> large = new ArrayList<>();
        Path largeFile = jobsFile(scratch, 300_000);
        long largeFileBytes = Files.size(largeFile);
        for (int start = 0; start < 3; start++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(JAVA));
            command.addAll(archive);
            command.addAll(List.of("-jar", jar.toString(), "--port=" + port, "--engine=simulated",
                    "--jobs=" + largeFile, "--data-dir=" + Files.createTempDirectory(scratch, "data")));
            long begin = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                waitForFirst200(port, "/health/live");
                large.add((System.nanoTime() - begin) / 1_000_000);
            } finally {
                process.destroyForcibly().waitFor();
            }
        }
        ScratchDirectory.delete(scratch);
        line("");
        line("## 3. Start-up");
        line("");
        line("From process start to the first 200 answer (polling /health/live every 5 ms), median of %d starts, "
                + "taking turns. The server listens first and brings Flink up in the background. Goals: under one "
                + "second; with the Flink engine within 10%% of `--engine simulated` (measured: %.2f); a 2 000-job "
                + "jobs file into a fresh data directory within 20%% of the demo catalogue's start (measured: %.2f); "
                + "a 300 000-job file imported, and the server listening, in under 10 s (measured: %.1f s, median of "
                + "3).", STARTS, (double) medianOf(readme.millis()) / medianOf(simulated.millis()),
                (double) medianOf(jobsFile.millis()) / medianOf(simulated.millis()), medianOf(large) / 1000.0);
        line("");
        line("| what | median ms | min ms | max ms |");
        line("|---|---:|---:|---:|");
        for (Variant variant : variants) {
            startUpRow(variant.what(), variant.millis());
        }
        startUpRow(String.format(Locale.ROOT, "`--engine simulated`, a 300 000-job jobs file (%d MB) into a fresh "
                + "data directory (3 starts)", largeFileBytes / 1_000_000), large);
        startUpRow("the README's start until `/health/ready` answers 200 (Flink up, its planner warm)", ready);
        startUpRow("baseline: `java -version`", jvm);
    }

    /** A jobs file of {@code jobs} startable SQL jobs of project {@code bench}. */
    private static Path jobsFile(Path directory, int jobs) throws IOException {
        Path file = directory.resolve("jobs-" + jobs + ".json");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("[");
            for (int id = 1; id <= jobs; id++) {
                out.write((id == 1 ? "" : ",") + "{\"project_id\": \"bench\", \"job_id\": " + id + ", \"name\": "
                        + "\"job-" + id + "\", \"job_type\": \"flink_sql_job\", \"status\": \"job_init\", "
                        + "\"has_savepoint\": false, \"sql_body\": \"INSERT INTO sink SELECT * FROM source\", "
                        + "\"job_config\": {\"parallel_number\": 1, \"checkpoint_enabled\": true, "
                        + "\"checkpoint_interval\": 10}}\n");
            }
            out.write("]");
        }
        return file;
    }

    private void startUpRow(String what, List<Long> millis) {
        line("| %s | %d | %d | %d |", what, medianOf(millis), Collections.min(millis), Collections.max(millis));
    }

    static void waitForFirst200(int port, String path) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < giveUp) {
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the server did not answer " + path + " with 200 within 60 s");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The benchmark server, its log (the access log among it) written to a file, as a log pipeline would take it. */
    private Process startBenchServer(int port, Catalogue catalogue) throws Exception {
        Path log = Files.createTempFile("bench-server", ".log");
        log.toFile().deleteOnExit();
        // The product's logging, not the tests': the access log is part of what a request costs.
        Process process = new ProcessBuilder(JAVA, catalogue.heap, "-Dlogback.configurationFile=logback.xml", "-cp",
                classpath, "dev.dlirun.bootstrap.BenchServer",
                Integer.toString(port), Long.toString(catalogue.jobs), catalogue.argument).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < giveUp) {
            try (BufferedReader lines = Files.newBufferedReader(log)) {
                if (lines.lines().anyMatch(l -> l.startsWith("BENCH SERVER READY"))) {
                    return process;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the benchmark server did not start; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
