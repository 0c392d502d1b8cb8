package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * How long a batch takes through the DLI adapter when DLI answers every call after 20 ms: one job-detail lookup per
 * job, then the batch-run calls, as a batch-run request does. Each size runs several times against a fresh project;
 * the table gives the median next to the ideal, {@code ceil(N / concurrency) x 20 ms} for the lookups plus the
 * batch-run round trips, and next to a sequential client (concurrency 1) measured in the same run.
 *
 * <p>A benchmark, not a test: run it with {@code ./mvnw -q -pl adapters-client -am -Pbench-dli verify -DskipTests}
 * (the benchmark suite, {@code bash .ci/bench}, runs it the same way: in a JVM of its own).
 */
public final class DliBatchScalingBenchmark {

    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final int RUNS = 5;

    /** One measured size: the median and spread of its runs, and the ideal. */
    public record Row(int n, int concurrency, long medianMs, long minMs, long maxMs, long idealMs) {
        public double ratio() {
            return (double) medianMs / idealMs;
        }
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "DLI adapter, fake DLI answering each call after %d ms; %s, %d cores%n",
                LATENCY.toMillis(), System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| N | concurrency | median ms | min ms | max ms | ideal ms | median / ideal |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : run()) {
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.2f |%n", row.n(), row.concurrency(),
                    row.medianMs(), row.minMs(), row.maxMs(), row.idealMs(), row.ratio());
        }
    }

    /** Every size with the default concurrency, then N = 1000 with a sequential client (one run). */
    public static List<Row> run() {
        int concurrency = 64;
        int chunkSize = 100;
        List<Row> rows = new ArrayList<>();
        try (FakeDli dli = FakeDli.start().answeringAfter(LATENCY)) {
            for (int n : new int[]{1, 10, 100, 1000}) {
                rows.add(measure(dli, n, concurrency, chunkSize, RUNS));
            }
            rows.add(measure(dli, 1000, 1, chunkSize, 1));
        }
        return rows;
    }

    private static Row measure(FakeDli dli, int n, int concurrency, int chunkSize, int runs) {
        DliSettings settings = DliSettings.defaults(dli.endpoint(), new DliCredentials.AkSk("AK", "SK"))
                .withConcurrency(concurrency).withChunkSize(chunkSize);
        List<Long> millis = new ArrayList<>();
        try (DliJobBackend adapter = new DliJobBackend(settings, Clock.systemUTC())) {
            // Warm-up: as many batches as measured runs (one for the sequential client, whose batch takes 20 s).
            for (int warmUp = 0; warmUp < runs; warmUp++) {
                batch(dli, adapter, n, "warm-up-" + n + "-" + concurrency + "-" + warmUp);
            }
            for (int run = 0; run < runs; run++) {
                millis.add(batch(dli, adapter, n, "p-" + n + "-" + concurrency + "-" + run));
            }
        }
        Collections.sort(millis);
        long median = millis.get(millis.size() / 2);
        int chunks = (n + chunkSize - 1) / chunkSize;
        long ideal = LATENCY.toMillis() * (ceil(n, concurrency) + ceil(chunks, concurrency));
        return new Row(n, concurrency, median, millis.get(0), millis.get(millis.size() - 1), ideal);
    }

    /** One batch-run's worth of calls: look every job up, then run them. Answers the wall time in ms. */
    private static long batch(FakeDli dli, DliJobBackend adapter, int n, String projectName) {
        ProjectId project = ProjectId.of(projectName);
        List<JobId> ids = LongStream.rangeClosed(1, n).mapToObj(JobId::of).toList();
        ids.forEach(id -> dli.withJob(project, id.value(), JobStatus.JOB_INIT, false));
        Deadline deadline = Deadline.after(Duration.ofMinutes(2));

        long start = System.nanoTime();
        Map<JobId, JobLookupResult> found = adapter.findJobs(project, ids, deadline);
        List<Job> jobs = found.values().stream().map(r -> ((JobLookupResult.Found) r).job()).toList();
        Map<JobId, JobOutcome> outcomes = adapter.submit(project, jobs, StartMode.FRESH, deadline);
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();

        if (outcomes.size() != n || !outcomes.values().stream().allMatch(JobOutcome::delivered)) {
            throw new IllegalStateException("the benchmark's batch did not go through: " + outcomes.values().stream()
                    .filter(o -> !o.delivered()).findFirst().map(JobOutcome::message).orElse("missing outcomes"));
        }
        return took;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
