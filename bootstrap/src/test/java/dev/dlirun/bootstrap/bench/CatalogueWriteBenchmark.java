package dev.dlirun.bootstrap.bench;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.bootstrap.BenchServer;
import dev.dlirun.bootstrap.ScratchDirectory;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable catalogue's own ceiling for the writes a submission makes, with no HTTP and no engine around it:
 * {@link JdbcJobCatalogue#updateAll} moving jobs between {@code job_init} and {@code job_submitting} (every run column
 * written, the two status indexes changed, as a claim and a launch report do), on the service's H2 file of
 * {@value #JOBS} jobs, committed to the file before each call returns. Two ways to write: batches of 10 from 16
 * threads, one transaction each (as the run endpoint writes); and batches of 5 000 from one thread (what a writer
 * grouping every caller's changes into large transactions could at best do).
 *
 * <p>Prints one table row per way ({@code | ... |}) and a {@code rounds=} line; {@code BenchmarkSuite} runs it in a
 * JVM of its own.
 */
public final class CatalogueWriteBenchmark {

    private static final long JOBS = 1_000_000;
    private static final long ROWS_PER_ROUND = 100_000;
    private static final int ROUNDS = 3;

    private CatalogueWriteBenchmark() {
    }

    private record Way(String what, int batch, int threads) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("bench-catalogue-writes");
        try {
            BenchServer.seedH2(data, JOBS);
            List<Way> ways = List.of(new Way("batches of 10, 16 threads, a transaction each", 10, 16),
                    new Way("batches of 5 000, one thread, a transaction each", 5_000, 1));
            try (JdbcJobCatalogue catalogue = JdbcJobCatalogue.inDirectory(data)) {
                AtomicLong next = new AtomicLong(1);
                List<List<Double>> rates = new ArrayList<>();
                for (Way way : ways) {
                    rates.add(new ArrayList<>());
                }
                // A round of each to warm up, not counted; then the ways take turns.
                for (int round = -1; round < ROUNDS; round++) {
                    for (int i = 0; i < ways.size(); i++) {
                        double rate = rowsPerSecond(catalogue, ways.get(i), next);
                        if (round >= 0) {
                            rates.get(i).add(rate);
                        }
                    }
                }
                for (int i = 0; i < ways.size(); i++) {
                    List<Double> measured = rates.get(i);
                    double median = measured.stream().sorted().toList().get(measured.size() / 2);
                    System.out.println(String.format(Locale.ROOT, "| %s | %.0f | %.0f-%.0f | %.0f |", ways.get(i).what(),
                            median, measured.stream().mapToDouble(d -> d).min().orElseThrow(),
                            measured.stream().mapToDouble(d -> d).max().orElseThrow(), median / 2 / 10));
                }
                System.out.println(String.format(Locale.ROOT, "rounds=%d rounds of %,d rows per way", ROUNDS, ROWS_PER_ROUND)
                        .replace(',', ' '));
            }
        } finally {
            ScratchDirectory.delete(data);
        }
    }

    /** Moves {@value #ROWS_PER_ROUND} jobs, from {@code next} on, to the other of the two statuses; answers rows/s. */
    private static double rowsPerSecond(JdbcJobCatalogue catalogue, Way way, AtomicLong next) throws Exception {
        ProjectId bench = ProjectId.of("bench");
        long first = next.getAndAdd(ROWS_PER_ROUND);
        long end = first + ROWS_PER_ROUND;
        AtomicLong from = new AtomicLong(first);
        ExecutorService pool = Executors.newFixedThreadPool(way.threads());
        long started = System.nanoTime();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < way.threads(); t++) {
                writers.add(pool.submit(() -> {
                    for (long start; (start = from.getAndAdd(way.batch())) < end; ) {
                        List<JobId> ids = new ArrayList<>(way.batch());
                        for (long id = start; id < Math.min(end, start + way.batch()); id++) {
                            ids.add(JobId.of((id - 1) % JOBS + 1));
                        }
                        long now = System.currentTimeMillis();
                        catalogue.updateAll(bench, ids, job -> job.with(JobRun.initial(
                                job.status() == JobStatus.JOB_INIT ? JobStatus.JOB_SUBMITTING : JobStatus.JOB_INIT,
                                false, null, now)));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return ROWS_PER_ROUND / ((System.nanoTime() - started) / 1e9);
    }
}
