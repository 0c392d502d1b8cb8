package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.EmbeddedFlink;
import dev.dlirun.adapters.client.flink.FlinkJobRuntime;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.flink.TestJars;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.state.StateVerdict.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state check against real savepoints of real jobs on the shared embedded cluster, and Flink's own answer to the
 * restores the check judged: what it says Flink refuses, Flink refuses.
 */
class StateCheckTest {

    private static final ProjectId PROJECT = ProjectId.of("statecheck");

    private static final String EVENTS = """
            CREATE TABLE events (k INT, v INT) WITH ('connector' = 'datagen', 'rows-per-second' = '50',
              'fields.k.min' = '1', 'fields.k.max' = '3', 'fields.v.min' = '1', 'fields.v.max' = '3');
            CREATE TABLE by_k (k INT, c BIGINT) WITH ('connector' = 'blackhole');
            CREATE TABLE by_v (v INT, s BIGINT) WITH ('connector' = 'blackhole');
            """;

    /** A count per k. */
    static final String COUNT_BY_K = EVENTS + "INSERT INTO by_k SELECT k, COUNT(*) FROM events GROUP BY k;";

    /** A count per k, and a sum per v: two aggregates, each with its own keyed state. */
    static final String COUNT_BY_K_AND_SUM_BY_V = COUNT_BY_K
            + "\nINSERT INTO by_v SELECT v, SUM(k) FROM events GROUP BY v;";

    private static FlinkJobRuntime runtime;

    @BeforeAll
    static void flink() throws Exception {
        runtime = EmbeddedFlink.runtime();
    }

    static JobDefinition sql(String sql) {
        return sql(sql, 1);
    }

    static JobDefinition sql(String sql, int parallelism) {
        return JobDefinition.sql("state-check", JobType.FLINK_OPENSOURCE_SQL_JOB, sql,
                JobConfig.builder().parallelNumber(parallelism).build());
    }

    /** Runs {@code definition} as job {@code id} until its aggregates hold state, and stops it with a savepoint. */
    static String savepointOf(ProjectId project, long id, JobDefinition definition) throws Exception {
        Launch launch = new Launch(project, JobId.of(id), RuntimeJobId.generate(), definition, Optional.empty());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        Thread.sleep(1500);
        String savepoint = runtime.stopWithSavepoint(launch.runtimeJobId(), project, JobId.of(id),
                Duration.ofMinutes(1)).get();
        EmbeddedFlink.awaitState(launch.runtimeJobId(), ObservedJob.State.FINISHED);
        return savepoint;
    }

    private static StateCheck check(long id, JobDefinition candidate, String savepoint, JobDefinition writer) {
        return new StateCheck(PROJECT, JobId.of(id), candidate, savepoint, Optional.of(writer),
                Optional.of(runtime.version()));
    }

    private static Launch restoring(long id, JobDefinition definition, String savepoint, boolean allowNonRestored) {
        return new Launch(PROJECT, JobId.of(id), RuntimeJobId.generate(), definition, Optional.of(savepoint),
                allowNonRestored);
    }

    /** Launches {@code definition} restoring {@code savepoint}, waits until Flink runs it, and cancels it. */
    private static void restores(long id, JobDefinition definition, String savepoint, boolean allowNonRestored)
            throws Exception {
        Launch launch = restoring(id, definition, savepoint, allowNonRestored);
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        runtime.cancel(launch.runtimeJobId()).get();
    }

    /** Launches {@code definition} restoring {@code savepoint}: Flink's JobManager refuses it, saying why. */
    private static String refusedRestore(long id, JobDefinition definition, String savepoint,
                                         boolean allowNonRestored) {
        Launch launch = restoring(id, definition, savepoint, allowNonRestored);
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> runtime.launch(launch));
        assertThat(refused).isInstanceOf(LaunchRefusedException.class);
        // The cluster has it as failed at its start (its JobManager could not restore it), not running.
        assertThat(Optional.ofNullable(runtime.observe().get(launch.runtimeJobId())).map(ObservedJob::state)
                .orElse(ObservedJob.State.FAILED)).isEqualTo(ObservedJob.State.FAILED);
        return refused.getMessage();
    }

    @Test
    void theSameSqlIsCompatibleAndFlinkRestoresItWithoutDroppingAnything() throws Exception {
        JobDefinition job = sql(COUNT_BY_K);
        String savepoint = savepointOf(PROJECT, 1, job);

        StateVerdict verdict = null;
        for (int run = 1; run <= 3; run++) {
            long started = System.nanoTime();
            verdict = runtime.checkState(check(1, job, savepoint, job));
            System.out.println("State check " + run + " of a one-INSERT SQL job (writer and candidate planned): "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
        }

        assertThat(verdict.kind()).as(verdict.describe()).isEqualTo(Kind.COMPATIBLE);
        assertThat(verdict.reason()).contains("maps to the new program");
        assertThat(verdict.operators()).isEmpty();
        // Its operator ids are the launch's: Flink takes all of the state without allowNonRestoredState.
        restores(1, job, savepoint, false);
    }

    @Test
    void aRemovedStatefulBranchDropsItsStateAndFlinkRefusesUnlessAllowedToDropIt() throws Exception {
        JobDefinition writer = sql(COUNT_BY_K_AND_SUM_BY_V);
        String savepoint = savepointOf(PROJECT, 2, writer);
        JobDefinition candidate = sql(COUNT_BY_K);

        StateVerdict verdict = runtime.checkState(check(2, candidate, savepoint, writer));

        assertThat(verdict.kind()).as(verdict.describe()).isEqualTo(Kind.DROPS_STATE);
        assertThat(verdict.reason()).contains("allowNonRestoredState");
        assertThat(verdict.operators()).anySatisfy(note -> {
            assertThat(note.operator()).startsWith("GroupAggregate(groupBy=[v]");
            assertThat(note.operatorId()).matches("[0-9a-f]{32}");
            assertThat(note.note()).matches("its keyed state \\(.+\\) would be dropped");
        });
        // The k aggregate stays in the query, but not in its place: Flink's generated ids follow the graph's shape
        // (StreamGraphHasherV2 numbers operators as it walks the graph from its sources), and without the v branch it
        // comes earlier. Its state is dropped too, and the check says so: its count would start again from zero.
        assertThat(verdict.operators()).anySatisfy(note -> assertThat(note.operator())
                .startsWith("GroupAggregate(groupBy=[k]"));
        assertThat(verdict.allowsRestore(false)).isFalse();
        assertThat(verdict.allowsRestore(true)).isTrue();

        // Flink agrees: it refuses the restore, unless the launch may drop the state.
        String refused = refusedRestore(2, candidate, savepoint, false);
        assertThat(refused).contains("Cannot map checkpoint/savepoint state for operator");
        assertThat(verdict.operators()).anySatisfy(note -> assertThat(refused).contains(note.operatorId()));
        restores(2, candidate, savepoint, true);
    }

    @Test
    void moreInstancesThanTheStatesMaxParallelismIsIncompatibleAndFlinkRefusesIt() throws Exception {
        JobDefinition writer = sql("SET 'pipeline.max-parallelism' = '2';\n" + COUNT_BY_K);
        String savepoint = savepointOf(PROJECT, 3, writer);
        JobDefinition candidate = sql(COUNT_BY_K, 4);

        StateVerdict verdict = runtime.checkState(check(3, candidate, savepoint, writer));

        assertThat(verdict.kind()).as(verdict.describe()).isEqualTo(Kind.INCOMPATIBLE);
        assertThat(verdict.reason()).contains("max parallelism");
        assertThat(verdict.operators()).anySatisfy(note -> {
            assertThat(note.operator()).startsWith("GroupAggregate(groupBy=[k]");
            assertThat(note.note()).contains("max parallelism 2").contains("parallelism 4");
        });
        assertThat(verdict.allowsRestore(true)).isFalse();

        String refused = refusedRestore(3, candidate, savepoint, true);
        assertThat(refused).contains("The maximum parallelism (2) of the restored state is lower than the configured "
                + "parallelism (4)");
        assertThat(verdict.operators()).anySatisfy(note -> assertThat(refused).contains(note.operatorId()));
    }

    @Test
    void aCheckpointOfTheJobIsCheckedAsASavepointIs() throws Exception {
        JobDefinition job = JobDefinition.sql("state-check", JobType.FLINK_OPENSOURCE_SQL_JOB, COUNT_BY_K,
                JobConfig.builder().checkpointEnabled(true).checkpointIntervalSeconds(1).build());
        Launch launch = new Launch(PROJECT, JobId.of(7), RuntimeJobId.generate(), job, Optional.empty());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<String> checkpoint = Optional.empty();
        while (checkpoint.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            checkpoint = runtime.latestCheckpoint(PROJECT, JobId.of(7), launch.runtimeJobId());
        }
        runtime.cancel(launch.runtimeJobId()).get();
        assertThat(checkpoint).isPresent();

        StateVerdict verdict = runtime.checkState(check(7, job, checkpoint.get() + "/_metadata", job));

        assertThat(verdict.kind()).as(verdict.describe()).isEqualTo(Kind.COMPATIBLE);
    }

    @Test
    void stateOfAnotherFlinkVersionCannotBeJudged() throws Exception {
        JobDefinition job = sql(COUNT_BY_K);
        String savepoint = savepointOf(PROJECT, 4, job);

        StateVerdict verdict = runtime.checkState(new StateCheck(PROJECT, JobId.of(4), job, savepoint,
                Optional.of(job), Optional.of("Flink 1.20.1")));

        assertThat(verdict.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(verdict.reason()).contains("Flink 1.20.1").contains(runtime.version());
    }

    @Test
    void stateThatCannotBeReadOrIsNotTheProjectsIsTheCallersMistake() throws Exception {
        JobDefinition job = sql(COUNT_BY_K);
        Path savepoints = EmbeddedFlink.root().resolve("savepoints").resolve(PROJECT.value()).resolve("5");
        Path garbled = Files.createDirectories(savepoints.resolve("savepoint-garbled"));
        Files.writeString(garbled.resolve("_metadata"), "not a savepoint");

        assertThatThrownBy(() -> runtime.checkState(check(5, job, garbled.toUri().toString(), job)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(garbled.toUri().toString())
                .hasMessageContaining("cannot be read");
        String gone = savepoints.resolve("savepoint-gone").toUri().toString();
        assertThatThrownBy(() -> runtime.checkState(check(5, job, gone, job)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(gone)
                .hasMessageContaining("holds no _metadata file");
        // Another project's state, or a file elsewhere: never read.
        Path others = Files.createDirectories(EmbeddedFlink.root().resolve("savepoints/other/1/savepoint-x"));
        Files.writeString(others.resolve("_metadata"), "theirs");
        assertThatThrownBy(() -> runtime.checkState(check(5, job, others.toString(), job)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("of this project");
        assertThatThrownBy(() -> runtime.checkState(check(5, job, savepoints.resolve("../../other/1/savepoint-x")
                .toString(), job))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("of this project");
        assertThatThrownBy(() -> runtime.checkState(check(5, job, "/etc", job)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("of this project");
    }

    @Test
    void aJarJobIsPlannedByRunningItsMainMethodAndJudgedByFlinksRulesAlone() throws Exception {
        Path jar = TestJars.countingJob(EmbeddedFlink.jars());
        ProjectId jars = ProjectId.of("jars");
        JobDefinition job = new JobDefinition("counting", JobType.FLINK_JAR_JOB, Optional.empty(),
                Optional.of(TestJars.MAIN_CLASS), Optional.of("50"),
                JobConfig.builder().entrypoint(jar.getFileName().toString()).build());
        String savepoint = savepointOf(jars, 6, job);

        StateVerdict verdict = runtime.checkState(new StateCheck(jars, JobId.of(6), job, savepoint, Optional.of(job),
                Optional.of(runtime.version())));

        assertThat(verdict.kind()).as(verdict.describe()).isEqualTo(Kind.COMPATIBLE);
        assertThat(verdict.reason()).contains("maps to the new program")
                .contains("what the state of a jar job's code means cannot be compared");
        Launch resumed = new Launch(jars, JobId.of(6), RuntimeJobId.generate(), job, Optional.of(savepoint), false);
        EmbeddedFlink.launchUntil(resumed, ObservedJob.State.RUNNING);
        runtime.cancel(resumed.runtimeJobId()).get();
    }

    @Test
    void theStateOfAProjectThatRunsCodeIsNeitherReadNorPlannedInTheService() throws Exception {
        JobDefinition job = sql(COUNT_BY_K);
        // A runtime on a local cluster (never started) whose project "code" runs code: its jobs are planned by a
        // job client as the project's own user, never in the service; and its state, which its own cluster writes,
        // is not deserialized there (this metadata would not read).
        Path root = Files.createTempDirectory("dlirun-state-check-code");
        Path copy = Files.createDirectories(root.resolve("savepoints/code/1/savepoint-1"));
        Files.writeString(copy.resolve("_metadata"), "written by the project's own code");
        FlinkJobRuntime local = new FlinkJobRuntime(new FlinkSettings(new FlinkSettings.Local(4,
                root.resolve("lib"), Optional.empty()), root.resolve("checkpoints").toUri(),
                root.resolve("savepoints").toUri(), root.resolve("projects"), Optional.empty(),
                FlinkSettings.defaultConnectors(), EmbeddedFlink.CODE_PROJECTS, root.resolve("tmp"),
                root.resolve("cluster"), new FlinkSettings.JobReach(Optional.of(EmbeddedFlink.connectorJars()),
                EmbeddedFlink.ALLOW_HOSTS, java.util.Set::of)));
        try {
            StateVerdict verdict = local.checkState(new StateCheck(ProjectId.of("code"), JobId.of(1), job,
                    copy.toUri().toString(), Optional.of(job), Optional.of(local.version())));

            assertThat(verdict.kind()).isEqualTo(Kind.UNKNOWN);
            assertThat(verdict.reason()).contains("run code").contains("job client");
            String gone = root.resolve("savepoints/code/1/savepoint-gone").toUri().toString();
            assertThatThrownBy(() -> local.checkState(new StateCheck(ProjectId.of("code"), JobId.of(1), job, gone,
                    Optional.of(job), Optional.of(local.version())))).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("holds no _metadata file");
        } finally {
            local.close();
        }
    }
}
