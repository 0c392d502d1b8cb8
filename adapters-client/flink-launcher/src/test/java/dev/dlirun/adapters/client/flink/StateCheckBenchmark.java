package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The state check's time against the size of the state it checks (issue 31), next to Flink's own restore validation
 * of the same pair. The check ({@link FlinkJobRuntime#checkState}) reads the savepoint's {@code _metadata} only, so
 * its time should not grow with the state; Flink's restore, which loads the state, does.
 *
 * <p>A realistic stateful SQL job (datagen: many distinct users, a 200-character payload; {@code GROUP BY user_id}
 * with COUNT, SUM and LAST_VALUE(payload), and a second branch {@code GROUP BY region}; into blackhole) runs on the
 * embedded runtime (the test's {@link FlinkJobRuntime}, state in the default hashmap backend, this JVM's heap) until
 * its latest checkpoint is about each target size, and stops with a savepoint. Then rounds taking turns, one warm-up
 * and then {@code bench.rounds} measured, for each savepoint and each candidate (the writer itself; the writer
 * without its second branch, which Flink refuses: its state cannot be mapped):
 * <ul>
 *   <li>the check: {@code checkState} in this JVM, the candidate and the writer planned offline;</li>
 *   <li>the baseline, Flink itself: the candidate's graph built by a bare {@link StreamTableEnvironment} (parallelism
 *   1, as the launcher plans it; none of the launcher's settings or policy), restored from the savepoint through
 *   {@link SavepointRestoreSettings} and submitted with Flink's {@link RestClusterClient} to a session cluster in
 *   processes of its own ({@link FlinkSessionCluster}); timed from the submission until Flink decides: the job FAILED
 *   for the refused candidate ("Cannot map checkpoint/savepoint state"), every task RUNNING for the identical one,
 *   which includes loading the state (reported as <i>restore</i>). The job is then cancelled.</li>
 * </ul>
 *
 * <p>Run from {@code adapters-client/flink-launcher} (after {@code ./mvnw -o install -DskipTests} and {@code
 * dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt}):
 * {@code java -Xmx8g $FLAGS -Dflink.jvm.flags="$FLAGS" -cp target/test-classes:target/classes:$(cat /tmp/cp.txt)
 * dev.dlirun.adapters.client.flink.StateCheckBenchmark [target MB ...]} (default {@code 10 1024}; {@code $FLAGS}: the
 * root pom's {@code flink.jvm.flags}; the heap holds the writer's state). The exact command and the figures are in
 * {@code bootstrap/benchmarks.md}, section 15. It is a {@code main}, not a test: {@code ./mvnw verify} does not run
 * it. Properties: {@code bench.rounds} (5), {@code bench.growMinutes} (the longest a writer runs towards its target;
 * 15), {@code bench.tmMemory} (the session cluster's TaskManager process size; 8g: a state of 1 GB on disk takes
 * several on the heap).
 */
public final class StateCheckBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final Duration GROW_AT_MOST = Duration.ofMinutes(Integer.getInteger("bench.growMinutes", 15));
    private static final String TM_MEMORY = System.getProperty("bench.tmMemory", "8g");
    private static final ProjectId PROJECT = ProjectId.of("bench");
    /** Flink's own words when a savepoint's state has no operator in the new program. */
    private static final String UNMAPPED = "Cannot map checkpoint/savepoint state";
    /** Where the table goes: standard output as it was before Flink in this process wrote jobs' output there. */
    private static final PrintStream REPORT = System.out;

    /** The writer's script: its statements, the tables first, then the INSERTs of its statement set. */
    record Script(List<String> tables, List<String> inserts) {
        String sql() {
            return String.join(";\n", tables) + ";\n" + (inserts.size() == 1 ? inserts.get(0) + ";"
                    : "EXECUTE STATEMENT SET BEGIN\n" + String.join(";\n", inserts) + ";\nEND;");
        }

        Script firstBranchOnly() {
            return new Script(tables, inserts.subList(0, 1));
        }
    }

    private static Script writer(long rowsPerSecond) {
        return new Script(List.of("""
                CREATE TABLE events (user_id BIGINT, region INT, amount INT, payload STRING) WITH (
                  'connector' = 'datagen', 'rows-per-second' = '%d',
                  'fields.user_id.min' = '1', 'fields.user_id.max' = '1000000000',
                  'fields.region.min' = '1', 'fields.region.max' = '100',
                  'fields.amount.min' = '1', 'fields.amount.max' = '1000', 'fields.payload.length' = '200')"""
                        .formatted(rowsPerSecond),
                "CREATE TABLE per_user (user_id BIGINT, events BIGINT, total BIGINT, last_payload STRING) "
                        + "WITH ('connector' = 'blackhole')",
                "CREATE TABLE per_region (region INT, events BIGINT, total BIGINT) WITH ('connector' = 'blackhole')"),
                List.of("INSERT INTO per_user SELECT user_id, COUNT(*), SUM(amount), LAST_VALUE(payload) FROM events "
                                + "GROUP BY user_id",
                        "INSERT INTO per_region SELECT region, COUNT(*), SUM(amount) FROM events GROUP BY region"));
    }

    /** A savepoint of the writer, and what it holds. */
    record Savepoint(long targetMb, String path, long bytes, Duration grew, JobId job, Script writer,
                     JobConfig config) {
    }

    /** The medians of one savepoint's rows. */
    record Row(Savepoint savepoint, String candidate, String verdict, String flinkSaid, List<Double> checkMs,
               List<Double> flinkMs, List<Double> planMs) {
    }

    private StateCheckBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace(REPORT);
            System.exit(1);
        }
        // The embedded runtime's threads would keep the JVM alive; its shutdown hook closes it.
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        List<Long> targets = args.length == 0 ? List.of(10L, 1024L)
                : Arrays.stream(args).map(Long::parseLong).toList();
        Path dir = Files.createTempDirectory("bench-state-check");
        REPORT.printf("StateCheckBenchmark %s, %d cores, max heap %d MiB, Java %s; rounds %d after 1 warm-up%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.version"), ROUNDS);
        FlinkJobRuntime runtime = EmbeddedFlink.runtime();
        List<Savepoint> savepoints = new ArrayList<>();
        long job = 1;
        for (long target : targets) {
            savepoints.add(grow(runtime, JobId.of(job++), target));
            System.gc();
        }
        String classPath = clusterClassPath();
        List<String> flags = Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                .filter(flag -> !flag.isBlank()).toList();
        List<Row> rows = new ArrayList<>();
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("cluster"), 2, classPath, flags,
                Map.of("taskmanager.memory.process.size", TM_MEMORY, "taskmanager.memory.managed.fraction", "0.05"));
             RestClusterClient<StandaloneClusterId> client = client(cluster.rest())) {
            for (Savepoint savepoint : savepoints) {
                rows.add(measure(runtime, client, savepoint, "identical (the writer itself)", savepoint.writer()));
                rows.add(measure(runtime, client, savepoint, "second branch removed", savepoint.writer()
                        .firstBranchOnly()));
            }
        }
        report(rows);
        // The savepoints and checkpoints (gigabytes) are deleted; the runtime's other directories are the test's.
        deleteTree(EmbeddedFlink.root().resolve("savepoints"));
        deleteTree(EmbeddedFlink.root().resolve("checkpoints"));
        deleteTree(dir);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Runs the writer until its latest checkpoint is at least {@code targetMb}, then stops it with a savepoint. */
    private static Savepoint grow(FlinkJobRuntime runtime, JobId job, long targetMb) throws Exception {
        boolean small = targetMb <= 64;
        // Small: a rate that reaches the target in about ten checkpoints of a second; large: as fast as it goes.
        Script writer = writer(small ? 5_000 : 1_000_000_000L);
        JobConfig config = JobConfig.builder().checkpointEnabled(true).checkpointMode(CheckpointMode.EXACTLY_ONCE)
                .checkpointIntervalSeconds(small ? 1 : 10).build();
        Launch launch = launch(job, writer, config);
        long started = System.nanoTime();
        runtime.launch(launch);
        EmbeddedFlink.awaitState(launch.runtimeJobId(), ObservedJob.State.RUNNING);
        // A large state grows by tens of MB a second while its last checkpoint and then the savepoint are written (a
        // 1 GB target stopped at 1.2 GB checkpointed gave a savepoint of 1.8 GB): stop a large one at 55 % of it.
        long target = small ? targetMb << 20 : (targetMb << 20) * 55 / 100;
        long latest = 0;
        while (latest < target && System.nanoTime() - started < GROW_AT_MOST.toNanos()) {
            Thread.sleep(small ? 200 : 2000);
            Optional<String> checkpoint = runtime.latestCheckpoint(PROJECT, job, launch.runtimeJobId());
            long size = checkpoint.map(StateCheckBenchmark::bytes).orElse(0L);
            if (size != latest) {
                REPORT.printf("  writer for %d MB: latest checkpoint %.1f MB after %d s%n", targetMb,
                        size / 1048576.0, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                latest = size;
            }
        }
        if (latest < target) {
            REPORT.printf("  writer for %d MB: the target not reached in %s; stopping at %.1f MB%n", targetMb,
                    GROW_AT_MOST, latest / 1048576.0);
        }
        String path = runtime.stopWithSavepoint(launch.runtimeJobId(), PROJECT, job, Duration.ofMinutes(10)).get();
        Duration grew = Duration.ofNanos(System.nanoTime() - started);
        long bytes = bytes(path);
        REPORT.printf("  savepoint for %d MB: %s, %.1f MB on disk (its _metadata %d bytes), after %d s%n", targetMb,
                path, bytes / 1048576.0, Files.size(directory(path).resolve("_metadata")), grew.toSeconds());
        return new Savepoint(targetMb, path, bytes, grew, job, writer, config);
    }

    private static Launch launch(JobId job, Script script, JobConfig config) {
        return new Launch(PROJECT, job, RuntimeJobId.generate(), definition(job, script, config), Optional.empty());
    }

    private static JobDefinition definition(JobId job, Script script, JobConfig config) {
        return JobDefinition.sql("state-" + job, JobType.FLINK_OPENSOURCE_SQL_JOB, script.sql(), config);
    }

    /** One warm-up, then the rounds, each the check and then Flink's own validation of the same pair. */
    private static Row measure(FlinkJobRuntime runtime, RestClusterClient<StandaloneClusterId> client,
                               Savepoint savepoint, String name, Script candidate) throws Exception {
        JobDefinition writer = definition(savepoint.job(), savepoint.writer(), savepoint.config());
        StateCheck check = new StateCheck(PROJECT, savepoint.job(), definition(savepoint.job(), candidate,
                savepoint.config()), savepoint.path(), Optional.of(writer), Optional.empty());
        List<Double> checkMs = new ArrayList<>();
        List<Double> flinkMs = new ArrayList<>();
        List<Double> planMs = new ArrayList<>();
        String verdict = "";
        String flinkSaid = "";
        for (int round = 0; round <= ROUNDS; round++) {
            long started = System.nanoTime();
            StateVerdict seen = runtime.checkState(check);
            double ms = (System.nanoTime() - started) / 1e6;
            verdict = seen.kind().toString().toLowerCase(Locale.ROOT);
            Flink flink = restore(client, candidate, savepoint.path());
            flinkSaid = flink.said();
            REPORT.printf("  %d MB, %s, round %d: check %.1f ms (%s), Flink %.1f ms (%s; its client planned the graph "
                    + "in %.1f ms)%n", savepoint.targetMb(), name, round, ms, verdict, flink.ms(), flinkSaid,
                    flink.planMs());
            if (round > 0) {
                checkMs.add(ms);
                flinkMs.add(flink.ms());
                planMs.add(flink.planMs());
            }
        }
        return new Row(savepoint, name, verdict, flinkSaid, checkMs, flinkMs, planMs);
    }

    /**
     * What Flink did with a restore, and how long it took to decide from the submission ({@code ms}); {@code planMs}:
     * its client's time to plan the candidate's SQL into the graph it submits, before that.
     */
    record Flink(double ms, String said, double planMs) {
    }

    /**
     * Flink's own restore of the savepoint into the candidate: the graph built by a bare table environment, the
     * savepoint set on it, submitted through Flink's client; timed from the submission until the job FAILED or all
     * its tasks run. The job is cancelled (or has failed) before this returns.
     */
    private static Flink restore(RestClusterClient<StandaloneClusterId> client, Script candidate, String savepoint)
            throws Exception {
        long planning = System.nanoTime();
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        configuration.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        candidate.tables().forEach(tables::executeSql);
        StreamStatementSet set = tables.createStatementSet();
        candidate.inserts().forEach(set::addInsertSql);
        set.attachAsDataStream();
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("flink-restore");
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        graph.serializeUserDefinedInstances(); // as Flink's session executor does before it submits
        long started = System.nanoTime();
        double planMs = (started - planning) / 1e6;
        JobID id = client.submitJob(graph).get();
        while (true) {
            JobStatus status = client.getJobStatus(id).get();
            if (status.isGloballyTerminalState()) {
                double ms = (System.nanoTime() - started) / 1e6;
                JobResult result = client.requestJobResult(id).get();
                String cause = result.getSerializedThrowable()
                        .map(thrown -> thrown.getFullStringifiedStackTrace()).orElse("");
                return new Flink(ms, status + (cause.contains(UNMAPPED) ? ": " + UNMAPPED : ": " + firstLine(cause)),
                        planMs);
            }
            if (status == JobStatus.RUNNING && allTasksRun(client.getJobDetails(id).get())) {
                double ms = (System.nanoTime() - started) / 1e6;
                client.cancel(id).get();
                while (!client.getJobStatus(id).get().isGloballyTerminalState()) {
                    Thread.sleep(50);
                }
                return new Flink(ms, "restored: all tasks RUNNING", planMs);
            }
            Thread.sleep(5);
        }
    }

    private static boolean allTasksRun(JobDetailsInfo details) {
        return !details.getJobVertexInfos().isEmpty() && details.getJobVertexInfos().stream().allMatch(vertex ->
                vertex.getTasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == vertex.getParallelism());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("(no cause)");
    }

    private static RestClusterClient<StandaloneClusterId> client(URI rest) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.ADDRESS, rest.getHost());
        configuration.set(RestOptions.PORT, rest.getPort());
        return new RestClusterClient<>(configuration, StandaloneClusterId.getInstance());
    }

    /** The session cluster's class path: the local cluster's Flink jars (adapters-client/flink-cluster). */
    private static String clusterClassPath() throws IOException {
        Path lib = Path.of(System.getProperty("dlirun.cluster-lib", "../flink-cluster/target/lib")).toAbsolutePath();
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map(Path::toString).filter(jar -> jar.endsWith(".jar")).sorted()
                    .collect(Collectors.joining(java.io.File.pathSeparator));
        }
    }

    /** The bytes on disk under a checkpoint's or savepoint's directory (a {@code file:} URI or a path). */
    static long bytes(String location) {
        Path path = directory(location);
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a file of a checkpoint being subsumed meanwhile
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The directory of a checkpoint or savepoint ({@code file:} URI or path, of the directory or its metadata). */
    private static Path directory(String location) {
        Path path = location.startsWith("file:") ? Path.of(URI.create(location.replace("file:///", "file:/")))
                : Path.of(location);
        return Files.isRegularFile(path) ? path.getParent() : path;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String runs(List<Double> values) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%.0f", value))
                .collect(Collectors.joining(", "));
    }

    private static void report(List<Row> rows) {
        REPORT.println();
        REPORT.println("| savepoint on disk | grown in | candidate | check's verdict | check, median ms | Flink's "
                + "decision | Flink from submission, median ms | check / Flink | Flink's client planning, median ms "
                + "| check / (planning + Flink) | check runs, ms | Flink runs, ms |");
        REPORT.println("|---:|---:|---|---|---:|---|---:|---:|---:|---:|---|---|");
        for (Row row : rows) {
            double check = median(row.checkMs());
            double flink = median(row.flinkMs());
            double plan = median(row.planMs());
            REPORT.printf(Locale.ROOT,
                    "| %.1f MB | %d s | %s | %s | %.1f | %s | %.1f | %.3f | %.1f | %.3f | %s | %s |%n",
                    row.savepoint().bytes() / 1048576.0, row.savepoint().grew().toSeconds(), row.candidate(),
                    row.verdict(), check, row.flinkSaid(), flink, check / flink, plan, check / (plan + flink),
                    runs(row.checkMs()), runs(row.flinkMs()));
        }
        REPORT.flush();
    }
}
