package dev.dlirun.bootstrap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import dev.dlirun.adapters.client.dli.DliBatchScalingBenchmark;
import dev.dlirun.client.DliRunClient;
import dev.dlirun.client.api.StreamingJobsApi;
import dev.dlirun.client.model.BatchRunFlinkJobsRequest;

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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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

    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final Duration WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.warmUpSeconds", 3));
    private static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
    private static final int CONNECTIONS = 32;
    /** Jobs the benchmark server holds: enough for every "fresh" request of a run never to name a job twice. */
    private static final long JOBS = 6_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path lua;
    private final String classpath;
    private final Path jar;
    private final List<String> report = new ArrayList<>();
    private long nextFreshId = 1;

    private BenchmarkSuite(Path lua, String classpath, Path jar) {
        this.lua = lua;
        this.classpath = classpath;
        this.jar = jar;
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        BenchmarkSuite suite = new BenchmarkSuite(Path.of(System.getProperty("bench.lua")),
                System.getProperty("bench.classpath"), Path.of(System.getProperty("bench.jar")));
        suite.run();
        String text = String.join("\n", suite.report) + "\n";
        System.out.print(text);
        Files.writeString(results, text);
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
        int port = freePort();
        Process server = startBenchServer(port);
        try {
            throughput(port);
            clients(port);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
        dliScaling();
        startUp();
        memory();
    }

    // ------------------------------------------------------------------------------------------ the endpoint

    private record Wrk(double requestsPerSecond, long p50Micros, long p99Micros, long errors) {
    }

    private Wrk wrk(int port, String path, int batch, String mode, Duration duration) throws Exception {
        long first = nextFreshId;
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + CONNECTIONS, "-d" + duration.toSeconds() + "s",
                "-s", lua.toString(), "http://127.0.0.1:" + port + path, "--", Integer.toString(batch), mode,
                Long.toString(first)).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
        JsonNode r = JSON.readTree(result.substring("RESULT ".length()));
        long requests = r.get("requests").asLong();
        if (mode.equals("fresh")) {
            nextFreshId += (requests + CONNECTIONS * 2L) * batch;
            if (nextFreshId > JOBS) {
                throw new IllegalStateException("the benchmark server ran out of fresh jobs; raise JOBS");
            }
        }
        return new Wrk(requests / (r.get("duration_us").asLong() / 1e6), r.get("p50_us").asLong(),
                r.get("p99_us").asLong(), r.get("socket_errors").asLong() + r.get("non_2xx").asLong());
    }

    private static Wrk median(List<Wrk> runs) {
        runs = new ArrayList<>(runs);
        runs.sort((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()));
        Wrk mid = runs.get(runs.size() / 2);
        long errors = runs.stream().mapToLong(Wrk::errors).sum();
        List<Long> p50 = runs.stream().map(Wrk::p50Micros).sorted().toList();
        List<Long> p99 = runs.stream().map(Wrk::p99Micros).sorted().toList();
        return new Wrk(mid.requestsPerSecond(), p50.get(p50.size() / 2), p99.get(p99.size() / 2), errors);
    }

    private void throughput(int port) throws Exception {
        line("");
        line("## 1. The endpoint, on the local engine, next to a bare Jersey endpoint in the same server");
        line("");
        line("The bare endpoint reads the same request and writes an answer of the same size, and does nothing else;");
        line("*submitted*: every job named is started (never named before); *refused*: every job named does not exist.");
        line("Goal: at least 0.8 of the bare endpoint at batch size 10.");
        line("");
        line("| batch | path | requests/s | p50 ms | p99 ms | errors | of bare |");
        line("|---:|---|---:|---:|---:|---:|---:|");
        String bare = "/bench/bare/bench";
        String run = "/v1.0/bench/streaming/jobs/run";
        for (int batch : new int[]{1, 10, 100}) {
            // Warm every path up, then take turns, so that drift in a shared machine touches all three alike.
            wrk(port, bare, batch, "fresh", WARM_UP);
            wrk(port, run, batch, "fresh", WARM_UP);
            wrk(port, run, batch, "missing", WARM_UP);
            List<Wrk> bares = new ArrayList<>();
            List<Wrk> submitted = new ArrayList<>();
            List<Wrk> refused = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                bares.add(wrk(port, bare, batch, "fresh", MEASURE));
                submitted.add(wrk(port, run, batch, "fresh", MEASURE));
                refused.add(wrk(port, run, batch, "missing", MEASURE));
            }
            Wrk baseline = median(bares);
            row(batch, "bare", baseline, baseline);
            row(batch, "submitted", median(submitted), baseline);
            row(batch, "refused", median(refused), baseline);
        }
    }

    private void row(int batch, String path, Wrk wrk, Wrk bare) {
        line("| %d | %s | %.0f | %.2f | %.2f | %d | %.2f |", batch, path, wrk.requestsPerSecond(), wrk.p50Micros() / 1000.0,
                wrk.p99Micros() / 1000.0, wrk.errors(), wrk.requestsPerSecond() / bare.requestsPerSecond());
    }

    // ------------------------------------------------------------------------------------------ the clients

    private void clients(int port) throws Exception {
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

        double oursPerSecond = callsPerSecond(() -> {
            try {
                return ours.batchRunFlinkJobs("bench", ourRequest).size();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        double sdkPerSecond = callsPerSecond(() -> sdk.batchRunFlinkJobs(sdkRequest).getBody().size());
        line("");
        line("## 4. Java clients, one thread, sequential calls (10 jobs that do not exist)");
        line("");
        line("Goal: ours at least as fast as the official SDK.");
        line("");
        line("| client | calls/s | of the SDK |");
        line("|---|---:|---:|");
        line("| dlirun-java-client | %.0f | %.2f |", oursPerSecond, oursPerSecond / sdkPerSecond);
        line("| huaweicloud-sdk-dli 3.1.130 | %.0f | 1.00 |", sdkPerSecond);
    }

    private static double callsPerSecond(LongSupplier call) {
        measureFor(call, WARM_UP);
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(measureFor(call, MEASURE));
        }
        Collections.sort(runs);
        return runs.get(runs.size() / 2);
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

    /** The packaged server as an operator runs it (default JVM settings), after a throughput run. */
    private void memory() throws Exception {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-jar", jar.toString(), "--port=" + port, "--ephemeral")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForFirst200(port);
            long idle = rssMib(server);
            Wrk load = wrk(port, "/v1.0/demo/streaming/jobs/run", 10, "missing", MEASURE);
            long loaded = rssMib(server);
            line("");
            line("## 5. Memory");
            line("");
            line("Resident set size of `java -jar bootstrap/target/dlirun.jar --ephemeral` (default JVM settings), "
                    + "idle after start-up: **%d MiB**; after %d s of batch runs of 10 at %.0f requests/s: **%d MiB**.",
                    idle, MEASURE.toSeconds(), load.requestsPerSecond(), loaded);
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    private static long rssMib(Process process) throws IOException {
        String status = Files.readString(Path.of("/proc/" + process.pid() + "/status"));
        return status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L) / 1024;
    }

    // ------------------------------------------------------------------------------------------ DLI scaling

    private void dliScaling() {
        line("");
        line("## 2. Batch scaling through the DLI adapter, fake DLI answering each call after 20 ms");
        line("");
        line("A batch: a job-detail lookup per job (64 in flight), then the batch-run calls (chunks of 100). Ideal: "
                + "ceil(N / 64) x 20 ms + the batch-run round trips. Goal: within 1.5x of the ideal at N = 1000.");
        line("");
        line("| N | concurrency | median ms | min ms | max ms | ideal ms | of ideal |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        for (DliBatchScalingBenchmark.Row row : DliBatchScalingBenchmark.run()) {
            line("| %d | %d | %d | %d | %d | %d | %.2f |", row.n(), row.concurrency(), row.medianMs(), row.minMs(),
                    row.maxMs(), row.idealMs(), row.ratio());
        }
    }

    // ------------------------------------------------------------------------------------------ start-up

    private void startUp() throws Exception {
        List<Long> server = new ArrayList<>();
        List<Long> jvm = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < 5; i++) {
            int port = freePort();
            long start = System.nanoTime();
            Process process = new ProcessBuilder(java, "-jar", jar.toString(), "--port=" + port, "--ephemeral")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                waitForFirst200(port);
                server.add((System.nanoTime() - start) / 1_000_000);
            } finally {
                process.destroyForcibly().waitFor();
            }
            start = System.nanoTime();
            new ProcessBuilder(java, "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            jvm.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(server);
        Collections.sort(jvm);
        line("");
        line("## 3. Start-up");
        line("");
        line("From process start to the first 200 answer (`java -jar bootstrap/target/dlirun.jar --ephemeral`, "
                + "polling /health/live every 5 ms), median of 5. Goal: under one second.");
        line("");
        line("| what | median ms | min ms | max ms |");
        line("|---|---:|---:|---:|");
        line("| dlirun, first 200 | %d | %d | %d |", server.get(2), server.get(0), server.get(4));
        line("| baseline: `java -version` | %d | %d | %d |", jvm.get(2), jvm.get(0), jvm.get(4));
    }

    private static void waitForFirst200(int port) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
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
        throw new IllegalStateException("the server did not answer within 60 s");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** The benchmark server, its log (the access log among it) written to a file, as a log pipeline would take it. */
    private Process startBenchServer(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("bench-server", ".log");
        log.toFile().deleteOnExit();
        // The product's logging, not the tests': the access log is part of what a request costs.
        Process process = new ProcessBuilder(java, "-Xmx3g", "-Dlogback.configurationFile=logback.xml", "-cp",
                classpath, "dev.dlirun.bootstrap.BenchServer",
                Integer.toString(port), Long.toString(JOBS)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
