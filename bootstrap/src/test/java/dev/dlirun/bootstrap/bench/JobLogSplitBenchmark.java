package dev.dlirun.bootstrap.bench;

import dev.dlirun.adapters.client.flink.TestJars;
import dev.dlirun.adapters.client.flink.cluster.LocalFlinkCluster;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cost of the per-job log split: a logging-heavy job (every event one INFO record of its own, from a function in
 * its TaskManager's task thread, which carries the job's id) on the local cluster as the service starts it, with each
 * job's records split into files of its own (the default) and without (every record to the process's log), side by side
 * in one run: clusters started in turns, each running the job once to warm up, then {@link #RUNS} measured runs. Events
 * per second are the job's events over its time from RUNNING to FINISHED, as Flink reports it. Prints a markdown table.
 *
 * <p>Usage: {@code JobLogSplitBenchmark <flink-lib>}; {@code -Dbench.logEvents} events a run (300 000),
 * {@code -Dbench.logRounds} rounds (2).
 */
public final class JobLogSplitBenchmark {

    private static final long EVENTS = Long.getLong("bench.logEvents", 300_000);
    private static final int ROUNDS = Integer.getInteger("bench.logRounds", 2);
    private static final int RUNS = 3;
    private static final String MAIN_CLASS = "example.LoggingJob";
    private static final String SOURCE = """
            package example;

            import org.apache.flink.api.common.eventtime.WatermarkStrategy;
            import org.apache.flink.api.common.functions.MapFunction;
            import org.apache.flink.api.common.typeinfo.Types;
            import org.apache.flink.connector.datagen.source.DataGeneratorSource;
            import org.apache.flink.connector.datagen.source.GeneratorFunction;
            import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
            import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
            import org.slf4j.Logger;
            import org.slf4j.LoggerFactory;

            /** Logs every one of {@code args[0]} events at INFO, as fast as it can. */
            public class LoggingJob {
                public static void main(String[] args) throws Exception {
                    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                    env.setParallelism(1);
                    DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(
                            (GeneratorFunction<Long, Long>) index -> index, Long.parseLong(args[0]), Types.LONG);
                    env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                            .map(new Logging())
                            .sinkTo(new DiscardingSink<>());
                    env.execute("logging");
                }

                public static class Logging implements MapFunction<Long, Long> {
                    private static final Logger LOG = LoggerFactory.getLogger(Logging.class);

                    @Override
                    public Long map(Long n) {
                        LOG.info("event {} of the logging job, with some text to make the record as long as a real one", n);
                        return n;
                    }
                }
            }
            """;

    private JobLogSplitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path lib = Path.of(args[0]).toAbsolutePath();
        Path root = Files.createTempDirectory("bench-job-logs");
        // As an operator leaves the place of a data directory: the local cluster's user may pass through it.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        Path jar = TestJars.jar(Files.createDirectories(root.resolve("jars")), "logging-job.jar", MAIN_CLASS, SOURCE);
        Map<String, List<Double>> rates = new TreeMap<>();
        long largest = 0;
        double bytesPerRecord = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (boolean split : new boolean[]{true, false}) {
                LocalFlinkCluster.Settings settings = new LocalFlinkCluster.Settings(
                        root.resolve("cluster-" + round + "-" + split), root.resolve("secrets"), lib, 2,
                        OsUser.byDefault());
                try (LocalFlinkCluster cluster = LocalFlinkCluster.start(split ? settings : settings.withoutJobLogs());
                     RestClusterClient<String> flink = new RestClusterClient<>(cluster.clientConfiguration(), "bench")) {
                    run(flink, jar);
                    for (int i = 0; i < RUNS; i++) {
                        rates.computeIfAbsent(split ? "split" : "one log", key -> new ArrayList<>())
                                .add(run(flink, jar));
                    }
                    if (split) {
                        try (Stream<Path> jobs = Files.list(settings.directory().resolve("log/jobs"))) {
                            if (jobs.count() != RUNS + 1) {
                                throw new IllegalStateException("each run's records in files of its own");
                            }
                        }
                        try (Stream<Path> files = Files.walk(settings.directory().resolve("log/jobs"))) {
                            for (Path file : files.filter(Files::isRegularFile).toList()) {
                                largest = Math.max(largest, Files.size(file));
                                if (file.getFileName().toString().equals("taskmanager.log.1")) {
                                    bytesPerRecord = (double) Files.size(file) / Files.readAllLines(file).size();
                                }
                            }
                        }
                    }
                }
            }
        }
        double split = median(rates.get("split"));
        double whole = median(rates.get("one log"));
        System.out.printf(Locale.ROOT, "Rounds: %d, %d measured runs of %d events per cluster and round%n", ROUNDS,
                RUNS, EVENTS);
        System.out.println();
        System.out.println("| a job logging every event at INFO (parallelism 1) | events/s, median | runs |");
        System.out.println("|---|---:|---|");
        System.out.printf(Locale.ROOT, "| each job's records in files of its own (the default) | %.0f | %s |%n", split,
                list(rates.get("split")));
        System.out.printf(Locale.ROOT, "| every record in the process's log (no split) | %.0f | %s |%n", whole,
                list(rates.get("one log")));
        System.out.printf(Locale.ROOT, "| the split's cost | %.1f %% | |%n", 100.0 * (whole - split) / whole);
        System.out.printf(Locale.ROOT, "| the largest file of a job (rolls at 2 MB, one older file kept), MB | %.2f | "
                + "each run logs about %.0f MB |%n", largest / 1048576.0, EVENTS * bytesPerRecord / 1048576.0);
        dev.dlirun.bootstrap.ScratchDirectory.delete(root);
    }

    /** Runs the job to its end; its events per second from RUNNING to FINISHED. */
    private static double run(RestClusterClient<String> flink, Path jar) throws Exception {
        PackagedProgram program = PackagedProgram.newBuilder().setJarFile(jar.toFile())
                .setEntryPointClassName(MAIN_CLASS).setArguments(Long.toString(EVENTS)).build();
        JobGraph graph = PackagedProgramUtils.createJobGraph(program, new Configuration(), 1, false);
        JobID id = flink.submitJob(graph).get(60, TimeUnit.SECONDS);
        JobStatus status = flink.requestJobResult(id).get(10, TimeUnit.MINUTES).getApplicationStatus()
                .deriveJobStatus();
        if (status != JobStatus.FINISHED) {
            throw new IllegalStateException("the logging job ended " + status);
        }
        JobDetailsInfo details = flink.getJobDetails(id).get(60, TimeUnit.SECONDS);
        long running = details.getTimestamps().get(JobStatus.RUNNING);
        long finished = details.getTimestamps().get(JobStatus.FINISHED);
        return EVENTS * 1000.0 / (finished - running);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(value -> String.format(Locale.ROOT, "%.0f", value)).toList());
    }
}
