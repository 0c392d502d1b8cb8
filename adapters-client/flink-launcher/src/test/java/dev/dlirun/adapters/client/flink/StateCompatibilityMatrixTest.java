package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.state.StateVerdict.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state check's verdicts held against what Flink really does (issue 31): for each pair of a job as it ran and a
 * changed definition of it, a savepoint of the first, the check's verdict on restoring it into the second, then the
 * restore itself on the embedded Flink without any gate, and the results it gives. The check may never call a restore
 * compatible that Flink refuses or that gives wrong results, must call every restore Flink refuses incompatible (or,
 * when only state of operators the program no longer has is in the way, drops_state), must call a restore Flink
 * accepts into operators where the state means something else incompatible, and may say unknown only where this table
 * says why.
 *
 * <p>The pairs run at once on the shared cluster (each its own project, job and output), slowly (20 rows a second,
 * checkpoints every second), and every wait is on a condition. The table of what each pair saw goes to stdout and to
 * {@code target/state-matrix.md}.
 */
class StateCompatibilityMatrixTest {

    private static final JobConfig CHECKPOINT_EVERY_SECOND = JobConfig.builder().checkpointEnabled(true)
            .checkpointMode(CheckpointMode.EXACTLY_ONCE).checkpointIntervalSeconds(1).build();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Keys 1 and 2 (k), another key over the same values (j), and a value 0..9 (v), 20 rows a second. */
    private static final String EVENTS = """
            CREATE TABLE events (k INT, j INT, v INT, ts AS PROCTIME()) WITH (
              'connector' = 'datagen', 'rows-per-second' = '20', 'fields.k.min' = '1', 'fields.k.max' = '2',
              'fields.j.min' = '1', 'fields.j.max' = '2', 'fields.v.min' = '0', 'fields.v.max' = '9');
            """;

    /** A file sink table of JSON lines under the project's {@code path}, committed at each checkpoint. */
    private static String sink(String table, String columns, String path) {
        return "CREATE TABLE " + table + " (" + columns + ") WITH ('connector' = 'filesystem', 'path' = '" + path
                + "', 'format' = 'json', 'sink.rolling-policy.rollover-interval' = '1 s', "
                + "'sink.rolling-policy.check-interval' = '1 s');\n";
    }

    private static String runningCount(String key) {
        return "COUNT(*) OVER (PARTITION BY " + key + " ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
    }

    /** A running count per k into {@code counts}: CountingSql's job, over the richer events. */
    private static final String COUNTS = EVENTS + sink("counts", "k INT, c BIGINT", "counts")
            + "INSERT INTO counts SELECT k, " + runningCount("k") + " FROM events;";

    private static String tumblingCounts(int seconds) {
        return EVENTS + sink("windows", "k INT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), c BIGINT",
                "windows") + "INSERT INTO windows SELECT k, window_start, window_end, COUNT(*) FROM TABLE(TUMBLE("
                + "TABLE events, DESCRIPTOR(ts), INTERVAL '" + seconds + "' SECOND)) GROUP BY k, window_start, "
                + "window_end;";
    }

    /** Two stateful branches in one job: the running count per k, and one per v. */
    private static final String COUNTS_AND_COUNTS_BY_V = EVENTS + sink("counts", "k INT, c BIGINT", "counts")
            + sink("counts_v", "v INT, c BIGINT", "counts_v") + """
            EXECUTE STATEMENT SET BEGIN
            INSERT INTO counts SELECT k, %s FROM events;
            INSERT INTO counts_v SELECT v, %s FROM events;
            END;""".formatted(runningCount("k"), runningCount("v"));

    /** What Flink does with the restore, as the pair expects it and as it was seen. */
    enum Reality {
        /** Flink runs the candidate from the state, and its results are right. */
        RESTORES_CORRECTLY("restores; results right"),
        /** Flink runs the candidate only dropping state (allowNonRestoredState): the counts start again from 1. */
        RESTORES_DROPPING_STATE("restores without the state; counts start again"),
        /** Flink runs the candidate from the state, but the state means something else there: wrong results. */
        RESTORES_WRONGLY("restores; results WRONG"),
        /** Flink refuses the state: the job fails as it starts. */
        REFUSES("refuses"),
        /** Not restored: the check alone is the subject. */
        NOT_RESTORED("not restored");

        final String words;

        Reality(String words) {
            this.words = words;
        }
    }

    /** How a pair's results are read and what right means for them. */
    enum Results {
        /** The running counts per key in {@code counts} go on from the state's, once each, across both runs. */
        COUNTS_CONTINUE,
        /** The candidate counts per a new key into {@code counts}: right is 1, 2, 3... as a fresh run counts. */
        NEW_KEY_COUNTS_START_AT_ONE,
        /**
         * The candidate writes its counts to {@code counts_moved}: right is the counts going on from the state's, and
         * every row the candidate writes under its own path (none of them where the writer wrote).
         */
        COUNTS_AT_NEW_PATH,
        /** Tumbling windows in {@code windows}: right is only 4 s windows on the 4 s grid, as the candidate emits. */
        FOUR_SECOND_WINDOWS,
        /** Nothing restored. */
        NONE
    }

    /** One of the jobs of a pair: a SQL script or the jar's variant, with its job_config. */
    record Job(String sql, String jarVariant, int parallelism, String runtimeConfig) {
        static Job sql(String sql) {
            return new Job(sql, null, 1, null);
        }

        static Job jar(String variant) {
            return new Job(null, variant, 1, null);
        }

        Job parallelism(int value) {
            return new Job(sql, jarVariant, value, runtimeConfig);
        }

        Job runtimeConfig(String value) {
            return new Job(sql, jarVariant, parallelism, value);
        }

        boolean isJar() {
            return jarVariant != null;
        }
    }

    /**
     * A change pair.
     *
     * @param slug                  the pair's project (a SQL job) or its output's directory (a jar job)
     * @param expected              what Flink does with the restore (checked: Flink's rules are deterministic)
     * @param refusal               what Flink's refusal says, when it refuses (the reason the pair is about)
     * @param results               how the restored run's results are read
     * @param writerRuntime         what the check is told wrote the state; empty: this runtime
     * @param unknownBecause        why the check may say unknown for this pair; null where it may not
     */
    record Pair(String name, String slug, Job writer, Job candidate, boolean allowNonRestoredState,
                Reality expected, String refusal, Results results, Optional<String> writerRuntime,
                String unknownBecause, Set<Reality> alsoSeen) {

        static Pair of(String name, String slug, Job writer, Job candidate, Reality expected) {
            return new Pair(name, slug, writer, candidate, false, expected, "", Results.COUNTS_CONTINUE,
                    Optional.empty(), null, Set.of());
        }

        Pair allowingNonRestoredState() {
            return new Pair(name, slug, writer, candidate, true, expected, refusal, results, writerRuntime,
                    unknownBecause, alsoSeen);
        }

        Pair refusedFor(String words) {
            return new Pair(name, slug, writer, candidate, allowNonRestoredState, expected, words, results,
                    writerRuntime, unknownBecause, alsoSeen);
        }

        Pair judgedBy(Results how) {
            return new Pair(name, slug, writer, candidate, allowNonRestoredState, expected, refusal, how,
                    writerRuntime, unknownBecause, alsoSeen);
        }

        Pair writtenBy(String runtime, String why) {
            return new Pair(name, slug, writer, candidate, allowNonRestoredState, expected, refusal, results,
                    Optional.of(runtime), why, alsoSeen);
        }

        /**
         * Flink may also do {@code other} with this pair, by timing rather than by rule (e.g. whether a file was open
         * when the savepoint was taken); the rules are checked against whatever it did.
         */
        Pair orByTiming(Reality other) {
            return new Pair(name, slug, writer, candidate, allowNonRestoredState, expected, refusal, results,
                    writerRuntime, unknownBecause, Set.of(other));
        }
    }

    /** What a pair saw. */
    record Seen(Pair pair, StateVerdict verdict, Reality reality, String flinkSaid, String results,
                List<String> broken, Duration took) {
    }

    private static final String UNMAPPED = "Cannot map checkpoint/savepoint state for operator";

    static List<Pair> pairs() {
        String countsPlusTwice = EVENTS + sink("counts", "k INT, c BIGINT, twice BIGINT", "counts")
                + "INSERT INTO counts SELECT k, c, 2 * c FROM (SELECT k, " + runningCount("k") + " AS c FROM events);";
        String countsByJ = EVENTS + sink("counts", "k INT, c BIGINT", "counts")
                + "INSERT INTO counts SELECT j, " + runningCount("j") + " FROM events;";
        String countsAndSums = EVENTS + sink("counts", "k INT, c BIGINT, s BIGINT", "counts")
                + "INSERT INTO counts SELECT k, COUNT(*) OVER w, SUM(v) OVER w FROM events WINDOW w AS ("
                + "PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);";
        String countsFiltered = EVENTS + sink("counts", "k INT, c BIGINT", "counts")
                + "INSERT INTO counts SELECT k, " + runningCount("k") + " FROM events WHERE v < 5;";
        String countsRenamedSink = EVENTS + sink("totals", "k INT, c BIGINT", "counts")
                + "INSERT INTO totals SELECT k, " + runningCount("k") + " FROM events;";
        String countsElsewhere = EVENTS + sink("counts", "k INT, c BIGINT", "counts_moved")
                + "INSERT INTO counts SELECT k, " + runningCount("k") + " FROM events;";
        // Unchained, every operator's id is the same at any parallelism (chaining changes ids: see pair "chained").
        String unchainedMax2 = "{\"pipeline.operator-chaining.enabled\": \"false\", "
                + "\"pipeline.max-parallelism\": \"2\"}";
        String unchainedMax4 = "{\"pipeline.operator-chaining.enabled\": \"false\", "
                + "\"pipeline.max-parallelism\": \"4\"}";
        String unchained = "{\"pipeline.operator-chaining.enabled\": \"false\"}";
        String max4 = "{\"pipeline.max-parallelism\": \"4\"}";
        Job counts = Job.sql(COUNTS);
        return List.of(
                Pair.of("identical job", "matrix-identical", counts, counts, Reality.RESTORES_CORRECTLY),
                Pair.of("a column added to the projection after the OVER aggregate", "matrix-column", counts,
                        Job.sql(countsPlusTwice), Reality.RESTORES_CORRECTLY),
                Pair.of("PARTITION BY key changed (k to j, both INT 1..2)", "matrix-key", counts, Job.sql(countsByJ),
                        Reality.RESTORES_WRONGLY).judgedBy(Results.NEW_KEY_COUNTS_START_AT_ONE),
                Pair.of("an aggregate added (SUM(v) OVER the same window)", "matrix-aggregate", counts,
                        Job.sql(countsAndSums), Reality.REFUSES).refusedFor("StateMigrationException"),
                Pair.of("tumbling window size changed (2 s to 4 s)", "matrix-window", Job.sql(tumblingCounts(2)),
                        Job.sql(tumblingCounts(4)), Reality.RESTORES_WRONGLY).judgedBy(Results.FOUR_SECOND_WINDOWS),
                Pair.of("a filter added before the OVER aggregate (v < 5)", "matrix-filter", counts,
                        Job.sql(countsFiltered), Reality.RESTORES_CORRECTLY),
                Pair.of("the sink table renamed (same path)", "matrix-sink", counts, Job.sql(countsRenamedSink),
                        Reality.RESTORES_CORRECTLY),
                Pair.of("the sink's path changed (counts to counts_moved)", "matrix-path", counts,
                        Job.sql(countsElsewhere), Reality.RESTORES_WRONGLY).judgedBy(Results.COUNTS_AT_NEW_PATH)
                        // Right when no part file happened to be open under the old path at the savepoint.
                        .orByTiming(Reality.RESTORES_CORRECTLY),
                Pair.of("parallelism 1 to 2, chained (the file sink's chain splits)", "matrix-chained", counts,
                        counts.parallelism(2), Reality.REFUSES).refusedFor(UNMAPPED),
                Pair.of("parallelism 1 to 2 within max parallelism 4, unchained", "matrix-rescale",
                        counts.runtimeConfig(unchainedMax4), counts.runtimeConfig(unchainedMax4).parallelism(2),
                        Reality.RESTORES_CORRECTLY),
                Pair.of("parallelism 1 to 3 beyond the state's max parallelism 2, unchained", "matrix-beyond",
                        counts.runtimeConfig(unchainedMax2), counts.runtimeConfig(unchained).parallelism(3),
                        Reality.REFUSES).refusedFor("The maximum parallelism (2) of the restored state is lower than "
                        + "the configured parallelism (3)"),
                Pair.of("max parallelism set where it was not (128 to 4)", "matrix-maxp", counts,
                        counts.runtimeConfig(max4), Reality.REFUSES).refusedFor("Max parallelism mismatch"),
                Pair.of("a stateful branch removed from a STATEMENT SET", "matrix-branch",
                        Job.sql(COUNTS_AND_COUNTS_BY_V), counts, Reality.REFUSES).refusedFor(UNMAPPED),
                Pair.of("a stateful branch removed from a STATEMENT SET, allowNonRestoredState", "matrix-branch-anrs",
                        Job.sql(COUNTS_AND_COUNTS_BY_V), counts, Reality.RESTORES_DROPPING_STATE)
                        .allowingNonRestoredState(),
                Pair.of("jar job with uids, a stateful operator removed", "matrix-jar-uids", Job.jar("uids"),
                        Job.jar("uids-without-sum"), Reality.REFUSES).refusedFor(UNMAPPED),
                Pair.of("jar job with uids, a stateful operator removed, allowNonRestoredState",
                        "matrix-jar-uids-anrs", Job.jar("uids"), Job.jar("uids-without-sum"),
                        Reality.RESTORES_CORRECTLY).allowingNonRestoredState(),
                Pair.of("jar job without uids, a filter added that moves the ids", "matrix-jar-plain",
                        Job.jar("plain"), Job.jar("plain-filtered"), Reality.REFUSES).refusedFor(UNMAPPED),
                Pair.of("state written by another Flink version (Flink 1.20.1)", "matrix-version", counts, counts,
                        Reality.NOT_RESTORED).judgedBy(Results.NONE).writtenBy("Flink 1.20.1", "the state was "
                        + "written by another Flink version, whose operator ids and state formats the check cannot "
                        + "judge"));
    }

    private static FlinkJobRuntime runtime;
    /** The jar pairs' jobs, in the one project that may run jars: ids of their own. */
    private static final AtomicLong JAR_JOB_IDS = new AtomicLong(31_000);

    @Test
    void everyVerdictHoldsAgainstWhatFlinkReallyDoes() throws Exception {
        long started = System.nanoTime();
        runtime = EmbeddedFlink.runtime();
        TestJars.jar(EmbeddedFlink.jars(), MatrixJar.JAR, MatrixJar.MAIN_CLASS, MatrixJar.SOURCE);
        // -Ddlirun.matrix.pairs=matrix-key,matrix-window runs only those pairs (by slug), e.g. while changing the check.
        Optional<Set<String>> only = Optional.ofNullable(System.getProperty("dlirun.matrix.pairs"))
                .map(slugs -> Set.of(slugs.split(",")));
        List<Pair> pairs = pairs().stream().filter(pair -> only.map(slugs -> slugs.contains(pair.slug())).orElse(true))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(pairs.size());
        List<Seen> seen = new ArrayList<>();
        try {
            List<Future<Seen>> running = new ArrayList<>();
            for (Pair pair : pairs) {
                running.add(pool.submit(() -> runOrSayWhyNot(pair)));
            }
            for (Future<Seen> pair : running) {
                seen.add(pair.get());
            }
        } finally {
            pool.shutdownNow();
        }
        String table = table(seen);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/state-matrix.md"), table);
        System.out.println("State compatibility matrix: " + pairs.size() + " pairs in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");

        assertThat(seen).hasSizeGreaterThanOrEqualTo(only.isPresent() ? 1 : 12);
        List<String> broken = seen.stream().flatMap(s -> s.broken().stream().map(b -> s.pair().name() + ": " + b))
                .toList();
        assertThat(broken).as(table).isEmpty();
    }

    /**
     * Runs the pair; a pair that cannot run through is in the table saying why, and leaves nothing running on the
     * shared cluster.
     */
    private static Seen runOrSayWhyNot(Pair pair) {
        long started = System.nanoTime();
        List<Launch> launches = new CopyOnWriteArrayList<>();
        try {
            return run(pair, launches);
        } catch (Exception | AssertionError e) {
            return new Seen(pair, null, Reality.NOT_RESTORED, "", "", List.of("the pair did not run through: " + e),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            for (Launch launch : launches) {
                ObservedJob job = runtime.observe().get(launch.runtimeJobId());
                if (job != null && !job.state().isTerminal()) {
                    runtime.cancel(launch.runtimeJobId());
                }
            }
        }
    }

    /** Runs one pair: its writer to a savepoint, the check, the restore without a gate, its results, the rules. */
    private static Seen run(Pair pair, List<Launch> launches) throws Exception {
        long started = System.nanoTime();
        ProjectId project = ProjectId.of(pair.writer().isJar() ? "jars" : pair.slug());
        JobId job = JobId.of(pair.writer().isJar() ? JAR_JOB_IDS.incrementAndGet() : 1);
        Path output = output(pair, project);

        // 1. The writer runs fresh until a checkpoint committed some of its output, and stops with a savepoint.
        JobDefinition writer = definition(pair, pair.writer(), output);
        Launch first = new Launch(project, job, RuntimeJobId.generate(), writer, Optional.empty());
        launches.add(first);
        runtime.launch(first);
        Path writerOutput = pair.results() == Results.FOUR_SECOND_WINDOWS ? output.resolve("windows")
                : output.resolve("counts");
        int enough = pair.results() == Results.FOUR_SECOND_WINDOWS ? 2 : 6;
        awaitOutput(first, () -> rows(writerOutput, Set.of()).size() >= enough);
        if (pair.results() == Results.COUNTS_AT_NEW_PATH) {
            // The savepoint taken while the sink writes a part file (it does but for a moment after each roll): the
            // file, and the path it is under, are then in the state.
            awaitOutput(first, () -> inProgressFiles(writerOutput) > 0);
        }
        if (pair.results() == Results.FOUR_SECOND_WINDOWS) {
            // The savepoint taken mid-window, so that each key's window in progress holds rows (at 10 rows a second
            // a key's window just begun may hold none, and a restore with nothing to take up proves nothing).
            long intoTheWindow = System.currentTimeMillis() % 2000;
            if (intoTheWindow < 500 || intoTheWindow >= 1500) {
                Thread.sleep((2500 - intoTheWindow) % 2000);
            }
        }
        String savepoint = runtime.stopWithSavepoint(first.runtimeJobId(), project, job, PATIENCE).get();
        EmbeddedFlink.awaitState(first.runtimeJobId(), ObservedJob.State.FINISHED);
        Set<Path> writersFiles = files(writerOutput);
        List<JsonNode> before = rows(writerOutput, Set.of());

        // 2. The check's verdict (none while the runtime cannot check state).
        JobDefinition candidate = definition(pair, pair.candidate(), output);
        StateVerdict verdict;
        try {
            verdict = runtime.checkState(new StateCheck(project, job, candidate, savepoint, Optional.of(writer),
                    Optional.of(pair.writerRuntime().orElse(runtime.version()))));
        } catch (OperationNotAllowedException e) {
            verdict = null;
        }

        // 3. The restore, without a gate: what Flink does, and what the results are.
        Reality reality = Reality.NOT_RESTORED;
        String flinkSaid = "";
        String results = "";
        if (pair.expected() != Reality.NOT_RESTORED) {
            Launch restore = new Launch(project, job, RuntimeJobId.generate(), candidate, Optional.of(savepoint),
                    pair.allowNonRestoredState());
            launches.add(restore);
            Optional<String> refused = restore(restore, pair, output, writersFiles);
            if (refused.isPresent()) {
                reality = Reality.REFUSES;
                flinkSaid = refused.get();
            } else {
                runtime.cancel(restore.runtimeJobId()).get();
                EmbeddedFlink.awaitState(restore.runtimeJobId(), ObservedJob.State.CANCELED);
                Judged judged = judge(pair, before, output, writersFiles);
                reality = judged.reality();
                results = judged.why();
                flinkSaid = "ran from the savepoint";
            }
        }

        // 4. The rules.
        List<String> broken = new ArrayList<>();
        if (reality != pair.expected() && !pair.alsoSeen().contains(reality)) {
            broken.add("Flink was expected to be '" + pair.expected().words + "' but was '" + reality.words + "' ("
                    + flinkSaid + (results.isEmpty() ? "" : ": " + results) + ")");
        }
        if (reality == Reality.REFUSES && !flinkSaid.contains(pair.refusal())) {
            broken.add("Flink refused, but not saying '" + pair.refusal() + "': " + flinkSaid);
        }
        if (verdict != null) {
            Kind kind = verdict.kind();
            if (kind == Kind.COMPATIBLE && reality != Reality.RESTORES_CORRECTLY && reality != Reality.NOT_RESTORED) {
                broken.add("the check said compatible, but Flink " + reality.words);
            }
            if (reality == Reality.REFUSES && kind != Kind.INCOMPATIBLE && kind != Kind.DROPS_STATE) {
                broken.add("Flink refuses the restore, but the check said " + kind.wireName());
            }
            if (reality == Reality.RESTORES_WRONGLY && kind != Kind.INCOMPATIBLE) {
                broken.add("Flink takes the state where it means something else, but the check said "
                        + kind.wireName());
            }
            if (reality == Reality.RESTORES_DROPPING_STATE && kind != Kind.DROPS_STATE) {
                broken.add("Flink restores only by dropping state, but the check said " + kind.wireName());
            }
            if (kind == Kind.UNKNOWN && pair.unknownBecause() == null) {
                broken.add("the check said unknown where the table gives no reason to: " + verdict.reason());
            }
            if (kind == Kind.DROPS_STATE && verdict.operators().isEmpty()) {
                broken.add("the check said drops_state naming no operator");
            }
        }
        return new Seen(pair, verdict, reality, flinkSaid, results, broken,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Where the pair's jobs write: the project's directory (SQL paths are relative to it), or the jar's own. */
    private static Path output(Pair pair, ProjectId project) {
        Path projectDirectory = EmbeddedFlink.projects().resolve(project.value());
        return pair.writer().isJar() ? projectDirectory.resolve(pair.slug()) : projectDirectory;
    }

    private static JobDefinition definition(Pair pair, Job job, Path output) {
        JobConfig.Builder config = CHECKPOINT_EVERY_SECOND.toBuilder().parallelNumber(job.parallelism());
        if (job.runtimeConfig() != null) {
            config.runtimeConfig(job.runtimeConfig());
        }
        if (job.isJar()) {
            return new JobDefinition(pair.slug(), JobType.FLINK_JAR_JOB, Optional.empty(),
                    Optional.of(MatrixJar.MAIN_CLASS), Optional.of("20 " + output.resolve("counts") + " "
                    + job.jarVariant()), config.entrypoint(MatrixJar.JAR).build());
        }
        return JobDefinition.sql(pair.slug(), JobType.FLINK_OPENSOURCE_SQL_JOB, job.sql(), config.build());
    }

    /**
     * Launches the restore and waits until Flink either refuses it (the launch is refused, or the job fails) or runs it
     * and it committed new output past a checkpoint; answers Flink's refusal, if it refused.
     */
    private static Optional<String> restore(Launch launch, Pair pair, Path output, Set<Path> writersFiles)
            throws Exception {
        try {
            runtime.launch(launch);
        } catch (LaunchRefusedException e) {
            return Optional.of(e.getMessage());
        }
        Path candidateOutput = outputOf(pair, output);
        BooleanSupplier produced = switch (pair.results()) {
            case COUNTS_CONTINUE, NEW_KEY_COUNTS_START_AT_ONE, COUNTS_AT_NEW_PATH -> () -> {
                List<JsonNode> rows = new ArrayList<>(rows(candidateOutput, writersFiles));
                if (pair.results() == Results.COUNTS_AT_NEW_PATH) {
                    rows.addAll(rows(output.resolve("counts"), writersFiles));
                }
                Map<Long, List<Long>> counts = countsPerKey(rows);
                return counts.size() == 2 && counts.values().stream().allMatch(c -> c.size() >= 3);
            };
            case FOUR_SECOND_WINDOWS -> () -> rows(candidateOutput, writersFiles).size() >= 4;
            case NONE -> () -> true;
        };
        try {
            awaitOutput(launch, produced);
        } catch (Refused refused) {
            return Optional.of(refused.getMessage());
        }
        return Optional.empty();
    }

    private static Path outputOf(Pair pair, Path output) {
        return switch (pair.results()) {
            case COUNTS_AT_NEW_PATH -> output.resolve("counts_moved");
            case FOUR_SECOND_WINDOWS -> output.resolve("windows");
            default -> output.resolve("counts");
        };
    }

    /** The job failed: Flink's reason. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Waits until {@code done}, the launch running; fails with Flink's reason when the launch fails first. */
    private static void awaitOutput(Launch launch, BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            ObservedJob job = runtime.observe().get(launch.runtimeJobId());
            if (job != null && (job.state() == ObservedJob.State.FAILED || job.state() == ObservedJob.State.FAILING)) {
                throw new Refused(failureOf(launch));
            }
            if (job != null && job.state().isTerminal()) {
                throw new AssertionError("launch " + launch.runtimeJobId() + " of " + launch.projectId() + " ended "
                        + job.state());
            }
            if (job != null && job.allTasksRunning() && done.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("launch " + launch.runtimeJobId() + " of " + launch.projectId() + " did not produce "
                + "its output within " + PATIENCE + "; last seen " + runtime.observe().get(launch.runtimeJobId()));
    }

    /**
     * Why the launch failed, once Flink says: its exception history may lag its state by a moment, and a failed job's
     * reason is read again until it is there.
     */
    private static String failureOf(Launch launch) throws Exception {
        EmbeddedFlink.awaitState(launch.runtimeJobId(), ObservedJob.State.FAILED);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String cause = runtime.failure(launch.runtimeJobId()).cause();
        while (cause.contains("Flink gave no reason") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            cause = runtime.failure(launch.runtimeJobId()).cause();
        }
        return cause;
    }

    /** The committed part files under {@code directory} (in-progress ones are hidden: their names start with a dot). */
    private static Set<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many part files the sink is writing under {@code directory} (hidden until committed). */
    private static long inProgressFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(".") && name.contains("inprogress")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON lines of the committed files under {@code directory} but {@code except}: one run's output. */
    private static List<JsonNode> rows(Path directory, Set<Path> except) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (Path file : files(directory).stream().filter(f -> !except.contains(f)).sorted().toList()) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        rows.add(json.readTree(line));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    /** The counts per key (k, or j) of the rows. */
    private static Map<Long, List<Long>> countsPerKey(List<JsonNode> rows) {
        Map<Long, List<Long>> counts = new TreeMap<>();
        for (JsonNode row : rows) {
            counts.computeIfAbsent(row.get(row.has("k") ? "k" : "j").asLong(), k -> new ArrayList<>())
                    .add(row.get("c").asLong());
        }
        return counts;
    }

    /** What the restored run's results say. */
    record Judged(Reality reality, String why) {
    }

    private static Judged judge(Pair pair, List<JsonNode> before, Path output, Set<Path> writersFiles) {
        List<JsonNode> after = rows(outputOf(pair, output), writersFiles);
        return switch (pair.results()) {
            case COUNTS_CONTINUE -> judgeCounts(countsPerKey(before), countsPerKey(after), true);
            case NEW_KEY_COUNTS_START_AT_ONE -> judgeCounts(countsPerKey(before), countsPerKey(after), false);
            case COUNTS_AT_NEW_PATH -> {
                // Both paths: a restored file sink may go on writing where its state says it was writing.
                List<JsonNode> left = rows(output.resolve("counts"), writersFiles);
                List<JsonNode> all = new ArrayList<>(left);
                all.addAll(after);
                Judged counted = judgeCounts(countsPerKey(before), countsPerKey(all), true);
                yield left.isEmpty() ? counted : new Judged(Reality.RESTORES_WRONGLY, left.size() + " of the "
                        + all.size() + " rows the candidate wrote went to the writer's path counts, not to "
                        + "counts_moved; " + counted.why());
            }
            case FOUR_SECOND_WINDOWS -> judgeWindows(before, after);
            case NONE -> new Judged(Reality.NOT_RESTORED, "");
        };
    }

    /**
     * Reads the restored run's counts per key: each key counted on from the state's last count once each (the state
     * taken up), or 1, 2, 3... (a fresh start), or neither. Which of the first two is right depends on the pair.
     */
    private static Judged judgeCounts(Map<Long, List<Long>> written, Map<Long, List<Long>> restored,
                                      boolean continuingIsRight) {
        if (restored.keySet().size() != 2) {
            return new Judged(Reality.RESTORES_WRONGLY, "counted keys " + restored.keySet() + ", not 1 and 2");
        }
        boolean allContinue = true;
        boolean allStartAgain = true;
        StringBuilder why = new StringBuilder();
        for (Map.Entry<Long, List<Long>> key : restored.entrySet()) {
            long last = written.getOrDefault(key.getKey(), List.of()).stream().mapToLong(Long::longValue).max()
                    .orElse(0);
            List<Long> counts = key.getValue().stream().sorted().toList();
            allContinue &= counts.equals(LongStream.rangeClosed(last + 1, last + counts.size()).boxed().toList());
            allStartAgain &= counts.equals(LongStream.rangeClosed(1, counts.size()).boxed().toList());
            why.append(why.isEmpty() ? "" : "; ").append("key ").append(key.getKey()).append(": state ended at ")
                    .append(last).append(", then ").append(range(counts));
        }
        if (allContinue && continuingIsRight) {
            return new Judged(Reality.RESTORES_CORRECTLY, "counts continue once each (" + why + ")");
        }
        if (allStartAgain && continuingIsRight) {
            return new Judged(Reality.RESTORES_DROPPING_STATE, "counts start again at 1 (" + why + ")");
        }
        if (allStartAgain) {
            return new Judged(Reality.RESTORES_CORRECTLY, "new keys counted from 1, as a fresh run (" + why + ")");
        }
        if (allContinue) {
            return new Judged(Reality.RESTORES_WRONGLY, "new keys go on from the old keys' counts (" + why + ")");
        }
        return new Judged(Reality.RESTORES_WRONGLY, "counts neither continue nor start again (" + why + ")");
    }

    private static String range(List<Long> sorted) {
        return sorted.isEmpty() ? "nothing" : sorted.size() == 1 ? "" + sorted.get(0)
                : sorted.get(0) + ".." + sorted.get(sorted.size() - 1) + " (" + sorted.size() + " counts)";
    }

    /** A window of the output: [start, end) in epoch milliseconds of the session's local time. */
    record Window(long key, long start, long end, long count) {
        static Window of(JsonNode row) {
            return new Window(row.get("k").asLong(), millis(row.get("window_start").asText()),
                    millis(row.get("window_end").asText()), row.get("c").asLong());
        }

        private static long millis(String timestamp) {
            return LocalDateTime.parse(timestamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        }

        boolean overlaps(Window other) {
            return key == other.key && start < other.end && other.start < end;
        }

        @Override
        public String toString() {
            return "k=" + key + " [" + (start / 1000 % 3600) + "s, " + (end / 1000 % 3600) + "s) " + count;
        }
    }

    /**
     * Right, after a 2 s window becomes a 4 s one: what a fresh run of the candidate would emit over the rows the state
     * holds and the new ones. Its windows are 4 s windows on the 4 s grid; and the state's 2 s slice fits in one of
     * them, whose count takes up the slice's rows and the new ones, and no rows of the writer's windows: so none of
     * the restored run's windows covers time of a window the writer emitted. (When the slice in progress is the second
     * half of a 4 s window, no restore can be right: its first half was emitted as a 2 s window already.)
     */
    private static Judged judgeWindows(List<JsonNode> before, List<JsonNode> after) {
        List<Window> written = before.stream().map(Window::of).toList();
        List<Window> restored = after.stream().map(Window::of).sorted(Comparator.comparingLong(Window::start)
                .thenComparingLong(Window::key)).toList();
        List<String> wrong = new ArrayList<>();
        for (Window window : restored) {
            if (window.end() - window.start() != 4000 || window.start() % 4000 != 0) {
                wrong.add(window + " is not a 4 s window on the 4 s grid");
            }
            written.stream().filter(window::overlaps).findFirst()
                    .ifPresent(w -> wrong.add(window + " covers time of the writer's window " + w));
        }
        String windows = "windows after the restore (second of the hour): " + restored.stream()
                .map(Window::toString).collect(Collectors.joining(", "));
        return wrong.isEmpty() ? new Judged(Reality.RESTORES_CORRECTLY, windows)
                : new Judged(Reality.RESTORES_WRONGLY, String.join("; ", wrong) + "; " + windows);
    }

    private static String table(List<Seen> seen) {
        StringBuilder table = new StringBuilder("""
                Each change made on a stateful job stopped with a savepoint: the state check's verdict on restoring \
                the savepoint into the changed job, then the restore on the embedded Flink without any gate. Right \
                results: running counts that go on from the state's once each (a fresh run's counts over the new \
                rows plus the state's); for a changed PARTITION BY key, counts per new key from 1 (the state counted \
                other keys); for a changed window size, only windows the new query emits (4 s, on the 4 s grid), none \
                covering time of a window the old query emitted; for a changed sink path, every new row under the new path.

                | # | change | verdict | check's reason | Flink | results | rules | s |
                |---|---|---|---|---|---|---|---|
                """);
        int row = 0;
        for (Seen s : seen) {
            table.append("| ").append(++row).append(" | ").append(s.pair().name())
                    .append(" | ").append(s.verdict() == null ? "(no check)" : s.verdict().kind().wireName())
                    .append(" | ").append(cell(s.verdict() == null ? "" : s.verdict().describe()))
                    .append(" | ").append(cell(s.reality().words + (s.reality() == Reality.REFUSES ? ": "
                            + s.flinkSaid() : "")))
                    .append(" | ").append(cell(s.results()))
                    .append(" | ").append(s.broken().isEmpty() ? held(s) : cell("BROKEN: "
                            + String.join("; ", s.broken())))
                    .append(" | ").append(s.took().toSeconds())
                    .append(" |\n");
        }
        return table.toString();
    }

    /** The rules held; and where the check refused a restore Flink gets right, it was stricter than it had to be. */
    private static String held(Seen seen) {
        boolean refusedByTheCheck = seen.verdict() != null && !seen.verdict().allowsRestore(
                seen.pair().allowNonRestoredState());
        if (seen.pair().unknownBecause() != null) {
            return "held (unknown allowed: " + seen.pair().unknownBecause() + ")";
        }
        return refusedByTheCheck && seen.reality() == Reality.RESTORES_CORRECTLY
                ? "held (stricter than Flink: the restore gives right results)" : "held";
    }

    private static String cell(String text) {
        String flat = text.replace('\n', ' ').replace("|", "\\|");
        return flat.length() > 400 ? flat.substring(0, 399) + "…" : flat;
    }

    /** The DataStream job of the jar pairs. */
    static final class MatrixJar {
        static final String JAR = "matrix-keyed-counts.jar";
        static final String MAIN_CLASS = "matrix.KeyedCounts";
        static final String SOURCE = """
                package matrix;

                import org.apache.flink.api.common.eventtime.WatermarkStrategy;
                import org.apache.flink.api.common.serialization.SimpleStringEncoder;
                import org.apache.flink.api.common.state.ValueState;
                import org.apache.flink.api.common.state.ValueStateDescriptor;
                import org.apache.flink.api.common.typeinfo.Types;
                import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
                import org.apache.flink.connector.datagen.source.DataGeneratorSource;
                import org.apache.flink.connector.datagen.source.GeneratorFunction;
                import org.apache.flink.connector.file.sink.FileSink;
                import org.apache.flink.core.fs.Path;
                import org.apache.flink.streaming.api.datastream.DataStream;
                import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
                import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
                import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
                import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
                import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
                import org.apache.flink.util.Collector;

                /**
                 * A running count per key (1 and 2) of numbers, args[0] a second, as JSON lines under args[1]; and a
                 * running sum per key, discarded. args[2]: uids (every operator has one), uids-without-sum (the sum
                 * removed), plain (no uids), plain-filtered (no uids, a filter after the source).
                 */
                public class KeyedCounts {
                    public static void main(String[] args) throws Exception {
                        String variant = args[2];
                        boolean uids = variant.startsWith("uids");
                        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                        DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(
                                (GeneratorFunction<Long, Long>) index -> index, Long.MAX_VALUE,
                                RateLimiterStrategy.perSecond(Double.parseDouble(args[0])), Types.LONG);
                        SingleOutputStreamOperator<Long> source = env.fromSource(numbers,
                                WatermarkStrategy.noWatermarks(), "numbers");
                        if (uids) {
                            source.uid("numbers");
                        }
                        DataStream<Long> input = variant.equals("plain-filtered")
                                ? source.filter(n -> n >= 0).name("all") : source;
                        SingleOutputStreamOperator<String> counts = input.keyBy(n -> n % 2 + 1, Types.LONG)
                                .process(new Count("c")).name("count");
                        FileSink<String> files = FileSink.forRowFormat(new Path(args[1]),
                                new SimpleStringEncoder<String>()).withRollingPolicy(OnCheckpointRollingPolicy.build())
                                .build();
                        if (uids) {
                            counts.uid("count");
                            counts.sinkTo(files).uid("counts");
                        } else {
                            counts.sinkTo(files);
                        }
                        if (!variant.endsWith("without-sum")) {
                            SingleOutputStreamOperator<String> sums = input.keyBy(n -> n % 2 + 1, Types.LONG)
                                    .process(new Count("s")).name("sum");
                            if (uids) {
                                sums.uid("sum");
                                sums.sinkTo(new DiscardingSink<>()).uid("sums");
                            } else {
                                sums.sinkTo(new DiscardingSink<>());
                            }
                        }
                        env.execute("keyed counts");
                    }

                    /** Counts the numbers of each key, and writes {"k": key, "<field>": count}. */
                    static final class Count extends KeyedProcessFunction<Long, Long, String> {
                        private final String field;
                        private transient ValueState<Long> count;

                        Count(String field) {
                            this.field = field;
                        }

                        @Override
                        public void processElement(Long number, Context context, Collector<String> out)
                                throws Exception {
                            if (count == null) {
                                count = getRuntimeContext().getState(new ValueStateDescriptor<>(field, Types.LONG));
                            }
                            long next = count.value() == null ? 1 : count.value() + 1;
                            count.update(next);
                            out.collect("{\\"k\\": " + context.getCurrentKey() + ", \\"" + field + "\\": " + next
                                    + "}");
                        }
                    }
                }
                """;

        private MatrixJar() {
        }
    }
}
