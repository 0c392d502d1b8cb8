package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jobs on a real embedded Flink cluster, through the runtime the engine uses (one cluster for the whole class). */
class FlinkJobRuntimeTest {

    private static final JobConfig CHECKPOINT_EVERY_SECOND = JobConfig.builder().checkpointEnabled(true)
            .checkpointMode(CheckpointMode.EXACTLY_ONCE).checkpointIntervalSeconds(1).build();

    private static final String COUNTS = CountingSql.COUNTS;

    private static FlinkJobRuntime runtime;

    @BeforeAll
    static void flink() throws Exception {
        runtime = EmbeddedFlink.runtime();
    }

    private static Path projectDirectory(String project) {
        return EmbeddedFlink.projects().resolve(project);
    }

    @Test
    void aStatefulSqlJobStopsWithASavepointAndResumesCountingWhereItStopped() throws Exception {
        ProjectId project = ProjectId.of("state");
        Path output = projectDirectory("state").resolve("counts");
        Launch first = EmbeddedFlink.sqlLaunch(project, 1, COUNTS, CHECKPOINT_EVERY_SECOND, Optional.empty());

        EmbeddedFlink.launchUntil(first, ObservedJob.State.RUNNING);
        CommittedOutput.awaitCounted(output, 10, Duration.ofSeconds(60));
        assertThat(runtime.latestCheckpoint(project, JobId.of(1), first.runtimeJobId()))
                .hasValueSatisfying(checkpoint -> assertThat(checkpoint).contains(first.runtimeJobId().value())
                        .containsPattern("chk-\\d+$"));
        String savepoint = runtime.stopWithSavepoint(first.runtimeJobId(), project, JobId.of(1), Duration.ofMinutes(1))
                .get();
        EmbeddedFlink.awaitState(first.runtimeJobId(), ObservedJob.State.FINISHED);
        long countedBeforeTheStop = CommittedOutput.highestCount(output, "k", "c");
        assertThat(savepoint).startsWith(EmbeddedFlink.root().resolve("savepoints").resolve("state").resolve("1")
                .toUri().toString().replaceFirst("^file:///", "file:/"));

        Launch resumed = EmbeddedFlink.sqlLaunch(project, 1, COUNTS, CHECKPOINT_EVERY_SECOND, Optional.of(savepoint));
        EmbeddedFlink.launchUntil(resumed, ObservedJob.State.RUNNING);
        CommittedOutput.awaitCounted(output, countedBeforeTheStop + 10, Duration.ofSeconds(60));
        runtime.stopWithSavepoint(resumed.runtimeJobId(), project, JobId.of(1), Duration.ofMinutes(1)).get();

        // Every count of every key, from both runs, exactly once: the second run went on from the first one's state.
        assertThat(CommittedOutput.assertCountedExactlyOnce(output)).isGreaterThan(countedBeforeTheStop);
    }

    @Test
    void aSyntaxErrorIsRefusedWithTheParsersMessageAndWhereItIs() {
        Launch launch = EmbeddedFlink.sqlLaunch(ProjectId.of("syntax"), 1, """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
                CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT a FORM s;""", JobConfig.DEFAULTS, Optional.empty());

        assertThatThrownBy(() -> runtime.launch(launch)).isInstanceOf(LaunchRefusedException.class)
                .hasMessage("Statement 3 (line 3): SQL parse failed. Encountered \"s\" at line 3, column 29.")
                .hasMessageNotContaining("\tat ");
        assertThat(runtime.observe()).doesNotContainKey(launch.runtimeJobId());
    }

    @Test
    void aJobsOwnRestartSettingsDoNotTakeTheServicesBoundAway() throws Exception {
        Launch launch = EmbeddedFlink.sqlLaunch(ProjectId.of("failing"), 2, """
                SET 'restart-strategy.type' = 'fixed-delay';
                SET 'restart-strategy.fixed-delay.attempts' = '2147483647';
                SET 'restart-strategy.fixed-delay.delay' = '10 ms';
                CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20',
                  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100000');
                CREATE TABLE ints (i INT) WITH ('connector' = 'blackhole');
                INSERT INTO ints SELECT CAST(CASE WHEN n > 5 THEN 'x' ELSE '1' END AS INT) FROM numbers;""",
                JobConfig.builder().runtimeConfig("{\"restart-strategy.type\": \"exponential-delay\", "
                        + "\"restart-strategy.exponential-delay.attempts-before-reset-backoff\": \"2147483647\"}")
                        .build(), Optional.empty());

        // restart_when_exception is false: the first failure ends the job, whatever the job's own settings say.
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.FAILED);
        assertThat(runtime.failure(launch.runtimeJobId()).cause()).startsWith("NumberFormatException: ");
    }

    @Test
    void aJobThatFailsAtRunTimeReportsItsRootCauseAndDoesNotRestartForever() throws Exception {
        Launch launch = EmbeddedFlink.sqlLaunch(ProjectId.of("failing"), 1, """
                CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20',
                  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100000');
                CREATE TABLE ints (i INT) WITH ('connector' = 'blackhole');
                INSERT INTO ints SELECT CAST(CASE WHEN n > 30 THEN 'x' ELSE '1' END AS INT) FROM numbers;""",
                CHECKPOINT_EVERY_SECOND, Optional.empty());

        EmbeddedFlink.launchUntil(launch, ObservedJob.State.FAILED);

        Failure failure = runtime.failure(launch.runtimeJobId());
        assertThat(failure.cause()).startsWith("NumberFormatException: ").contains("'x'");
        assertThat(failure.beforeRunning()).isFalse();
    }

    @Test
    void aSavepointThatCannotBeReadIsRefusedRatherThanStartingFresh() {
        Launch launch = EmbeddedFlink.sqlLaunch(ProjectId.of("state"), 2, COUNTS, JobConfig.DEFAULTS,
                Optional.of(EmbeddedFlink.root().resolve("savepoints/state/2/savepoint-gone").toUri().toString()));

        assertThatThrownBy(() -> runtime.launch(launch)).isInstanceOf(LaunchRefusedException.class)
                .hasMessageStartingWith("The state to restore cannot be read: ")
                .hasMessageContaining("savepoint-gone");
        assertThat(runtime.observe()).doesNotContainKey(launch.runtimeJobId());
    }

    private static void assertRefused(String project, String sql, String reason) {
        Launch launch = EmbeddedFlink.sqlLaunch(ProjectId.of(project), 1, sql, JobConfig.DEFAULTS, Optional.empty());
        assertThatThrownBy(() -> runtime.launch(launch)).isInstanceOf(LaunchRefusedException.class)
                .hasMessageContaining(reason);
        assertThat(runtime.observe()).doesNotContainKey(launch.runtimeJobId());
    }

    @Test
    void aJobCannotReadTheServicesCredentialsFile() throws Exception {
        Path credentials = Files.writeString(EmbeddedFlink.root().resolve("credentials.json"),
                "[{\"access_key\": \"AK\", \"secret_key\": \"SECRET\", \"projects\": [\"p\"]}]");

        assertRefused("thief", """
                CREATE TABLE secrets (line STRING) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'raw');
                CREATE TABLE out (line STRING) WITH ('connector' = 'print');
                INSERT INTO out SELECT line FROM secrets;""".formatted(credentials),
                "table secrets: 'path' must name a place inside the project's own directory; '" + credentials
                        + "' is outside it");
        assertRefused("thief", """
                CREATE TABLE secrets (line STRING) WITH ('connector' = 'filesystem', 'path' = '../../credentials.json',
                  'format' = 'raw');
                CREATE TABLE out (line STRING) WITH ('connector' = 'print');
                INSERT INTO out SELECT line FROM secrets;""", "'../../credentials.json' is outside it");
    }

    @Test
    void aJobCannotWriteOutsideItsProjectDirectoryNotEvenThroughALink() throws Exception {
        String sink = """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
                CREATE TABLE o (a INT) WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'json');
                INSERT INTO o SELECT a FROM s;""";
        Path other = Files.createDirectories(projectDirectory("victim"));
        Files.createDirectories(projectDirectory("writer"));
        Files.createSymbolicLink(projectDirectory("writer").resolve("link"), other);

        assertRefused("writer", sink.formatted("../victim/out"), "is outside it");
        assertRefused("writer", sink.formatted("file:///tmp/dlirun-outside"), "is outside it");
        assertRefused("writer", sink.formatted("link/out"), "is outside it");
        assertRefused("writer", sink.formatted("s3://bucket/out"), "(a local path); got 's3://bucket/out'");
    }

    @Test
    void onlyAllowedConnectorsAndTheJobsOwnSettingsAreTaken() {
        assertRefused("rules", """
                CREATE TABLE t (a INT) WITH ('connector' = 'hbase-2.2', 'table-name' = 't');
                CREATE TABLE o (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO o SELECT a FROM t;""",
                "uses the connector 'hbase-2.2', which this service does not allow; allowed: blackhole, datagen, "
                        + "filesystem, jdbc, kafka, print, upsert-kafka");
        // H2's JDBC URLs run code (INIT=RUNSCRIPT ...): no driver but the ones jobs are given.
        assertRefused("rules", """
                CREATE TABLE t (a INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:h2:mem:x', 'table-name' = 't');
                CREATE TABLE o (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO o SELECT a FROM t;""",
                "table t: 'url' is a URL for the JDBC driver 'h2', which this service does not allow; jobs are given "
                        + "the driver of postgresql");
        assertRefused("rules", """
                SET 'rest.address' = '10.0.0.1';
                CREATE TABLE o (a INT) WITH ('connector' = 'blackhole');""",
                "Statement 1 (line 1): the Flink setting 'rest.address' is not one a job may make");
        assertRefused("rules", "CREATE TABLE o (a INT) WITH ('connector' = 'blackhole');",
                "The SQL has no INSERT");

        Launch withJars = new Launch(ProjectId.of("rules"), JobId.of(2), RuntimeJobId.generate(),
                JobDefinition.sql("j", JobType.FLINK_SQL_JOB, "CREATE TABLE o (a INT) WITH ('connector' = 'blackhole')",
                        JobConfig.builder().runtimeConfig("{\"pipeline.jars\": \"file:///tmp/evil.jar\"}").build()),
                Optional.empty());
        assertThatThrownBy(() -> runtime.launch(withJars)).isInstanceOf(LaunchRefusedException.class)
                .hasMessageStartingWith("The job's runtime_config: the Flink setting 'pipeline.jars' is not one a job "
                        + "may make");
    }

    @Test
    void tablesCreatedByEveryFormOfAsSelectAreCheckedLikeAnyOther() throws Exception {
        Path victim = Files.writeString(EmbeddedFlink.root().resolve("victim.json"), "[\"keep me\"]");
        String source = "CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');\n";
        for (String statement : new String[]{"CREATE OR REPLACE TABLE", "REPLACE TABLE", "CREATE TABLE"}) {
            assertRefused("ctas", source + statement + " r WITH ('connector' = 'legacy-csv', 'path' = '" + victim
                    + "', 'write-mode' = 'OVERWRITE') AS SELECT CAST(a AS STRING) AS a FROM s;",
                    "Statement 2 (line 2): table r uses the connector 'legacy-csv', which no job may use");
            assertRefused("ctas", source + statement + " r WITH ('connector' = 'filesystem', 'path' = '" + victim
                    + "', 'format' = 'raw') AS SELECT CAST(a AS STRING) AS a FROM s;",
                    "table r: 'path' must name a place inside the project's own directory; '" + victim
                            + "' is outside it");
        }
        assertThat(Files.readString(victim)).isEqualTo("[\"keep me\"]");
    }

    @Test
    void optionsHintsAreAllowedAndWhatTheySetIsChecked() throws Exception {
        String tables = """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '5');
                CREATE TABLE f (a INT) WITH ('connector' = 'filesystem', 'path' = 'hinted', 'format' = 'json');
                """;
        assertRefused("hints", tables + "INSERT INTO f /*+ OPTIONS('path' = '/tmp/dlirun-hinted') */ SELECT a FROM s;",
                "Statement 3 (line 3): table f: 'path' must name a place inside the project's own directory; "
                        + "'/tmp/dlirun-hinted' is outside it.");
        assertRefused("hints", tables + "INSERT INTO f SELECT a FROM f /*+ OPTIONS('path' = '../other') */;",
                "table f: 'path' must name a place inside the project's own directory; '../other' is outside it");
        assertRefused("hints", tables + "INSERT INTO f /*+ OPTIONS('connector' = 'legacy-csv') */ SELECT a FROM s;",
                "table f uses the connector 'legacy-csv', which no job may use");
        assertRefused("hints", tables + "INSERT INTO f /*+ OPTIONS('sink.partition-commit.success-file.name' = "
                + "'../../x') */ SELECT a FROM s;", "'sink.partition-commit.success-file.name' must be the name of "
                + "one file");

        Launch hinted = EmbeddedFlink.sqlLaunch(ProjectId.of("hints"), 2, tables
                + "INSERT INTO f /*+ OPTIONS('sink.rolling-policy.rollover-interval' = '1 s') */ "
                + "SELECT a FROM s /*+ OPTIONS('rows-per-second' = '50') */;", JobConfig.DEFAULTS, Optional.empty());
        EmbeddedFlink.launchUntil(hinted, ObservedJob.State.FINISHED);
        assertThat(projectDirectory("hints").resolve("hinted")).isDirectory();
    }

    @Test
    void statementsOutsideTheAllowlistAreRefusedByTheRuleNamingThem() {
        String tables = """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
                CREATE TABLE o (a INT) WITH ('connector' = 'blackhole');
                """;
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("EXPLAIN INSERT INTO o SELECT a FROM s;", "'EXPLAIN INSERT' is not a statement a job may run");
        refused.put("COMPILE PLAN '/tmp/dlirun-plan.json' FOR INSERT INTO o SELECT a FROM s;",
                "'COMPILE PLAN' is not a statement a job may run");
        refused.put("SHOW TABLES;", "'SHOW TABLES' is not a statement a job may run");
        refused.put("SELECT a FROM s;", "(a SELECT on its own has nowhere to go");
        refused.put("LOAD MODULE core;", "'LOAD MODULE' is not a statement a job may run");
        refused.put("USE MODULES core;", "'USE MODULES' is not a statement a job may run");
        refused.put("ALTER TABLE o SET ('connector' = 'print');", "'ALTER TABLE' is not a statement a job may run");
        refused.put("DROP TABLE o;", "'DROP TABLE' is not a statement a job may run");
        refused.put("CREATE TEMPORARY FUNCTION f AS 'org.h2.tools.Shell';",
                "function f is code, and project statements may not run code on this service");
        refused.put("RESET;", "a job's RESET names the setting it resets");
        refused.put("SET 'pipeline.classpaths' = 'file:///tmp/x.jar';",
                "the Flink setting 'pipeline.classpaths' is not one a job may make");
        for (Map.Entry<String, String> statement : refused.entrySet()) {
            assertRefused("statements", tables + statement.getKey() + "\nINSERT INTO o SELECT a FROM s;",
                    "Statement 3 (line 3): ");
            assertRefused("statements", tables + statement.getKey() + "\nINSERT INTO o SELECT a FROM s;",
                    statement.getValue());
        }
    }

    @Test
    void sqlCannotMakeTheServiceLoadOneOfItsOwnClasses() throws Exception {
        Path witness = EmbeddedFlink.root().resolve("raw-witness");
        System.setProperty("dlirun.witness", witness.toString());
        assertRefused("raw", """
                CREATE TABLE s (x RAW('dev.dlirun.adapters.client.flink.ServiceClassWitness', 'AA==')) WITH (
                  'connector' = 'datagen');
                CREATE TABLE o (x INT) WITH ('connector' = 'blackhole');
                INSERT INTO o SELECT 1 FROM s;""", "Statement 1 (line 1): the type RAW(...) names a class for Flink "
                + "to load and bytes for it to deserialize, which a job's SQL may not");
        // And were it to get past that rule, the class loader planning a job sees the JDK and Flink only.
        ClassLoader planning = new FlinkOnlyClassLoader(getClass().getClassLoader());
        assertThatThrownBy(() -> Class.forName(ServiceClassWitness.class.getName(), true, planning))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.h2.tools.Shell", true, planning))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(Class.forName("org.apache.flink.table.api.TableEnvironment", false, planning)).isNotNull();
        assertThat(Path.of(witness + "-service-class")).doesNotExist();
    }

    @Test
    void aJarJobStartsAClassOfItsOwnJarOnly() throws Exception {
        Path jar = TestJars.countingJob(EmbeddedFlink.jars());
        Launch h2 = new Launch(ProjectId.of("jars"), JobId.of(3), RuntimeJobId.generate(), new JobDefinition("h2",
                JobType.FLINK_JAR_JOB, Optional.empty(), Optional.of("org.h2.tools.Shell"), Optional.of("-help"),
                JobConfig.builder().entrypoint(jar.getFileName().toString()).build()), Optional.empty());

        assertThatThrownBy(() -> runtime.launch(h2)).isInstanceOf(LaunchRefusedException.class)
                .hasMessage("The main class 'org.h2.tools.Shell' is not a class of the job's jar counting-job.jar; a "
                        + "jar job starts a class of its own jar only.");
        Launch otherProject = new Launch(ProjectId.of("no-code"), JobId.of(3), RuntimeJobId.generate(),
                jarLaunch(jar.getFileName().toString()).definition(), Optional.empty());
        assertThatThrownBy(() -> runtime.launch(otherProject)).isInstanceOf(LaunchRefusedException.class)
                .hasMessageStartingWith("The job's jar 'counting-job.jar' is code, and project no-code may not run "
                        + "code on this service");
    }

    @Test
    void aProjectAskingForEverySlotIsRefusedAndAnotherProjectsJobStillRuns() throws Exception {
        // The runtime's 24 slots: each project may hold 12 at once.
        JobConfig everySlot = JobConfig.builder().parallelNumber(24).build();
        JobConfig half = JobConfig.builder().parallelNumber(12).build();
        Launch greedy = EmbeddedFlink.sqlLaunch(ProjectId.of("greedy"), 1, BLACKHOLE, everySlot, Optional.empty());
        assertThatThrownBy(() -> runtime.launch(greedy)).isInstanceOf(LaunchRefusedException.class)
                .hasMessage("Project greedy may hold 12 task slots at once (--project-slots); its running jobs hold 0 "
                        + "and this job needs 24 (its highest parallelism). Stop one of them, or lower the job's "
                        + "parallelism.");
        Launch greedyHalf = EmbeddedFlink.sqlLaunch(ProjectId.of("greedy"), 2, BLACKHOLE, half, Optional.empty());
        EmbeddedFlink.launchUntil(greedyHalf, ObservedJob.State.RUNNING);
        Launch greedyMore = EmbeddedFlink.sqlLaunch(ProjectId.of("greedy"), 3, BLACKHOLE.replace("a FROM s",
                "a FROM s /*+ OPTIONS('scan.parallelism' = '2') */"), JobConfig.DEFAULTS, Optional.empty());
        assertThatThrownBy(() -> runtime.launch(greedyMore)).isInstanceOf(LaunchRefusedException.class)
                .hasMessageContaining("its running jobs hold 12 and this job needs 2");

        Launch modest = EmbeddedFlink.sqlLaunch(ProjectId.of("modest"), 1, BLACKHOLE, JobConfig.DEFAULTS,
                Optional.empty());
        EmbeddedFlink.launchUntil(modest, ObservedJob.State.RUNNING);

        runtime.cancel(greedyHalf.runtimeJobId()).get();
        EmbeddedFlink.awaitState(greedyHalf.runtimeJobId(), ObservedJob.State.CANCELED);
        EmbeddedFlink.launchUntil(greedyMore, ObservedJob.State.RUNNING);
        runtime.cancel(greedyMore.runtimeJobId()).get();
        runtime.cancel(modest.runtimeJobId()).get();
    }

    private static final String BLACKHOLE = """
            CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
            CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
            INSERT INTO b SELECT a FROM s;""";

    @Test
    void aJarOutsideTheJarsDirectoryIsRefusedAndOneInsideRuns() throws Exception {
        Path outside = TestJars.countingJob(EmbeddedFlink.root().resolve("elsewhere"));
        Path inside = TestJars.countingJob(EmbeddedFlink.jars());

        Launch refused = jarLaunch(outside.toString());
        assertThatThrownBy(() -> runtime.launch(refused)).isInstanceOf(LaunchRefusedException.class)
                .hasMessage("The job's jar '" + outside + "' is not in the jars directory; jars come from there only.");
        assertThatThrownBy(() -> runtime.launch(jarLaunch("../elsewhere/" + outside.getFileName())))
                .isInstanceOf(LaunchRefusedException.class).hasMessageContaining("is not in the jars directory");

        Launch launch = jarLaunch(inside.getFileName().toString());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        runtime.cancel(launch.runtimeJobId()).get();
        EmbeddedFlink.awaitState(launch.runtimeJobId(), ObservedJob.State.CANCELED);
    }

    private static Launch jarLaunch(String entrypoint) {
        return new Launch(ProjectId.of("jars"), JobId.of(1), RuntimeJobId.generate(), new JobDefinition("counting",
                JobType.FLINK_JAR_JOB, Optional.empty(), Optional.of(TestJars.MAIN_CLASS), Optional.of("5"),
                JobConfig.builder().entrypoint(entrypoint).build()), Optional.empty());
    }

    @Test
    void aLaunchTheClusterHasAlreadyIsNotSubmittedTwice() throws Exception {
        Path jar = TestJars.countingJob(EmbeddedFlink.jars());
        Launch launch = jarLaunch(jar.getFileName().toString());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);

        runtime.launch(launch);

        assertThat(runtime.observe().get(launch.runtimeJobId()).state()).isEqualTo(ObservedJob.State.RUNNING);
        runtime.cancel(launch.runtimeJobId()).get();
    }
}
