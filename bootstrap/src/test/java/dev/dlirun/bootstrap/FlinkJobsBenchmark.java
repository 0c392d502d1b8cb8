package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.bootstrap.bench.FlinkBaseline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.stream.LongStream;

/**
 * Jobs on Flink, the service next to Flink itself on the same embedded cluster, in rounds taking turns. The service
 * runs in this JVM as main() wires it (its Flink embedded), driven over HTTP as a caller drives it (a run, then its
 * detail every 10 ms until {@code job_running}); the baseline is {@link FlinkBaseline}, a process of its own that
 * does the same with a bare {@code TableEnvironment} and Flink's own REST client, on the same cluster. Prints a
 * markdown section for the benchmark suite's report.
 */
public final class FlinkJobsBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.flinkRounds", 5);
    private static final int BATCH = 20;
    private static final String PROJECT = "bench";
    private static final Duration SOON = Duration.ofMinutes(2);
    /** A stateful job: a running count per key, its state what a savepoint keeps. */
    private static final String SQL = """
            CREATE TABLE events (k INT, ts AS PROCTIME()) WITH (
              'connector' = 'datagen', 'rows-per-second' = '100', 'fields.k.min' = '1', 'fields.k.max' = '100');
            CREATE TABLE counts (k INT, c BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO counts SELECT k, COUNT(*) OVER (
              PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM events""";

    private final RunningService service;
    private final Process baselineProcess;
    private final BufferedReader baselineOut;
    private final PrintWriter baselineIn;
    private final Path sqlFile;

    private FlinkJobsBenchmark(RunningService service, Process baseline, Path sqlFile) {
        this.service = service;
        this.baselineProcess = baseline;
        this.baselineOut = new BufferedReader(new InputStreamReader(baseline.getInputStream(), StandardCharsets.UTF_8));
        this.baselineIn = new PrintWriter(baseline.getOutputStream(), true, StandardCharsets.UTF_8);
        this.sqlFile = sqlFile;
    }

    /**
     * Where the table goes: the process's standard output as it was before the service started (Flink in this process
     * makes whatever is printed to System.out a job's output in the log).
     */
    private static final java.io.PrintStream REPORT = System.out;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bench-flink");
        // The local cluster's processes run as the jobs' user, who must pass through to the data directory inside.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        List<String> jobs = new ArrayList<>();
        for (long id : LongStream.concat(LongStream.of(1, 2), LongStream.rangeClosed(101, 100 + BATCH)).toArray()) {
            jobs.add(FlinkEndToEndTest.sqlJob(PROJECT, id, SQL, ""));
        }
        Path jobsFile = Files.writeString(dir.resolve("jobs.json"), "[" + String.join(",", jobs) + "]");
        // One project runs all the jobs, next to Flink itself with no such limit: no per-project quota (--project-slots 0).
        RunningService service = new RunningService(ServerConfig.simulated(0)
                .withBackend(new Backend.Flink(new FlinkSettings.Embedded(32, 0), Optional.empty(), Optional.empty(),
                        Optional.empty(), FlinkSettings.defaultConnectors(), Set.of()))
                .withDataDirectory(dir.resolve("data")).withJobsFile(jobsFile).withReadinessCache(Duration.ZERO));
        try {
            long deadline = System.nanoTime() + SOON.toNanos();
            while (service.get("/health/ready").status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Flink did not start");
                }
                Thread.sleep(50);
            }
            URI rest = LocalServers.flinkRest(service.server).orElseThrow();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                    .filter(flag -> !flag.isBlank()).toList());
            command.addAll(List.of("-cp",
                    System.getProperty("bench.classpath", System.getProperty("java.class.path")),
                    FlinkBaseline.class.getName(), rest.getHost(), Integer.toString(rest.getPort())));
            Process baseline = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                FlinkJobsBenchmark benchmark = new FlinkJobsBenchmark(service, baseline,
                        Files.writeString(dir.resolve("job.sql"), SQL));
                benchmark.expect("ready");
                benchmark.measure();
            } finally {
                baseline.destroyForcibly();
            }
        } finally {
            service.close();
            ScratchDirectory.delete(dir);
        }
        System.exit(0);
    }

    private String expect(String prefix) throws Exception {
        String line = baselineOut.readLine();
        while (line != null && !line.startsWith(FlinkBaseline.ANSWER)) {
            line = baselineOut.readLine();
        }
        line = line == null ? null : line.substring(FlinkBaseline.ANSWER.length());
        if (line == null || !line.startsWith(prefix)) {
            throw new IllegalStateException("the baseline answered " + line + " (exit "
                    + (baselineProcess.isAlive() ? "none" : baselineProcess.exitValue()) + ")");
        }
        return line;
    }

    /** Runs the baseline's command and answers its answer's words. */
    private String[] baseline(String command, String answer) throws Exception {
        baselineIn.println(command);
        return expect(answer).split(" ");
    }

    // ------------------------------------------------------------------------------------------ the service

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private long run(List<Long> ids, boolean resume) throws Exception {
        long start = System.nanoTime();
        var answer = service.run(PROJECT, "{\"job_ids\": " + ids + ", \"resume_savepoint\": " + resume + "}");
        for (JsonNode outcome : answer.json()) {
            if (!outcome.get("is_success").asText().equals("true")) {
                throw new IllegalStateException("a run was refused: " + answer.json());
            }
        }
        for (long id : ids) {
            service.awaitStatus(PROJECT, id, "job_running", SOON, Duration.ofMillis(10));
        }
        return millisSince(start);
    }

    /** A run that prefers to wait: the time until its answer, which says every job runs. */
    private long runWaiting(List<Long> ids) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        service.baseUrl() + "/v1.0/" + PROJECT + "/streaming/jobs/run"))
                .header("Content-Type", "application/json").header("Prefer", "wait=60")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": " + ids + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long took = millisSince(start);
        for (JsonNode outcome : new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body())) {
            if (!outcome.path("status").asText().equals("job_running")) {
                throw new IllegalStateException("a run that waited answered " + answer.body());
            }
        }
        return took;
    }

    /** A run, then the detail of each job every 100 ms (as a polling caller does) until all say it runs. */
    private long runPolling(List<Long> ids) throws Exception {
        long start = System.nanoTime();
        service.run(PROJECT, "{\"job_ids\": " + ids + "}");
        for (long id : ids) {
            service.awaitStatus(PROJECT, id, "job_running", SOON, Duration.ofMillis(100));
        }
        return millisSince(start);
    }

    private long stop(List<Long> ids, boolean withSavepoint) throws Exception {
        long start = System.nanoTime();
        service.stop(PROJECT, "{\"job_ids\": " + ids + ", \"trigger_savepoint\": " + withSavepoint + "}");
        for (long id : ids) {
            service.awaitStatus(PROJECT, id, "job_cancel_success", SOON, Duration.ofMillis(10));
        }
        return millisSince(start);
    }

    // ------------------------------------------------------------------------------------------ the rounds

    private void measure() throws Exception {
        // Warm-up: a cycle of each, not counted.
        run(List.of(1L), false);
        stop(List.of(1L), false);
        String warm = baseline("run " + sqlFile, "ran")[1];
        baseline("cancel " + warm, "cancelled");

        List<Long> ours = new ArrayList<>();
        List<Long> flink = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long service = run(List.of(1L), false);
            stop(List.of(1L), false);
            String[] ran = baseline("run " + sqlFile, "ran");
            baseline("cancel " + ran[1], "cancelled");
            ours.add(service);
            flink.add(Long.parseLong(ran[2]));
            ratios.add((double) service / Long.parseLong(ran[2]));
        }

        List<Long> batches = new ArrayList<>();
        List<Long> batchIds = LongStream.rangeClosed(101, 100 + BATCH).boxed().toList();
        for (int round = 0; round < Math.max(1, ROUNDS / 2); round++) {
            batches.add(run(batchIds, false));
            stop(batchIds, false);
        }

        List<Long> ourStops = new ArrayList<>();
        List<Long> ourResumes = new ArrayList<>();
        List<Long> flinkStops = new ArrayList<>();
        List<Long> flinkResumes = new ArrayList<>();
        List<Double> stopRatios = new ArrayList<>();
        List<Double> resumeRatios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            run(List.of(2L), false);
            Thread.sleep(1000);
            long stopped = stop(List.of(2L), true);
            long resumed = run(List.of(2L), true);
            stop(List.of(2L), false);

            String job = baseline("run " + sqlFile, "ran")[1];
            Thread.sleep(1000);
            String[] stop = baseline("stop " + job + " " + savepointDirectory().toUri(), "stopped");
            String[] restore = baseline("run " + sqlFile + " " + stop[1], "ran");
            baseline("cancel " + restore[1], "cancelled");

            ourStops.add(stopped);
            ourResumes.add(resumed);
            flinkStops.add(Long.parseLong(stop[2]));
            flinkResumes.add(Long.parseLong(restore[2]));
            stopRatios.add((double) stopped / Long.parseLong(stop[2]));
            resumeRatios.add((double) resumed / Long.parseLong(restore[2]));
        }

        // Batches: stop 20 with savepoints in one request, next to Flink stopping all 20 at once; resume the 20 in one
        // request, next to Flink restoring them one after the other.
        List<Long> ourBatchStops = new ArrayList<>();
        List<Long> ourBatchResumes = new ArrayList<>();
        List<Long> flinkBatchStops = new ArrayList<>();
        List<Long> flinkBatchResumes = new ArrayList<>();
        for (int round = 0; round < Math.max(1, ROUNDS / 2); round++) {
            run(batchIds, false);
            Thread.sleep(1000);
            ourBatchStops.add(stop(batchIds, true));
            ourBatchResumes.add(run(batchIds, true));
            stop(batchIds, false);

            List<String> flinkJobs = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                flinkJobs.add(baseline("run " + sqlFile, "ran")[1]);
            }
            Thread.sleep(1000);
            String[] stopped = baseline("stopall " + savepointDirectory().toUri() + " " + String.join(" ", flinkJobs),
                    "stoppedall");
            flinkBatchStops.add(Long.parseLong(stopped[1]));
            long restoring = 0;
            for (int i = 0; i < BATCH; i++) {
                String[] restored = baseline("run " + sqlFile + " " + stopped[2 + i], "ran");
                restoring += Long.parseLong(restored[2]);
                baseline("cancel " + restored[1], "cancelled");
            }
            flinkBatchResumes.add(restoring);
        }

        // A caller who waits for the answer, next to one who polls the detail every 100 ms, rounds taking turns.
        List<Long> waited = new ArrayList<>();
        List<Long> polled = new ArrayList<>();
        List<Long> waitedBatch = new ArrayList<>();
        List<Long> polledBatch = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            waited.add(runWaiting(List.of(1L)));
            stop(List.of(1L), false);
            polled.add(runPolling(List.of(1L)));
            stop(List.of(1L), false);
        }
        for (int round = 0; round < Math.max(1, ROUNDS / 2); round++) {
            waitedBatch.add(runWaiting(batchIds));
            stop(batchIds, false);
            polledBatch.add(runPolling(batchIds));
            stop(batchIds, false);
        }

        print("| run → `job_running`, 1 SQL job | %d | %d | %.2f | ≤ 1.2 |", median(ours), median(flink),
                medianRatio(ratios));
        print("| stop with a savepoint → `job_cancel_success` | %d | %d | %.2f | |", median(ourStops),
                median(flinkStops), medianRatio(stopRatios));
        print("| resume from the savepoint → `job_running` | %d | %d | %.2f | |", median(ourResumes),
                median(flinkResumes), medianRatio(resumeRatios));
        print("| run → all `job_running`, %d SQL jobs in one request | %d | %d (%d × 1 job) | %.2f | well under 1 |",
                BATCH, median(batches), BATCH * median(ours), BATCH, (double) median(batches) / (BATCH * median(ours)));
        print("| stop with savepoints → all `job_cancel_success`, %d jobs in one request | %d | %d (all %d at once) "
                + "| %.2f | |", BATCH, median(ourBatchStops), median(flinkBatchStops), BATCH,
                (double) median(ourBatchStops) / median(flinkBatchStops));
        print("| resume from their savepoints → all `job_running`, %d jobs in one request | %d | %d (%d × 1 restore) "
                + "| %.2f | |", BATCH, median(ourBatchResumes), median(flinkBatchResumes), BATCH,
                (double) median(ourBatchResumes) / median(flinkBatchResumes));
        print("| run with `Prefer: wait=60` → its answer, 1 job | %d | %d (polling the detail every 100 ms) | %.2f "
                + "| |", median(waited), median(polled), (double) median(waited) / median(polled));
        print("| the same, %d jobs in one request | %d | %d (polling each every 100 ms) | %.2f | |", BATCH,
                median(waitedBatch), median(polledBatch), (double) median(waitedBatch) / median(polledBatch));
        print("rounds=%d", ROUNDS);
    }

    private static Path savepointDirectory() throws Exception {
        return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "bench-baseline-savepoints"));
    }

    private static void print(String format, Object... values) {
        REPORT.println(String.format(Locale.ROOT, format, values));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double medianRatio(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
