package dev.dlirun.bootstrap.bench;

import java.io.BufferedWriter;
import java.io.IOException;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs managed through the API, on a catalogue of 100 000 jobs (issue 13), next to the run endpoint in the same run:
 * the latency of one list page of 100 (each filter, and a page deep into the catalogue) against that of a batch run of
 * 10 refused ids, one caller at a time; and creates per second against runs per second, 8 callers at once, rounds
 * taking turns. The service is the packaged jar in a process of its own (H2 catalogue, simulated runs), the jobs
 * imported from a jobs file at its start. Prints a Markdown table; run it alone with
 * {@code java -cp <test classpath> dev.dlirun.bootstrap.bench.JobDefinitionsBenchmark <dlirun.jar>}, or as section 7
 * of {@link BenchmarkSuite}.
 */
public final class JobDefinitionsBenchmark {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final int JOBS = 100_000;
    private static final String PROJECT = "bench";
    private static final int SAMPLES = 300;
    private static final int WARM_UP = 100;
    private static final int CALLERS = 8;
    private static final Duration ROUND = Duration.ofSeconds(10);
    private static final int ROUNDS = 3;
    private static final String[] STATUSES = {"job_init", "job_cancel_success", "job_finish", "job_submit_fail"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final AtomicLong created = new AtomicLong();
    private long touched;
    private final AtomicLong closedConnections = new AtomicLong();

    private JobDefinitionsBenchmark(int port) {
        this.base = "http://127.0.0.1:" + port + "/v1.0/" + PROJECT + "/streaming/";
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path data = Files.createTempDirectory("dlirun-definitions-bench");
        Path jobs = jobsFile(data.resolve("jobs.json"));
        int port = BenchmarkSuite.freePort();
        Process server = new ProcessBuilder(JAVA, "-Xmx1g", "-jar", jar.toString(), "--port", Integer.toString(port),
                "--engine", "simulated", "--launch-delay", "3600s", "--data-dir", data.resolve("data").toString(),
                "--jobs", jobs.toString()).redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile())
                .start();
        try {
            JobDefinitionsBenchmark bench = new JobDefinitionsBenchmark(port);
            bench.awaitReady(port, server);
            for (String row : bench.measure()) {
                System.out.println(row);
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    private static Path jobsFile(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("[");
            for (int i = 1; i <= JOBS; i++) {
                out.write((i > 1 ? ",\n" : "") + "{\"project_id\": \"" + PROJECT + "\", \"job_id\": " + i
                        + ", \"name\": \"bench-" + i + "\", \"job_type\": \"flink_opensource_sql_job\", \"status\": \""
                        + STATUSES[i % STATUSES.length] + "\", \"has_savepoint\": false, \"sql_body\": \"SELECT 1\"}");
            }
            out.write("]");
        }
        return file;
    }

    private void awaitReady(int port, Process server) throws Exception {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < giveUp && server.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not get ready within 3 minutes (exited: "
                + !server.isAlive() + "); see its log");
    }

    private List<String> measure() throws Exception {
        List<String> rows = new ArrayList<>();
        // Throughput first: the jobs it creates carry the queues and tags the list filters look for.
        List<Double> creates = new ArrayList<>();
        List<Double> runs = new ArrayList<>();
        throughput(this::create, ROUND);
        throughput(this::refusedRun, ROUND);
        for (int round = 0; round < ROUNDS; round++) {
            creates.add(throughput(this::create, ROUND));
            runs.add(throughput(this::refusedRun, ROUND));
        }
        double createsPerSecond = BenchmarkSuite.medianOf(creates);
        double runsPerSecond = BenchmarkSuite.medianOf(runs);
        rows.add(String.format(Locale.ROOT, "| creates/s, %d callers (SQL job, queue and tag) | %.0f | %.0f | %.2f |",
                CALLERS, createsPerSecond, runsPerSecond, createsPerSecond / runsPerSecond));

        long[] run = latencies(this::refusedRun, () -> { });
        String[][] pages = {
                {"newest page of 100, no filter", "jobs?limit=100"},
                {"status=job_finish", "jobs?limit=100&status=job_finish"},
                {"queue_name=q-3", "jobs?limit=100&queue_name=q-3"},
                {"name prefix bench-9", "jobs?limit=100&name=bench-9"},
                {"tags=team=t1", "jobs?limit=100&tags=team%3Dt1"},
                {"oldest first, offset 50 000", "jobs?limit=100&order=asc&offset=50000"},
                {"newest page of 100, show_detail=true", "jobs?limit=100&show_detail=true"}};
        for (String[] page : pages) {
            String path = page[1];
            // H2 answers a query it answered before from its cache until a table changes: a job changed before
            // each sample (not timed) keeps every page read from the catalogue, as a busy service's would be.
            long[] list = latencies(() -> get(path), this::touch);
            rows.add(String.format(Locale.ROOT, "| list p50 ms: %s | %.2f | %.2f | %.2f |", page[0], list[0] / 1e6,
                    run[0] / 1e6, (double) list[0] / run[0]));
            rows.add(String.format(Locale.ROOT, "| list p99 ms: %s | %.2f | %.2f | %.2f |", page[0], list[1] / 1e6,
                    run[1] / 1e6, (double) list[1] / run[1]));
        }
        rows.add("rounds=" + ROUNDS + ", " + (JOBS + created.get()) + " jobs at the end, " + closedConnections.get()
                + " calls lost to a connection closed under them (not counted)");
        return rows;
    }

    @FunctionalInterface
    private interface Call {
        void send() throws Exception;
    }

    /** Calls per second of {@code call} by {@link #CALLERS} callers at once for {@code duration}. */
    private double throughput(Call call, Duration duration) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                all.add(callers.submit(() -> {
                    while (System.nanoTime() < end) {
                        if (sendOnce(call)) {
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> caller : all) {
                caller.get();
            }
        } finally {
            callers.shutdownNow();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * The median and the 99th percentile, in nanoseconds, of {@code call} made one at a time, each after
     * {@code before} (not timed).
     */
    private long[] latencies(Call call, Call before) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            sendOnce(before);
            sendOnce(call);
        }
        long[] took = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; ) {
            sendOnce(before);
            long start = System.nanoTime();
            if (sendOnce(call)) {
                took[i++] = System.nanoTime() - start;
            }
        }
        Arrays.sort(took);
        return new long[]{took[SAMPLES / 2], took[SAMPLES * 99 / 100]};
    }

    /**
     * Sends {@code call}; answers false when its connection was closed under it (the JDK client reusing a keep-alive
     * connection the server had just closed), which is counted and reported, not measured.
     */
    private boolean sendOnce(Call call) throws Exception {
        try {
            call.send();
            return true;
        } catch (IOException e) {
            closedConnections.incrementAndGet();
            return false;
        }
    }

    private void create() throws Exception {
        long n = created.incrementAndGet();
        String body = "{\"name\": \"made-" + n + "\", \"sql_body\": \"SELECT 1\", \"queue_name\": \"q-" + (n % 10)
                + "\", \"tags\": [{\"key\": \"team\", \"value\": \"t" + (n % 5) + "\"}]}";
        expect(200, http.send(HttpRequest.newBuilder(URI.create(base + "sql-jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /** Changes one job (its description), so that no page is answered from H2's cache of query results. */
    private void touch() throws Exception {
        expect(200, http.send(HttpRequest.newBuilder(URI.create(base + "sql-jobs/" + (1 + touched++ % JOBS)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"desc\": \"touched " + touched + "\"}")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** A batch run of 10 ids that do not exist: the run endpoint's refused path. */
    private void refusedRun() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "jobs/run"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"job_ids\": [900001, 900002, 900003, 900004, 900005, 900006, 900007, 900008, 900009, "
                                + "900010]}")).build(), HttpResponse.BodyHandlers.ofString());
        expect(200, answer);
        if (!answer.body().contains("does not exist")) {
            throw new IllegalStateException("the run was not refused: " + answer.body());
        }
    }

    private void get(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(200, answer);
        if (!answer.body().contains("\"job_id\"")) {
            throw new IllegalStateException("the page of " + path + " holds no job: " + answer.body());
        }
    }

    private static void expect(int status, HttpResponse<String> answer) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException("HTTP " + answer.statusCode() + ": " + answer.body());
        }
    }
}
