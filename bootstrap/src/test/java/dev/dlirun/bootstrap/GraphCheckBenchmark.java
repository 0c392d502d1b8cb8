package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.bootstrap.bench.ExplainBaseline;
import dev.dlirun.bootstrap.bench.FlinkBaseline;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The check before a run (gen-graph) next to Flink's own {@code explainSql} of the same script, and what a thousand
 * checks leave behind. The service runs in this JVM as main() wires it (its Flink embedded), checked over HTTP as a
 * caller checks; the baseline is {@link ExplainBaseline}, a process of its own with a bare {@code TableEnvironment}.
 * Warm-up, then rounds taking turns; then the heap (after a full GC) and the loaded classes after 100 checks and after
 * 1 000. Prints a markdown section's rows for the benchmark suite's report.
 */
public final class GraphCheckBenchmark {

    private static final int WARM_UP = 100;
    /** The baseline's second way shares the first's warm JVM: a shorter warm-up of its own. */
    private static final int GRAPH_WARM_UP = 30;
    private static final int ROUNDS = Integer.getInteger("bench.checkRounds", 5);
    private static final int PER_ROUND = 40;
    private static final int CHECKS = 1_000;
    private static final String PROJECT = "bench";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A realistic job: two sources, a filter, a join, a windowed aggregate, a sink. */
    static final String SQL = """
            CREATE TABLE clicks (user_id INT, url STRING, ts AS PROCTIME()) WITH (
              'connector' = 'datagen', 'rows-per-second' = '100', 'fields.user_id.min' = '1',
              'fields.user_id.max' = '1000', 'fields.url.length' = '20');
            CREATE TABLE users (user_id INT, country STRING) WITH (
              'connector' = 'datagen', 'rows-per-second' = '10', 'fields.user_id.min' = '1',
              'fields.user_id.max' = '1000', 'fields.country.length' = '2');
            CREATE TABLE clicks_per_country (country STRING, window_start TIMESTAMP(3), clicks BIGINT) WITH (
              'connector' = 'blackhole');
            INSERT INTO clicks_per_country
            SELECT u.country, w.window_start, COUNT(*)
            FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) AS w
            JOIN users AS u ON w.user_id = u.user_id
            WHERE w.url NOT LIKE '%robots%'
            GROUP BY u.country, w.window_start""";

    /** Where the rows go: standard output as it was before Flink in this process took it for jobs' output. */
    private static final java.io.PrintStream REPORT = System.out;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI check;
    private final BufferedReader baselineOut;
    private final PrintWriter baselineIn;
    private int checks;

    private GraphCheckBenchmark(URI check, Process baseline) {
        this.check = check;
        this.baselineOut = new BufferedReader(new InputStreamReader(baseline.getInputStream(), StandardCharsets.UTF_8));
        this.baselineIn = new PrintWriter(baseline.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bench-check");
        Path jobs = Files.writeString(dir.resolve("jobs.json"), "[" + FlinkEndToEndTest.sqlJob(PROJECT, 1, SQL, "")
                + "]");
        RunningService service = new RunningService(ServerConfig.simulated(0)
                .withBackend(new Backend.Flink(new FlinkSettings.Embedded(4), Optional.empty(), Optional.empty(),
                        Optional.empty(), FlinkSettings.defaultConnectors(), Set.of()))
                .withDataDirectory(dir.resolve("data")).withJobsFile(jobs).withReadinessCache(Duration.ZERO));
        Process baseline = null;
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (service.get("/health/ready").status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Flink did not start");
                }
                Thread.sleep(50);
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                    .filter(flag -> !flag.isBlank()).toList());
            command.addAll(List.of("-cp", System.getProperty("bench.classpath", System.getProperty("java.class.path")),
                    ExplainBaseline.class.getName(), Files.writeString(dir.resolve("job.sql"), SQL).toString()));
            baseline = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            GraphCheckBenchmark benchmark = new GraphCheckBenchmark(URI.create(service.baseUrl() + "/v3/" + PROJECT
                    + "/streaming/jobs/1/gen-graph"), baseline);
            benchmark.expect("ready");
            benchmark.measure();
        } finally {
            if (baseline != null) {
                baseline.destroyForcibly();
            }
            service.close();
            ScratchDirectory.delete(dir);
        }
        System.exit(0);
    }

    private void measure() throws Exception {
        List<Long> service = new ArrayList<>();
        List<Long> flink = new ArrayList<>();
        List<Long> flinkGraph = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> graphRatios = new ArrayList<>();
        for (int i = 0; i < WARM_UP; i++) {
            checkOnce();
        }
        explain(WARM_UP, false);
        explain(GRAPH_WARM_UP, true);
        Footprint afterHundred = Footprint.now();
        for (int round = 0; round < ROUNDS; round++) {
            List<Long> ours = new ArrayList<>();
            for (int i = 0; i < PER_ROUND; i++) {
                ours.add(checkOnce());
            }
            List<Long> theirs = explain(PER_ROUND, false);
            List<Long> theirGraphs = explain(PER_ROUND, true);
            ratios.add(percentile(ours, 50) / percentile(theirs, 50));
            graphRatios.add(percentile(ours, 50) / percentile(theirGraphs, 50));
            service.addAll(ours);
            flink.addAll(theirs);
            flinkGraph.addAll(theirGraphs);
        }
        while (checks < CHECKS) {
            checkOnce();
        }
        Footprint afterThousand = Footprint.now();
        Collections.sort(ratios);
        Collections.sort(graphRatios);
        REPORT.printf(Locale.ROOT, "| check (gen-graph over HTTP) | %.1f | %.1f | %d |%n", percentile(service, 50) / 1000,
                percentile(service, 95) / 1000, service.size());
        REPORT.printf(Locale.ROOT, "| Flink's explainSql, bare TableEnvironment | %.1f | %.1f | %d |%n",
                percentile(flink, 50) / 1000, percentile(flink, 95) / 1000, flink.size());
        REPORT.printf(Locale.ROOT, "| check of Flink (median of the rounds' p50 ratios; goal <= 1.2) | **%.2f** | %.2f "
                + "| %d rounds |%n", ratios.get(ratios.size() / 2), percentile(service, 95) / percentile(flink, 95),
                ROUNDS);
        REPORT.printf(Locale.ROOT, "| Flink's explainSql with JSON_EXECUTION_PLAN (to the stream graph too) | %.1f | "
                + "%.1f | %d |%n", percentile(flinkGraph, 50) / 1000, percentile(flinkGraph, 95) / 1000,
                flinkGraph.size());
        REPORT.printf(Locale.ROOT, "| check of Flink's explainSql to the stream graph (median of p50 ratios) | **%.2f** "
                + "| %.2f | %d rounds |%n", graphRatios.get(graphRatios.size() / 2),
                percentile(service, 95) / percentile(flinkGraph, 95), ROUNDS);
        REPORT.printf(Locale.ROOT, "| heap after a full GC, MiB: after %d checks / after %d | %.1f | %.1f | %+.1f %% |%n",
                WARM_UP, checks, afterHundred.heapMib(), afterThousand.heapMib(),
                100 * (afterThousand.heapMib() / afterHundred.heapMib() - 1));
        REPORT.printf(Locale.ROOT, "| loaded classes: after %d checks / after %d | %d | %d | %+.1f %% |%n", WARM_UP,
                checks, afterHundred.classes(), afterThousand.classes(),
                100 * ((double) afterThousand.classes() / afterHundred.classes() - 1));
        REPORT.printf(Locale.ROOT, "| metaspace, MiB: after %d checks / after %d | %.1f | %.1f | %+.1f %% |%n", WARM_UP,
                checks, afterHundred.metaspaceMib(), afterThousand.metaspaceMib(),
                100 * (afterThousand.metaspaceMib() / afterHundred.metaspaceMib() - 1));
        REPORT.println("rounds=" + ROUNDS + " rounds of " + PER_ROUND + " checks and " + PER_ROUND + " explains of each "
                + "kind, after " + WARM_UP + " checks and " + WARM_UP + " + " + GRAPH_WARM_UP + " explains as warm-up");
    }

    /** What the process holds once the garbage is gone. */
    private record Footprint(double heapMib, long classes, double metaspaceMib) {
        static Footprint now() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            double metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getName().equals("Metaspace")).map(MemoryPoolMXBean::getUsage)
                    .mapToLong(java.lang.management.MemoryUsage::getUsed).sum() / 1048576.0;
            return new Footprint(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0,
                    ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), metaspace);
        }
    }

    /** One check over HTTP, which must plan: its time in µs. */
    private long checkOnce() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(check).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"graph_type\": \"simple_graph\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long micros = (System.nanoTime() - start) / 1_000;
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !answer.path("is_success").asBoolean()) {
            throw new IllegalStateException("the check did not plan: " + response.body());
        }
        checks++;
        return micros;
    }

    private List<Long> explain(int times, boolean graph) throws Exception {
        baselineIn.println("explain " + times + (graph ? " graph" : ""));
        String[] words = expect("explained").split(" ");
        List<Long> micros = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            micros.add(Long.parseLong(words[i]));
        }
        return micros;
    }

    private String expect(String prefix) throws Exception {
        String line = baselineOut.readLine();
        while (line != null && !line.startsWith(FlinkBaseline.ANSWER)) {
            line = baselineOut.readLine();
        }
        if (line == null || !line.substring(FlinkBaseline.ANSWER.length()).startsWith(prefix)) {
            throw new IllegalStateException("the baseline answered " + line);
        }
        return line.substring(FlinkBaseline.ANSWER.length());
    }

    private static double percentile(List<Long> values, int percentile) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
