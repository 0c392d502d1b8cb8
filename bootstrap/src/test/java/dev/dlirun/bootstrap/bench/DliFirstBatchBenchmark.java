package dev.dlirun.bootstrap.bench;

import dev.dlirun.adapters.client.dli.FakeDli;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The first batch a fresh service sends to DLI: the packaged jar in a process of its own, {@code --backend dli}, in
 * front of a fake DLI (in this JVM) that answers every call after 20 ms and checks nothing but the route. Each round
 * starts the jar, waits until {@code /health/ready} answers (timed too: the DLI client's warm-up ends first), then
 * times a batch-run request of 1 000
 * job ids (1 000 look-ups and ten batch-run calls to DLI), then three more batches: the first next to the later
 * ones, and next to the ideal, {@code ceil(1000 / 64) x 20 ms + ceil(10 / 64) x 20 ms} = 340 ms.
 *
 * <p>Arguments: the jar, and how many fresh processes (default 5). Section 2b of the suite.
 */
public final class DliFirstBatchBenchmark {

    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final int JOBS = 1000;
    private static final int LATER = 3;
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** The medians over the rounds: the first batch of a fresh process, and the later ones. */
    public record Result(int rounds, long firstMedianMs, long firstMaxMs, long laterMedianMs, long idealMs,
                         long readyMedianMs) {
    }

    public static void main(String[] args) throws Exception {
        Result result = run(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 5);
        System.out.printf(Locale.ROOT, "first batch of %d ids on a fresh process: median %d ms (max %d); later batches: "
                        + "median %d ms; ideal %d ms; %d processes; ready after median %d ms%n", JOBS,
                result.firstMedianMs(), result.firstMaxMs(), result.laterMedianMs(), result.idealMs(), result.rounds(),
                result.readyMedianMs());
    }

    public static Result run(Path jar, int rounds) throws Exception {
        List<Long> first = new ArrayList<>();
        List<Long> later = new ArrayList<>();
        List<Long> ready = new ArrayList<>();
        try (FakeDli dli = FakeDli.start().answeringAfter(LATENCY)) {
            for (int round = 0; round < rounds; round++) {
                for (int batch = 0; batch <= LATER; batch++) {
                    ProjectId project = ProjectId.of("first-" + round + "-" + batch);
                    for (long id = 1; id <= JOBS; id++) {
                        dli.withJob(project, id, JobStatus.JOB_INIT, false);
                    }
                }
                int port = BenchmarkSuite.freePort();
                List<String> command = new ArrayList<>(List.of(JAVA));
                String flags = System.getProperty("bench.server.flags", "");
                if (!flags.isBlank()) {
                    command.addAll(List.of(flags.split(" ")));
                }
                command.addAll(List.of("-jar", jar.toString(), "--port=" + port, "--backend=dli",
                        "--dli-endpoint=" + dli.endpoint(), "--dli-ak=AKBENCH", "--dli-sk=SKBENCH"));
                long started = System.nanoTime();
                Process server = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    BenchmarkSuite.waitForFirst200(port, "/health/ready");
                    ready.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    HttpClient client = HttpClient.newHttpClient();
                    for (int batch = 0; batch <= LATER; batch++) {
                        long took = batch(client, port, "first-" + round + "-" + batch);
                        (batch == 0 ? first : later).add(took);
                    }
                } finally {
                    server.destroy();
                    if (!server.waitFor(30, TimeUnit.SECONDS)) {
                        server.destroyForcibly();
                    }
                }
            }
        }
        Collections.sort(first);
        Collections.sort(later);
        Collections.sort(ready);
        long ideal = LATENCY.toMillis() * (ceil(JOBS, 64) + ceil(ceil(JOBS, 100), 64));
        return new Result(rounds, first.get(first.size() / 2), first.get(first.size() - 1),
                later.get(later.size() / 2), ideal, ready.get(ready.size() / 2));
    }

    private static long batch(HttpClient client, int port, String project) throws Exception {
        String ids = LongStream.rangeClosed(1, JOBS).mapToObj(Long::toString).collect(Collectors.joining(","));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1.0/" + project
                        + "/streaming/jobs/run")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [" + ids + "]}")).build();
        long start = System.nanoTime();
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (answer.statusCode() != 200 || answer.body().contains("\"false\"")) {
            throw new IllegalStateException("the benchmark's batch did not go through: " + answer.statusCode() + " "
                    + answer.body().substring(0, Math.min(300, answer.body().length())));
        }
        return took;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
