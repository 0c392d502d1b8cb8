package dev.dlirun.bootstrap.bench;

import dev.dlirun.adapters.client.flink.FlinkSessionCluster;
import dev.dlirun.adapters.client.flink.cluster.LocalFlinkCluster;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobsOverviewHeaders;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The cost of isolation: the packaged jar as the README starts it, on its default engine (a local Flink cluster in
 * processes of its own, TLS, its own user when root) next to the same jar with {@code --flink-in-process} (Flink in the
 * service's JVM), in rounds taking turns, each on a fresh data directory: the time to the first answer and to
 * {@code /health/ready}, a demo job's run to {@code job_running} and its stop with a savepoint, and the resident memory
 * of the service and every process it started, with the demo's eight jobs running. Next to them, Flink's own cost of
 * the same: a plain Flink session cluster started from the same jars, and one REST call ({@code GET /jobs/overview})
 * through Flink's own client, over plain HTTP and over the local cluster's mutual TLS. Prints a markdown section.
 *
 * <p>Usage: {@code IsolationBenchmark <jar> <class-data archive> <flink-lib>}; {@code -Dbench.isolationRounds} rounds.
 */
public final class IsolationBenchmark {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final int ROUNDS = Integer.getInteger("bench.isolationRounds", 3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long[] DEMO = {131, 130, 138, 137, 139, 140, 141, 142};

    private final Path jar;
    private final Path archive;
    private final Map<String, Map<String, List<Long>>> results = new TreeMap<>();

    private IsolationBenchmark(Path jar, Path archive) {
        this.jar = jar;
        this.archive = archive;
    }

    public static void main(String[] args) throws Exception {
        IsolationBenchmark benchmark = new IsolationBenchmark(Path.of(args[0]), Path.of(args[1]));
        Path lib = Path.of(args[2]);
        for (int round = 0; round < ROUNDS; round++) {
            benchmark.engine("isolated", List.of());
            benchmark.engine("in-process", List.of("--flink-in-process"));
        }
        benchmark.print();
        restCalls(lib);
        System.exit(0);
    }

    private void record(String engine, String what, long value) {
        results.computeIfAbsent(what, w -> new TreeMap<>()).computeIfAbsent(engine, e -> new ArrayList<>()).add(value);
    }

    private void engine(String engine, List<String> flags) throws Exception {
        Path data = Files.createTempDirectory("bench-isolation");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx--x--x"));
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx512m", "-XX:MaxDirectMemorySize=256m",
                "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "--port=" + port,
                "--data-dir=" + data.resolve("data")));
        command.addAll(flags);
        long start = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            record(engine, "first answer", until(start, () -> status(port, "/health/live")));
            record(engine, "ready", until(start, () -> status(port, "/health/ready")));
            long run = System.nanoTime();
            post(port, "run", "{\"job_ids\": [131]}");
            record(engine, "run", until(run, () -> running(port, 131) ? 200 : 0));
            long stop = System.nanoTime();
            // The batch endpoints judge from the catalogue's index, which a detail read moments before may be ahead of:
            // a stop refused as job_submitting is sent again.
            until(stop, () -> tryPost(port, "stop", "{\"job_ids\": [131], \"trigger_savepoint\": true}"));
            record(engine, "stop", until(stop, () -> detail(port, 131).contains("\"job_cancel_success\"") ? 200 : 0));
            long second = System.nanoTime();
            post(port, "run", "{\"job_ids\": [130]}");
            record(engine, "run again", until(second, () -> running(port, 130) ? 200 : 0));
            List<Long> others = Arrays.stream(DEMO).filter(id -> id != 130).boxed().toList();
            post(port, "run", "{\"job_ids\": " + others + "}");
            for (long id : DEMO) {
                until(System.nanoTime(), () -> running(port, id) ? 200 : 0);
            }
            Thread.sleep(10_000);
            record(engine, "memory", rssMib(server.toHandle()));
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
            server.destroyForcibly();
            delete(data);
        }
    }

    /** Milliseconds from {@code start} until {@code probe} answers 200 (asked every 10 ms, two minutes at most). */
    private static long until(long start, LongSupplier probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (probe.getAsLong() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within two minutes");
            }
            Thread.sleep(10);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The status of {@code GET path} on the service at {@code port} of this machine; 0 when it does not answer. */
    static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String detail(int port, long id) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/v1.0/demo/streaming/jobs/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static boolean running(int port, long id) {
        String detail = detail(port, id);
        if (detail.contains("\"job_submit_fail\"") || detail.contains("\"job_running_exception\"")) {
            throw new IllegalStateException("demo job " + id + " failed: " + detail);
        }
        return detail.contains("\"job_running\"");
    }

    private static long tryPost(int port, String operation, String body) {
        try {
            post(port, operation, body);
            return 200;
        } catch (IllegalStateException refused) {
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void post(int port, String operation, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1.0/demo/streaming/jobs/" + operation)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || answer.body().contains("\"false\"")) {
            throw new IllegalStateException(operation + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** The resident memory of a process and of every process it started, in MiB. */
    static long rssMib(ProcessHandle process) {
        long kib = java.util.stream.Stream.concat(java.util.stream.Stream.of(process), process.descendants())
                .mapToLong(handle -> {
                    try {
                        return Files.readAllLines(Path.of("/proc/" + handle.pid() + "/status")).stream()
                                .filter(line -> line.startsWith("VmRSS:")).findFirst()
                                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(0L);
                    } catch (IOException gone) {
                        return 0;
                    }
                }).sum();
        return kib / 1024;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private void print() {
        System.out.println("| what | isolated (default) | in-process | isolated / in-process |");
        System.out.println("|---|---:|---:|---:|");
        String[][] rows = {{"first answer", "start to the first answer, ms"}, {"ready", "start to `/health/ready`, ms"},
                {"run", "run → `job_running`, the first job (demo job 131), ms"},
                {"run again", "run → `job_running`, the next job (demo job 130), ms"},
                {"stop", "stop with a savepoint → `job_cancel_success`, ms"},
                {"memory", "resident memory with the demo's 8 jobs running (the service and its processes), MiB"}};
        for (String[] row : rows) {
            Map<String, List<Long>> measured = results.get(row[0]);
            long isolated = median(measured.get("isolated"));
            long inProcess = median(measured.get("in-process"));
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f |%n", row[1], isolated, inProcess,
                    (double) isolated / inProcess);
        }
        System.out.println();
        System.out.println("Rounds (isolated / in-process): " + String.join("; ", results.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue().get("isolated") + " / "
                        + entry.getValue().get("in-process")).toList()) + ".");
    }

    /**
     * Flink's own numbers: a plain session cluster from the same jars (its start), and one REST call through Flink's
     * own client, plainly and over the local cluster's mutual TLS, 300 calls each after 100 of warm-up, taking turns.
     */
    private static void restCalls(Path lib) throws Exception {
        Path root = Files.createTempDirectory("bench-rest");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        String classPath = String.join(java.io.File.pathSeparator, Files.list(lib).map(Path::toString).sorted()
                .toList());
        List<String> flags = Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                .filter(flag -> !flag.isBlank()).toList();
        long plainStart = System.nanoTime();
        try (FlinkSessionCluster plain = FlinkSessionCluster.start(root.resolve("plain"), 16, classPath, flags)) {
            long plainStarted = (System.nanoTime() - plainStart) / 1_000_000;
            long tlsStart = System.nanoTime();
            try (LocalFlinkCluster tls = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(root.resolve("tls"),
                    root.resolve("secrets"), lib, 16, OsUser.byDefault()))) {
                long tlsStarted = (System.nanoTime() - tlsStart) / 1_000_000;
                Configuration plainClient = new Configuration();
                plainClient.set(RestOptions.ADDRESS, plain.rest().getHost());
                plainClient.set(RestOptions.PORT, plain.rest().getPort());
                try (RestClusterClient<String> overPlain = new RestClusterClient<>(plainClient, "bench");
                     RestClusterClient<String> overTls = new RestClusterClient<>(tls.clientConfiguration(), "bench")) {
                    List<Long> plainCalls = new ArrayList<>();
                    List<Long> tlsCalls = new ArrayList<>();
                    for (int i = 0; i < 400; i++) {
                        long a = call(overPlain);
                        long b = call(overTls);
                        if (i >= 100) {
                            plainCalls.add(a);
                            tlsCalls.add(b);
                        }
                    }
                    System.out.println();
                    System.out.println("| Flink itself | plain | the local cluster's (TLS, client keys) | ratio |");
                    System.out.println("|---|---:|---:|---:|");
                    System.out.printf(Locale.ROOT, "| a session cluster's start (JobManager and TaskManager up, 16 "
                            + "slots), ms | %d | %d | %.2f |%n", plainStarted, tlsStarted,
                            (double) tlsStarted / plainStarted);
                    double plainMedian = median(plainCalls) / 1000.0;
                    double tlsMedian = median(tlsCalls) / 1000.0;
                    System.out.printf(Locale.ROOT, "| one REST call (`GET /jobs/overview` through Flink's client, which "
                            + "opens a connection per call), median ms | %.2f | %.2f | %.2f |%n", plainMedian, tlsMedian,
                            tlsMedian / plainMedian);
                }
            }
        } finally {
            delete(root);
        }
    }

    /** One call's time, in microseconds. */
    private static long call(RestClusterClient<String> client) throws Exception {
        long start = System.nanoTime();
        client.sendRequest(JobsOverviewHeaders.getInstance(), EmptyMessageParameters.getInstance(),
                EmptyRequestBody.getInstance()).get(10, TimeUnit.SECONDS);
        return (System.nanoTime() - start) / 1000;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
