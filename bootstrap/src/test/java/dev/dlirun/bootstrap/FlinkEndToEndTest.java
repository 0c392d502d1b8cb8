package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchDeleteFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.BatchDeleteFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkJarJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkJarJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobResponse;
import com.huaweicloud.sdk.dli.v1.model.DeleteFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.DeleteFlinkJobResponse;
import com.huaweicloud.sdk.dli.v1.model.FlinkJobConfig;
import com.huaweicloud.sdk.dli.v1.model.FlinkSuccessResponse;
import com.huaweicloud.sdk.dli.v1.model.ListFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.ListFlinkJobsResponse;
import com.huaweicloud.sdk.dli.v1.model.Tag;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkJarJobRequest;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkJarJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobResponse;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.BatchStopFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.ExecuteFlinkJobSavepointRequest;
import com.huaweicloud.sdk.dli.v1.model.ExecuteFlinkJobSavepointRequestBody;
import com.huaweicloud.sdk.dli.v1.model.FlinkJob;
import com.huaweicloud.sdk.dli.v1.model.ImportFlinkJobSavepointRequest;
import com.huaweicloud.sdk.dli.v1.model.ImportFlinkJobSavepointRequestBody;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.StopFlinkJobsRequestBody;
import dev.dlirun.adapters.client.flink.peers.KafkaBroker;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.client.DliRunClient;
import dev.dlirun.client.api.StreamingJobsApi;
import dev.dlirun.adapters.client.flink.CommittedOutput;
import dev.dlirun.adapters.client.flink.CountingSql;
import dev.dlirun.adapters.client.flink.TestJars;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service as main() wires it, its jobs running for real on the default engine (a local Flink cluster in
 * processes of its own), driven over HTTP and the official SDK as callers drive it (one server, one cluster, for the
 * whole class).
 */
class FlinkEndToEndTest {

    private static final String PROJECT = "e2e";
    /** The project that may run code (jar jobs): its jobs run on a cluster of their own, launched by job clients. */
    private static final String CODE_PROJECT = "e2e-code";
    /** The local cluster's jars, as the build gathers them (the packaged service finds them next to its jar). */
    static final Path LOCAL_CLUSTER_LIB = Path.of("../adapters-client/flink-cluster/target/lib").toAbsolutePath()
            .normalize();
    private static final Duration SOON = Duration.ofSeconds(90);
    /** The connectors' bundles, as the build gathers them (the packaged service finds them next to its jar). */
    static final Path CONNECTOR_JARS = Path.of(System.getProperty("dlirun.connector-jars",
            "../adapters-client/flink-connectors/target/connectors")).toAbsolutePath().normalize();

    static final String COUNTS = CountingSql.COUNTS;

    private static Path data;
    private static Path credentials;
    private static Path outsideJar;
    private static RunningService service;

    static String sqlJob(String project, long id, String sql, String extra) {
        return "{\"project_id\": \"" + project + "\", \"job_id\": " + id + ", \"name\": \"job-" + id + "\", "
                + "\"job_type\": \"flink_opensource_sql_job\", \"status\": \"job_init\", \"has_savepoint\": false, "
                + "\"sql_body\": " + json(sql) + extra + "}";
    }

    static String json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The counting job, writing its counts into the project's {@code directory}. */
    static String countsInto(String directory) {
        return COUNTS.replace("'path' = 'counts'", "'path' = '" + directory + "'");
    }

    /** A small stateless job: datagen into a blackhole. */
    static final String BLACKHOLE = """
            CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '10');
            CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
            INSERT INTO b SELECT a FROM s;""";

    static final String CHECKPOINT_EVERY_SECOND = ", \"job_config\": {\"checkpoint_enabled\": true, "
            + "\"checkpoint_mode\": 1, \"checkpoint_interval\": 1}";

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("dlirun-flink-e2e");
        // As an operator leaves the place of a data directory: the local cluster's user may pass through it.
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path jars = Files.createDirectories(data.resolve("jars"));
        Path jar = TestJars.countingJob(jars);
        outsideJar = TestJars.countingJob(Files.createDirectories(data.resolve("elsewhere")));
        credentials = Files.writeString(data.resolve("credentials.json"), "[{\"access_key\": \"AK\", "
                + "\"secret_key\": \"SECRET\", \"projects\": [\"e2e\"]}]");
        Path jobs = Files.writeString(data.resolve("jobs.json"), "[" + String.join(",\n", List.of(
                sqlJob(PROJECT, 1, COUNTS, CHECKPOINT_EVERY_SECOND),
                sqlJob(PROJECT, 2, "CREATE TABLE s (a INT) WITH ('connector' = 'datagen');\n"
                        + "CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO b SELECT a FORM s;", ""),
                sqlJob(PROJECT, 3, """
                        CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '20',
                          'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100000');
                        CREATE TABLE ints (i INT) WITH ('connector' = 'blackhole');
                        INSERT INTO ints SELECT CAST(CASE WHEN n > 40 THEN 'x' ELSE '1' END AS INT) FROM numbers;""", ""),
                "{\"project_id\": \"e2e\", \"job_id\": 4, \"name\": \"lost-state\", \"job_type\": \"flink_sql_job\", "
                        + "\"status\": \"job_cancel_success\", \"has_savepoint\": true, \"savepoint_path\": "
                        + json(data.resolve("savepoints/e2e/4/savepoint-that-was-deleted").toUri().toString())
                        + ", \"sql_body\": " + json(COUNTS) + "}",
                "{\"project_id\": \"e2e-code\", \"job_id\": 5, \"name\": \"counting-jar\", \"job_type\": \"flink_jar_job\", "
                        + "\"status\": \"job_init\", \"has_savepoint\": false, \"main_class\": \"" + TestJars.MAIN_CLASS
                        + "\", \"entrypoint_args\": \"5\", \"job_config\": {\"entrypoint\": \"" + jar.getFileName()
                        + "\"}}",
                sqlJob(PROJECT, 6, """
                        CREATE TABLE secrets (line STRING) WITH ('connector' = 'filesystem', 'path' = '%s',
                          'format' = 'raw');
                        CREATE TABLE out (line STRING) WITH ('connector' = 'print');
                        INSERT INTO out SELECT line FROM secrets;""".formatted(credentials), ""),
                sqlJob(PROJECT, 7, """
                        CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
                        CREATE TABLE o (a INT) WITH ('connector' = 'filesystem', 'path' = '../other/out', 'format' = 'json');
                        INSERT INTO o SELECT a FROM s;""", ""),
                sqlJob(PROJECT, 9, countsInto("counts-9"), CHECKPOINT_EVERY_SECOND),
                // Job 9's SQL: a savepoint is imported from job 9 into job 10 (see the SDK's test).
                sqlJob(PROJECT, 10, countsInto("counts-9"), CHECKPOINT_EVERY_SECOND),
                sqlJob(PROJECT, 11, countsInto("counts-11"), CHECKPOINT_EVERY_SECOND),
                sqlJob(PROJECT, 12, BLACKHOLE, ""),
                sqlJob(PROJECT, 13, BLACKHOLE, ""),
                sqlJob(PROJECT, 14, BLACKHOLE, ""),
                sqlJob(PROJECT, 15, BLACKHOLE, ""),
                sqlJob(PROJECT, 16, BLACKHOLE, ""),
                sqlJob(PROJECT, 17, "CREATE TABLE s (a INT) WITH ('connector' = 'datagen');\n"
                        + "INSERT INTO nowhere SELEC a FROM s;", ""),
                "{\"project_id\": \"e2e-code\", \"job_id\": 8, \"name\": \"foreign-jar\", \"job_type\": \"flink_jar_job\", "
                        + "\"status\": \"job_init\", \"has_savepoint\": false, \"job_config\": {\"entrypoint\": "
                        + json(outsideJar.toString()) + "}}")) + "]");
        service = new RunningService(ServerConfig.simulated(0)
                .withBackend(new Backend.Flink(new FlinkSettings.Local(16, LOCAL_CLUSTER_LIB, OsUser.byDefault()), Optional.empty(),
                        Optional.empty(),
                        Optional.of(jars), FlinkSettings.defaultConnectors(), Set.of(CODE_PROJECT))
                        // The connectors' bundles as the build gathers them; jobs may reach this machine's 127.0.0.1.
                        .withReach(CONNECTOR_JARS, FlinkSettings.defaultConnectors(), List.of("127.0.0.1:*")))
                .withDataDirectory(data.resolve("data"))
                .withJobsFile(jobs)
                .withReadinessCache(Duration.ZERO));
        long deadline = System.nanoTime() + SOON.toNanos();
        while (service.get("/health/ready").status() != 200) {
            assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        ScratchDirectory.delete(data);
    }

    private static Path projectDirectory() {
        return data.resolve("data").resolve("projects").resolve(PROJECT);
    }

    private static void run(long id, boolean resume) {
        var answer = service.run(PROJECT, "{\"job_ids\": [" + id + "], \"resume_savepoint\": " + resume + "}");
        assertThat(answer.json().get(0).get("is_success").asText()).as(answer.json().toString()).isEqualTo("true");
    }

    /** Stops the job with a savepoint through the API's batch stop, and waits until it has one. */
    static void stopWithSavepoint(RunningService service, String project, long id) throws InterruptedException {
        var answer = service.stop(project, "{\"job_ids\": [" + id + "], \"trigger_savepoint\": true}");
        assertThat(answer.json().get(0).get("is_success").asText()).as(answer.json().toString()).isEqualTo("true");
        JsonNode stopped = service.awaitStatus(project, id, "job_cancel_success", SOON);
        assertThat(stopped.get("has_savepoint").asBoolean()).isTrue();
    }

    @Test
    void aStatefulSqlJobRunsStopsWithASavepointAndResumedCountsOnWhereItStopped() throws Exception {
        Path output = projectDirectory().resolve("counts");

        run(1, false);
        assertThat(service.detail(PROJECT, 1).get("status").asText()).isIn("job_submitting", "job_running");
        JsonNode running = service.awaitStatus(PROJECT, 1, "job_running", SOON);
        assertThat(running.get("start_time").asLong()).isPositive();
        CommittedOutput.awaitCounted(output, 10, SOON);
        stopWithSavepoint(service, PROJECT, 1);
        String savepoint = service.detail(PROJECT, 1).get("savepoint_path").asText();
        assertThat(savepoint).contains("/savepoints/e2e/1/savepoint-");
        long countedBeforeTheStop = CommittedOutput.highestCount(output, "k", "c");

        run(1, true);
        service.awaitStatus(PROJECT, 1, "job_running", SOON);
        CommittedOutput.awaitCounted(output, countedBeforeTheStop + 10, SOON);
        stopWithSavepoint(service, PROJECT, 1);

        // Every count of each key, from both runs, exactly once: the second run counted on from the first's state.
        assertThat(CommittedOutput.assertCountedExactlyOnce(output)).isGreaterThan(countedBeforeTheStop);
    }

    /** Two keys counted by a running count per key; {@code KEY} is the column the counts are partitioned by. */
    private static final String KEYED_COUNTS = """
            CREATE TABLE events (k INT, v INT, ts AS PROCTIME()) WITH ('connector' = 'datagen',
              'rows-per-second' = '20', 'fields.k.min' = '1', 'fields.k.max' = '2', 'fields.v.min' = '1',
              'fields.v.max' = '2');
            CREATE TABLE counts (k INT, c BIGINT) WITH ('connector' = 'filesystem', 'path' = 'gate-counts',
              'format' = 'json', 'sink.rolling-policy.rollover-interval' = '1 s',
              'sink.rolling-policy.check-interval' = '1 s');
            INSERT INTO counts SELECT KEY, COUNT(*) OVER (
              PARTITION BY KEY ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM events;""";

    @Test
    void aResumeIntoAChangeThatWouldMisreadTheStateFailsToSubmitWithTheVerdictAndFlinkIsNotAsked() throws Exception {
        DliClient dli = sdk();
        Path output = projectDirectory().resolve("gate-counts");
        long id = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                .withName("gate").withSqlBody(KEYED_COUNTS.replace("KEY", "k")).withCheckpointEnabled(true)
                .withCheckpointInterval(1))).getJob().getJobId();
        sdkRun(dli, id, false);
        awaitSdk(dli, id, FlinkEndToEndTest::running);
        CommittedOutput.awaitCounted(output, 10, SOON);
        sdkStop(dli, id, true);
        awaitSdk(dli, id, job -> "job_cancel_success".equals(job.getStatus()));
        String savepoint = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail().getSavepointPath();

        // Counted per v instead of per k: Flink would take the counts per k up as counts per v, and say nothing.
        String perV = KEYED_COUNTS.replace("KEY", "v");
        var dryRun = service.post(PROJECT, id + "/state-check", "{\"sql_body\": " + json(perV) + "}");
        assertThat(dryRun.status()).isEqualTo(200);
        assertThat(dryRun.json().get("verdict").asText()).as(dryRun.json().toString()).isEqualTo("incompatible");
        assertThat(dryRun.json().get("savepoint_path").asText()).isEqualTo(savepoint);
        assertThat(dryRun.json().get("operators").toString()).contains("OverAggregate");
        dli.updateFlinkSqlJob(new UpdateFlinkSqlJobRequest().withJobId(id)
                .withBody(new UpdateFlinkSqlJobRequestBody().withSqlBody(perV)));
        int before = CommittedOutput.rows(output).size();
        sdkRun(dli, id, true);
        FlinkJob refused = awaitSdk(dli, id, job -> "job_submit_fail".equals(job.getStatus()));
        assertThat(refused.getStatusDesc()).startsWith("The state check says incompatible:")
                .contains("OverAggregate");
        assertThat(refused.getSavepointPath()).as("the state is kept").isEqualTo(savepoint);
        assertThat(CommittedOutput.rows(output)).as("Flink never ran the change").hasSize(before);

        // Changed back, it resumes from the same savepoint and counts on.
        dli.updateFlinkSqlJob(new UpdateFlinkSqlJobRequest().withJobId(id)
                .withBody(new UpdateFlinkSqlJobRequestBody().withSqlBody(KEYED_COUNTS.replace("KEY", "k"))));
        long counted = CommittedOutput.highestCount(output, "k", "c");
        sdkRun(dli, id, true);
        awaitSdk(dli, id, FlinkEndToEndTest::running);
        CommittedOutput.awaitCounted(output, counted + 10, SOON);
        sdkStop(dli, id, true);
        awaitSdk(dli, id, job -> "job_cancel_success".equals(job.getStatus()));
        assertThat(CommittedOutput.assertCountedExactlyOnce(output)).isGreaterThan(counted);
    }

    private static DliClient sdk() {
        return sdk(PROJECT);
    }

    private static DliClient sdk(String project) {
        return DliClient.newBuilder()
                .withCredential(new BasicCredentials().withAk("AK").withSk("SECRET").withProjectId(project))
                .withEndpoint(service.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
    }

    /** The job's detail, read with the official SDK, once {@code until} holds of it. */
    private static FlinkJob awaitSdk(DliClient dli, long id, java.util.function.Predicate<FlinkJob> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            FlinkJob job = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
            if (until.test(job)) {
                return job;
            }
            assertThat(System.nanoTime()).as("job %d in time, last seen %s: %s", id, job.getStatus(),
                    job.getStatusDesc()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void sdkRun(DliClient dli, long id, boolean resume) {
        assertThat(dli.batchRunFlinkJobs(new BatchRunFlinkJobsRequest().withBody(new BatchRunFlinkJobsRequestBody()
                .withJobIds(List.of(id)).withResumeSavepoint(resume))).getBody())
                .singleElement().satisfies(outcome -> assertThat(outcome.getIsSuccess()).as(outcome.getMessage())
                        .isEqualTo("true"));
    }

    private static void sdkStop(DliClient dli, long id, boolean savepoint) {
        assertThat(dli.batchStopFlinkJobs(new BatchStopFlinkJobsRequest().withBody(new StopFlinkJobsRequestBody()
                .withJobIds(List.of(id)).withTriggerSavepoint(savepoint))).getBody())
                .singleElement().satisfies(outcome -> {
                    assertThat(outcome.getIsSuccess()).as(outcome.getMessage()).isEqualTo("true");
                    assertThat(outcome.getMessage()).isEqualTo("The request for stopping DLI jobs is successfully "
                            + "delivered.");
                });
    }

    private static boolean running(FlinkJob job) {
        return "job_running".equals(job.getStatus());
    }

    @Test
    void theOfficialSdkTriggersStopsResumesAndImportsSavepointsAndTheStateCarriesOver() throws Exception {
        DliClient dli = sdk();
        Path output = projectDirectory().resolve("counts-9");
        sdkRun(dli, 9, false);
        awaitSdk(dli, 9, FlinkEndToEndTest::running);
        CommittedOutput.awaitCounted(output, 10, SOON);

        // A savepoint while it runs: the job runs on, and its savepoint path names the new savepoint.
        assertThat(dli.executeFlinkJobSavepoint(new ExecuteFlinkJobSavepointRequest().withJobId("9")
                .withBody(new ExecuteFlinkJobSavepointRequestBody()
                        .withAction(ExecuteFlinkJobSavepointRequestBody.ActionEnum.TRIGGER))).getIsSuccess())
                .isEqualTo("true");
        FlinkJob triggered = awaitSdk(dli, 9, job -> Boolean.TRUE.equals(job.getHasSavepoint()));
        assertThat(triggered.getStatus()).isEqualTo("job_running");
        assertThat(triggered.getSavepointPath()).contains("/savepoints/e2e/9/savepoint-");

        // Stopped with a savepoint: job_cancel_success always comes with the new savepoint.
        sdkStop(dli, 9, true);
        FlinkJob stopped = awaitSdk(dli, 9, job -> "job_cancel_success".equals(job.getStatus()));
        assertThat(stopped.getHasSavepoint()).isTrue();
        assertThat(stopped.getSavepointPath()).contains("/savepoints/e2e/9/savepoint-")
                .isNotEqualTo(triggered.getSavepointPath());
        long countedBeforeTheStop = CommittedOutput.highestCount(output, "k", "c");

        // Resumed: the counts go on from the savepoint's state.
        sdkRun(dli, 9, true);
        awaitSdk(dli, 9, FlinkEndToEndTest::running);
        CommittedOutput.awaitCounted(output, countedBeforeTheStop + 10, SOON);
        sdkStop(dli, 9, true);
        FlinkJob stoppedAgain = awaitSdk(dli, 9, job -> "job_cancel_success".equals(job.getStatus()));
        assertThat(CommittedOutput.assertCountedExactlyOnce(output)).isGreaterThan(countedBeforeTheStop);

        // Imported into another stopped job of the same SQL, and resumed from there: it counts on from job 9's state.
        // Its output goes where job 9's went: the same SQL, and a file sink restored from a savepoint finishes the
        // files it had open in the directory they were opened in whatever the new job names (Flink's Buckets keep a
        // restored bucket's path until it goes idle), so a different sink path would see its first rows at a moment
        // Flink does not promise.
        String savepoint = stoppedAgain.getSavepointPath();
        assertThat(dli.importFlinkJobSavepoint(new ImportFlinkJobSavepointRequest().withJobId("10")
                .withBody(new ImportFlinkJobSavepointRequestBody().withJobId(10L).withSavepointPath(savepoint)))
                .getIsSuccess()).isEqualTo("true");
        FlinkJob imported = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(10L)).getJobDetail();
        assertThat(imported.getHasSavepoint()).isTrue();
        assertThat(Path.of(java.net.URI.create(imported.getSavepointPath())))
                .isEqualTo(Path.of(java.net.URI.create(savepoint)));
        long countedByNine = CommittedOutput.highestCount(output, "k", "c");
        sdkRun(dli, 10, true);
        awaitSdk(dli, 10, FlinkEndToEndTest::running);
        CommittedOutput.awaitCounted(output, countedByNine + 10, SOON);
        sdkStop(dli, 10, false);
        awaitSdk(dli, 10, job -> "job_cancel_success".equals(job.getStatus()));
        // Counted 1..N once per key across job 9's two runs and job 10's: job 10 went on from job 9's counts (from 1,
        // the first counts would be there twice) and lost none.
        assertThat(CommittedOutput.assertCountedExactlyOnce(output)).as("job 10 counts on from job 9's counts")
                .isGreaterThanOrEqualTo(countedByNine + 10);

        // The savepoint history (an extension), newest first: job 9's second stop, the one it restores, its first
        // stop and its trigger; job 10's import, still the one it restores after a stop without a savepoint.
        JsonNode nine = service.get("/v1.0/" + PROJECT + "/streaming/jobs/9/savepoints").json();
        assertThat(nine.get("job_id").asLong()).isEqualTo(9);
        assertThat(nine.get("savepoints").findValuesAsText("path")).containsExactly(stoppedAgain.getSavepointPath(),
                stopped.getSavepointPath(), triggered.getSavepointPath());
        assertThat(nine.get("savepoints").findValuesAsText("origin")).containsExactly("stop", "stop", "trigger");
        assertThat(nine.get("savepoints").findValues("current")).extracting(JsonNode::asBoolean)
                .containsExactly(true, false, false);
        assertThat(nine.get("savepoints").findValues("taken_at")).extracting(JsonNode::asLong)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode ten = service.get("/v1.0/" + PROJECT + "/streaming/jobs/10/savepoints").json();
        assertThat(ten.get("savepoints")).singleElement().satisfies(entry -> {
            assertThat(entry.get("path").asText()).isEqualTo(imported.getSavepointPath());
            assertThat(entry.get("origin").asText()).isEqualTo("import");
            assertThat(entry.get("current").asBoolean()).isTrue();
        });
        var anothersJob = service.get("/v1.0/" + CODE_PROJECT + "/streaming/jobs/9/savepoints");
        assertThat(anothersJob.status()).isEqualTo(400);
        assertThat(anothersJob.json().get("error_code").asText()).isEqualTo("DLI.16001");
    }

    @Test
    void theSavepointEndpointsRefusePathsOutsideTheProjectAndJobsThatDoNotExist() {
        DliClient dli = sdk();
        for (String elsewhere : new String[]{"../../../etc", "file:///etc", "/etc/passwd",
                data.resolve("data/savepoints/other-project/1").toString(), "9/../../other-project/1"}) {
            assertThatThrownBy(() -> dli.importFlinkJobSavepoint(new ImportFlinkJobSavepointRequest().withJobId("11")
                    .withBody(new ImportFlinkJobSavepointRequestBody().withSavepointPath(elsewhere))))
                    .as(elsewhere)
                    .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                        assertThat(e.getHttpStatusCode()).isEqualTo(400);
                        assertThat(e.getErrorCode()).isEqualTo("DLI.0001");
                        assertThat(e.getErrorMsg()).startsWith("savepoint_path must lie in this project's savepoint "
                                + "directory");
                    });
        }
        assertThat(service.detail(PROJECT, 11).get("has_savepoint").asBoolean()).isFalse();
        assertThatThrownBy(() -> dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(999L)))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("DLI.16001");
                });
        assertThatThrownBy(() -> dli.executeFlinkJobSavepoint(new ExecuteFlinkJobSavepointRequest().withJobId("11")
                .withBody(new ExecuteFlinkJobSavepointRequestBody()
                        .withAction(ExecuteFlinkJobSavepointRequestBody.ActionEnum.TRIGGER))))
                .isInstanceOfSatisfying(ClientRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("DLI.0007");
                    // Job 11 is never run, or stopped, depending on which test of the class came first.
                    assertThat(e.getErrorMsg()).startsWith("Job 11 cannot take a savepoint in status job_")
                            .endsWith("; only a running job can.");
                });
    }

    @Test
    void aStopWhoseSavepointCannotBeWrittenLeavesTheJobRunningAndSaysWhy() throws Exception {
        // The job's savepoint directory is a file: Flink cannot write the savepoint there.
        Path blocked = data.resolve("data/savepoints/e2e/11");
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "not a directory");
        DliClient dli = sdk();
        sdkRun(dli, 11, false);
        awaitSdk(dli, 11, FlinkEndToEndTest::running);

        sdkStop(dli, 11, true);

        FlinkJob failed = awaitSdk(dli, 11, job -> running(job) && job.getStatusDesc() != null);
        assertThat(failed.getStatusDesc()).startsWith("The job was not stopped: its savepoint failed (");
        assertThat(failed.getHasSavepoint()).isFalse();
        sdkStop(dli, 11, false);
        awaitSdk(dli, 11, job -> "job_cancel_success".equals(job.getStatus()));
        Files.delete(blocked);
    }

    @Test
    void aRunThatWaitsAnswersOnceItsJobsRunOrFailedAndAStopThatWaitsOnceTheyStopped() throws Exception {
        StreamingJobsApi client = DliRunClient.at(java.net.URI.create(service.baseUrl())).build();
        List<Long> batch = List.of(12L, 13L, 14L, 15L, 16L, 17L);

        List<dev.dlirun.client.model.FlinkSuccessResponse> ran = client.batchRunFlinkJobs(PROJECT,
                new dev.dlirun.client.model.BatchRunFlinkJobsRequest().jobIds(batch),
                DliRunClient.waitAtMost(Duration.ofSeconds(30)));

        assertThat(ran).extracting(dev.dlirun.client.model.FlinkSuccessResponse::getJobId).containsExactlyElementsOf(batch);
        assertThat(ran).allSatisfy(outcome -> assertThat(DliRunClient.delivered(outcome)).isTrue());
        assertThat(ran.subList(0, 5)).allSatisfy(outcome -> assertThat(outcome.getStatus())
                .isEqualTo(dev.dlirun.client.model.FlinkJobStatus.JOB_RUNNING));
        assertThat(ran.get(5).getStatus()).isEqualTo(dev.dlirun.client.model.FlinkJobStatus.JOB_SUBMIT_FAIL);
        assertThat(ran.get(5).getStatusDesc()).contains("SQL parse failed");
        // What the answer said is what the detail says, read with the official SDK.
        DliClient dli = sdk();
        for (long id : batch.subList(0, 5)) {
            assertThat(dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail().getStatus())
                    .isEqualTo("job_running");
        }

        // The official SDK sends the header too, and reads DLI's fields of the answer, ignoring the others.
        var stopped = dli.batchStopFlinkJobsInvoker(new BatchStopFlinkJobsRequest().withBody(
                        new StopFlinkJobsRequestBody().withJobIds(batch.subList(0, 5)).withTriggerSavepoint(true)))
                .addHeader("Prefer", "wait=30").invoke();
        assertThat(stopped.getBody()).allSatisfy(outcome -> assertThat(outcome.getIsSuccess()).isEqualTo("true"));
        for (long id : batch.subList(0, 5)) {
            FlinkJob job = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
            assertThat(job.getStatus()).as("job %d, answered only once stopped", id).isEqualTo("job_cancel_success");
            assertThat(job.getHasSavepoint()).isTrue();
        }
    }

    @Test
    void theDetailShowsTheJobsCodeAndSettingsInDlisWireTypes() {
        JsonNode detail = service.detail(PROJECT, 1);

        assertThat(detail.get("sql_body").asText()).isEqualTo(COUNTS);
        JsonNode config = detail.get("job_config");
        assertThat(config.get("checkpoint_enabled").asBoolean()).isTrue();
        assertThat(config.get("checkpoint_mode").asText()).isEqualTo("exactly_once");
        assertThat(config.get("checkpoint_interval").asInt()).isEqualTo(1);
        assertThat(config.get("parallel_number").asInt()).isEqualTo(1);
        assertThat(config.get("restart_when_exception").asBoolean()).isFalse();
    }

    @Test
    void aJobWhoseSqlDoesNotParseFailsToSubmitWithTheParsersMessage() throws Exception {
        run(2, false);

        JsonNode failed = service.awaitStatus(PROJECT, 2, "job_submit_fail", SOON);

        assertThat(failed.get("status_desc").asText())
                .isEqualTo("Statement 3 (line 3): SQL parse failed. Encountered \"s\" at line 3, column 29.");
    }

    @Test
    void aJobThatFailsAtRunTimeEndsInRunningExceptionWithItsRootCause() throws Exception {
        run(3, false);

        JsonNode failed = service.awaitStatus(PROJECT, 3, "job_running_exception", SOON);

        assertThat(failed.get("status_desc").asText()).startsWith("NumberFormatException: For input string: 'x'");
        assertThat(failed.get("status_desc").asText()).doesNotContain("\tat ").doesNotContain("\n");
    }

    @Test
    void aResumeFromASavepointThatCannotBeReadFailsToSubmitInsteadOfStartingFresh() throws Exception {
        run(4, true);

        JsonNode failed = service.awaitStatus(PROJECT, 4, "job_submit_fail", SOON);

        assertThat(failed.get("status_desc").asText()).startsWith("The state to restore cannot be read: ")
                .contains("savepoint-that-was-deleted");
        assertThat(projectDirectory().resolve("counts-of-4")).doesNotExist();
    }

    // ------------------------------------------------------------------- jobs managed through DLI's own API

    /** The job's checkpoint directory, as the embedded engine lays it out. */
    private static Path checkpointsOf(long id) {
        return data.resolve("data").resolve("checkpoints").resolve(PROJECT).resolve(Long.toString(id));
    }

    private static void awaitGone(Path directory) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (Files.exists(directory)) {
            assertThat(System.nanoTime()).as("%s removed in time", directory).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void assertRefused(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClientRequestException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(status);
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getErrorMsg()).contains(message);
        });
    }

    @Test
    void aDliShapedKafkaToPostgresJobMadeWithTheOfficialSdkRunsAndOneWhoseBrokerIsNotAllowedSaysWhichFlagToSet(
            @TempDir Path peers) throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(peers.resolve("kafka"));
             PostgresServer postgres = PostgresServer.start(peers.resolve("postgres"))) {
            kafka.createTopic("car-infos", 1);
            kafka.produce("car-infos", List.of("{\"car_id\":\"A1\",\"speed\":50}",
                    "{\"car_id\":\"B2\",\"speed\":70}", "{\"car_id\":\"A1\",\"speed\":90}"));
            postgres.execute("CREATE TABLE car_speeds (car_id TEXT PRIMARY KEY, max_speed INT, readings BIGINT)");
            // As DLI's Flink OpenSource SQL examples write it: a Kafka source, an aggregation, a JDBC sink.
            String sql = "CREATE TABLE car_infos (car_id STRING, speed INT) WITH (\n"
                    + "  'connector' = 'kafka', 'topic' = 'car-infos',\n"
                    + "  'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "',\n"
                    + "  'properties.group.id' = 'car-speeds', 'scan.startup.mode' = 'earliest-offset',\n"
                    + "  'format' = 'json');\n"
                    + "CREATE TABLE car_speeds (car_id STRING, max_speed INT, readings BIGINT,\n"
                    + "  PRIMARY KEY (car_id) NOT ENFORCED) WITH (\n"
                    + "  'connector' = 'jdbc', 'url' = '" + postgres.jdbcUrl() + "', 'table-name' = 'car_speeds',\n"
                    + "  'username' = '" + postgres.user() + "', 'password' = '" + postgres.password() + "');\n"
                    + "INSERT INTO car_speeds SELECT car_id, MAX(speed), COUNT(*) FROM car_infos GROUP BY car_id;";
            DliClient dli = sdk();
            long id = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                    .withName("car-speeds").withSqlBody(sql).withJobType("flink_opensource_sql_job")
                    .withCheckpointEnabled(true).withCheckpointMode(1).withCheckpointInterval(1)
                    .withParallelNumber(1).withRuntimeConfig("{\"table.exec.state.ttl\": \"1 h\"}")))
                    .getJob().getJobId();
            FlinkJob detail = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
            assertThat(detail.getSqlBody()).isEqualTo(sql);
            assertThat(detail.getJobType()).isEqualTo("flink_opensource_sql_job");
            assertThat(detail.getJobConfig().getCheckpointEnabled()).isTrue();
            assertThat(detail.getJobConfig().getCheckpointMode()).isEqualTo("exactly_once");
            assertThat(detail.getJobConfig().getRuntimeConfig()).isEqualTo("{\"table.exec.state.ttl\": \"1 h\"}");

            sdkRun(dli, id, false);
            awaitSdk(dli, id, FlinkEndToEndTest::running);
            long deadline = System.nanoTime() + SOON.toNanos();
            while (!postgres.query("SELECT car_id, max_speed, readings FROM car_speeds ORDER BY car_id")
                    .equals(List.of(List.of("A1", 90, 2L), List.of("B2", 70, 1L)))) {
                assertThat(System.nanoTime()).as("the rows in PostgreSQL in time").isLessThan(deadline);
                Thread.sleep(250);
            }
            sdkStop(dli, id, false);
            awaitSdk(dli, id, job -> "job_cancel_success".equals(job.getStatus()));

            // 127.0.0.2 is this machine too, but no --allow-hosts entry names it.
            long refused = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(
                    new CreateFlinkSqlJobRequestBody().withName("car-speeds-elsewhere").withJobType(
                            "flink_opensource_sql_job").withSqlBody(sql.replace(kafka.bootstrapServers(),
                            "127.0.0.2:" + kafka.port())))).getJob().getJobId();
            sdkRun(dli, refused, false);
            FlinkJob failed = awaitSdk(dli, refused, job -> "job_submit_fail".equals(job.getStatus()));
            assertThat(failed.getStatusDesc()).startsWith("Statement 1 (line 1): table car_infos: "
                    + "'properties.bootstrap.servers' names 127.0.0.2:" + kafka.port()).contains("--allow-hosts");
        }
    }

    @Test
    void theOfficialSdkCreatesRunsListsUpdatesStopsChangesAndDeletesASqlJob() throws Exception {
        DliClient dli = sdk();
        String runtimeConfig = "{\"table.exec.state.ttl\": \"1 h\"}";
        CreateFlinkSqlJobResponse created = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest()
                .withBody(new CreateFlinkSqlJobRequestBody()
                        .withName("sdk-sql").withDesc("made by the SDK").withQueueName("q-sdk")
                        .withSqlBody(BLACKHOLE).withRunMode("shared_cluster").withCuNumber(4).withManagerCuNumber(1)
                        .withParallelNumber(1).withCheckpointEnabled(true).withCheckpointMode(2)
                        .withCheckpointInterval(1).withObsBucket("bucket").withLogEnabled(true).withSmnTopic("topic")
                        .withRestartWhenException(false).withIdleStateRetention(600).withJobType("flink_sql_job")
                        .withEdgeGroupIds(List.of("edge-1")).withDirtyDataStrategy("2:obs://bucket/dirty")
                        .withTmCus(2).withTmSlotNum(3).withResumeCheckpoint(false).withResumeMaxNum(-1)
                        .withRuntimeConfig(runtimeConfig).withFlinkVersion("1.17")
                        .withTags(List.of(new Tag().withKey("team").withValue("ads")))));
        assertThat(created.getIsSuccess()).isEqualTo("true");
        assertThat(created.getMessage()).isEqualTo("A DLI job is created successfully.");
        assertThat(created.getJob().getStatusName()).isEqualTo("job_init");
        long id = created.getJob().getJobId();

        // Every field, read back in DLI's wire types by the SDK's own models.
        FlinkJob draft = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
        assertThat(draft.getJobId()).isEqualTo(id);
        assertThat(draft.getName()).isEqualTo("sdk-sql");
        assertThat(draft.getDesc()).isEqualTo("made by the SDK");
        assertThat(draft.getJobType()).isEqualTo("flink_sql_job");
        assertThat(draft.getStatus()).isEqualTo("job_init");
        assertThat(draft.getQueueName()).isEqualTo("q-sdk");
        assertThat(draft.getRunMode()).isEqualTo("shared_cluster");
        assertThat(draft.getEdgeGroupIds()).containsExactly("edge-1");
        assertThat(draft.getSqlBody()).isEqualTo(BLACKHOLE);
        assertThat(draft.getRootId()).isEqualTo(-1L);
        assertThat(draft.getProjectId()).isEqualTo(PROJECT);
        assertThat(draft.getCreateTime()).isPositive();
        FlinkJobConfig config = draft.getJobConfig();
        assertThat(config.getCheckpointEnabled()).isTrue();
        assertThat(config.getCheckpointMode()).isEqualTo("at_least_once");
        assertThat(config.getCheckpointInterval()).isEqualTo(1);
        assertThat(config.getCuNumber()).isEqualTo(4);
        assertThat(config.getManagerCuNumber()).isEqualTo(1);
        assertThat(config.getParallelNumber()).isEqualTo(1);
        assertThat(config.getObsBucket()).isEqualTo("bucket");
        assertThat(config.getLogEnabled()).isTrue();
        assertThat(config.getSmnTopic()).isEqualTo("topic");
        assertThat(config.getRestartWhenException()).isFalse();
        assertThat(config.getIdleStateRetention()).isEqualTo(600);
        assertThat(config.getDirtyDataStrategy()).isEqualTo("2:obs://bucket/dirty");
        assertThat(config.getTmCus()).isEqualTo(2);
        assertThat(config.getTmSlotNum()).isEqualTo(3);
        assertThat(config.getResumeCheckpoint()).isFalse();
        assertThat(config.getResumeMaxNum()).isEqualTo(-1L);
        assertThat(config.getRuntimeConfig()).isEqualTo(runtimeConfig);
        assertThat(config.getFlinkVersion()).isEqualTo("1.17");
        assertRefused(() -> dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(
                new CreateFlinkSqlJobRequestBody().withName("sdk-sql"))), 400, "DLI.0006", "sdk-sql already exists");

        sdkRun(dli, id, false);
        awaitSdk(dli, id, FlinkEndToEndTest::running);

        // Listed with filters and paging; total_count counts every match.
        long second = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                .withName("sdk-sql-2").withQueueName("q-sdk").withSqlBody(BLACKHOLE))).getJob().getJobId();
        ListFlinkJobsResponse page = dli.listFlinkJobs(new ListFlinkJobsRequest().withQueueName("q-sdk")
                .withName("sdk-").withOrder("asc").withLimit(1).withOffset(1L));
        assertThat(page.getIsSuccess()).isEqualTo("true");
        assertThat(page.getJobList().getTotalCount()).isEqualTo(2);
        assertThat(page.getJobList().getJobs()).extracting(FlinkJob::getJobId).containsExactly(second);
        assertThat(page.getJobList().getJobs().get(0).getJobConfig()).as("a summary").isNull();
        ListFlinkJobsResponse running = dli.listFlinkJobs(new ListFlinkJobsRequest().withStatus("job_running")
                .withTags("team=ads").withShowDetail(true));
        assertThat(running.getJobList().getTotalCount()).isEqualTo(1);
        FlinkJob listed = running.getJobList().getJobs().get(0);
        assertThat(listed.getJobId()).isEqualTo(id);
        assertThat(listed.getDuration()).isNotNegative();
        assertThat(listed.getJobConfig().getCheckpointMode()).isEqualTo("at_least_once");
        assertThat(listed.getJobConfig().getRuntimeConfig()).isEqualTo(runtimeConfig);

        // While it runs: its restart policy may change, its SQL may not.
        UpdateFlinkSqlJobResponse updated = dli.updateFlinkSqlJob(new UpdateFlinkSqlJobRequest().withJobId(id)
                .withBody(new UpdateFlinkSqlJobRequestBody().withRestartWhenException(true).withResumeMaxNum(3)));
        assertThat(updated.getMessage()).isEqualTo("The job is updated successfully.");
        assertThat(updated.getJob().getUpdateTime()).isPositive();
        FlinkJob restarting = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
        assertThat(restarting.getJobConfig().getRestartWhenException()).isTrue();
        assertThat(restarting.getJobConfig().getResumeMaxNum()).isEqualTo(3L);
        assertThat(restarting.getJobConfig().getCuNumber()).as("an update is a merge").isEqualTo(4);
        assertThat(restarting.getStatus()).isEqualTo("job_running");
        String changedSql = BLACKHOLE.replace("'10'", "'20'");
        assertRefused(() -> dli.updateFlinkSqlJob(new UpdateFlinkSqlJobRequest().withJobId(id)
                        .withBody(new UpdateFlinkSqlJobRequestBody().withSqlBody(changedSql))), 400, "DLI.0007",
                "Stop it first to change sql_body");

        sdkStop(dli, id, false);
        awaitSdk(dli, id, job -> "job_cancel_success".equals(job.getStatus()));
        dli.updateFlinkSqlJob(new UpdateFlinkSqlJobRequest().withJobId(id)
                .withBody(new UpdateFlinkSqlJobRequestBody().withSqlBody(changedSql)));
        assertThat(dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail().getSqlBody())
                .isEqualTo(changedSql);
        sdkRun(dli, id, false);
        awaitSdk(dli, id, FlinkEndToEndTest::running);
        awaitExists(checkpointsOf(id));

        // Deleted while it runs: cancelled, its checkpoints removed, and gone for every endpoint.
        DeleteFlinkJobResponse deleted = dli.deleteFlinkJob(new DeleteFlinkJobRequest().withJobId(id));
        assertThat(deleted.getIsSuccess()).isEqualTo("true");
        assertThat(deleted.getMessage()).isEqualTo("The job is successfully deleted.");
        assertRefused(() -> dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)), 400, "DLI.16001",
                "does not exist");
        awaitGone(checkpointsOf(id));
        assertThat(dli.batchDeleteFlinkJobs(new BatchDeleteFlinkJobsRequest().withBody(
                new BatchDeleteFlinkJobsRequestBody().withJobIds(List.of(second, id)))).getBody())
                .extracting(FlinkSuccessResponse::getIsSuccess, FlinkSuccessResponse::getMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("true", "The job is successfully deleted."),
                        org.assertj.core.groups.Tuple.tuple("false", "Job " + id + " does not exist."));
        assertThat(dli.listFlinkJobs(new ListFlinkJobsRequest().withQueueName("q-sdk")).getJobList().getTotalCount())
                .isZero();
    }

    private static void awaitExists(Path directory) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!Files.exists(directory)) {
            assertThat(System.nanoTime()).as("%s made in time", directory).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void theOfficialSdkCreatesRunsUpdatesAndDeletesAJarJobWhoseJarsComeFromTheJarsDirectoryOnly() throws Exception {
        DliClient dli = sdk(CODE_PROJECT);
        String jar = TestJars.countingJob(data.resolve("jars")).getFileName().toString();
        assertRefused(() -> dli.createFlinkJarJob(new CreateFlinkJarJobRequest().withBody(
                new CreateFlinkJarJobRequestBody().withName("sdk-jar-elsewhere").withEntrypoint(outsideJar.toString()))),
                400, "DLI.0001", "entrypoint must name a jar the project may use");
        assertRefused(() -> dli.createFlinkJarJob(new CreateFlinkJarJobRequest().withBody(
                new CreateFlinkJarJobRequestBody().withName("sdk-jar-dependency").withEntrypoint(jar)
                        .withDependencyJars(List.of(outsideJar.toString())))),
                400, "DLI.0001", "dependency_jars[0] must name a jar the project may use");

        long id = dli.createFlinkJarJob(new CreateFlinkJarJobRequest().withBody(new CreateFlinkJarJobRequestBody()
                .withName("sdk-jar").withEntrypoint(jar).withMainClass(TestJars.MAIN_CLASS).withEntrypointArgs("5")
                .withDependencyFiles(List.of("obs://bucket/file")))).getJob().getJobId();
        FlinkJob draft = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
        assertThat(draft.getJobType()).isEqualTo("flink_jar_job");
        assertThat(draft.getMainClass()).isEqualTo(TestJars.MAIN_CLASS);
        assertThat(draft.getEntrypointArgs()).isEqualTo("5");
        assertThat(draft.getJobConfig().getEntrypoint()).isEqualTo(jar);
        assertThat(draft.getJobConfig().getDependencyFiles()).containsExactly("obs://bucket/file");

        sdkRun(dli, id, false);
        awaitSdk(dli, id, FlinkEndToEndTest::running);
        dli.updateFlinkJarJob(new UpdateFlinkJarJobRequest().withJobId(id)
                .withBody(new UpdateFlinkJarJobRequestBody().withRestartWhenException(true)));
        assertRefused(() -> dli.updateFlinkJarJob(new UpdateFlinkJarJobRequest().withJobId(id)
                        .withBody(new UpdateFlinkJarJobRequestBody().withEntrypointArgs("6"))), 400, "DLI.0007",
                "Stop it first to change entrypoint_args");
        assertRefused(() -> dli.updateFlinkSqlJob(new UpdateFlinkSqlJobRequest().withJobId(id)
                        .withBody(new UpdateFlinkSqlJobRequestBody().withSmnTopic("t"))), 400, "DLI.0007",
                "change it through PUT .../streaming/flink-jobs/" + id);
        sdkStop(dli, id, false);
        awaitSdk(dli, id, job -> "job_cancel_success".equals(job.getStatus()));
        assertRefused(() -> dli.updateFlinkJarJob(new UpdateFlinkJarJobRequest().withJobId(id)
                        .withBody(new UpdateFlinkJarJobRequestBody().withEntrypoint(outsideJar.toString()))), 400,
                "DLI.0001", "entrypoint must name a jar the project may use");
        dli.updateFlinkJarJob(new UpdateFlinkJarJobRequest().withJobId(id)
                .withBody(new UpdateFlinkJarJobRequestBody().withEntrypointArgs("6")));
        FlinkJob changed = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(id)).getJobDetail();
        assertThat(changed.getEntrypointArgs()).isEqualTo("6");
        assertThat(changed.getJobConfig().getRestartWhenException()).isTrue();
        sdkRun(dli, id, false);
        awaitSdk(dli, id, FlinkEndToEndTest::running);

        assertThat(dli.deleteFlinkJob(new DeleteFlinkJobRequest().withJobId(id)).getIsSuccess()).isEqualTo("true");
        assertRefused(() -> dli.deleteFlinkJob(new DeleteFlinkJobRequest().withJobId(id)), 400, "DLI.16001",
                "does not exist");
    }

    @Test
    void aJarJobBuiltByTheTestRunsOnItsProjectsOwnCluster() throws Exception {
        var answer = service.run(CODE_PROJECT, "{\"job_ids\": [5]}");
        assertThat(answer.json().get(0).get("is_success").asText()).isEqualTo("true");

        service.awaitStatus(CODE_PROJECT, 5, "job_running", SOON);
        service.stop(CODE_PROJECT, "{\"job_ids\": [5]}");
        service.awaitStatus(CODE_PROJECT, 5, "job_cancel_success", SOON);
    }

    @Test
    void jobsThatReachOutsideTheirProjectOrTheJarsDirectoryAreRefusedSayingWhichRule() throws Exception {
        run(6, false);
        run(7, false);
        assertThat(service.run(CODE_PROJECT, "{\"job_ids\": [8]}").json().get(0).get("is_success").asText())
                .isEqualTo("true");

        assertThat(service.awaitStatus(PROJECT, 6, "job_submit_fail", SOON).get("status_desc").asText())
                .isEqualTo("Statement 1 (line 1): table secrets: 'path' must name a place inside the project's own "
                        + "directory; '" + credentials + "' is outside it.");
        assertThat(service.awaitStatus(PROJECT, 7, "job_submit_fail", SOON).get("status_desc").asText())
                .contains("table o: 'path' must name a place inside the project's own directory; '../other/out' is "
                        + "outside it.");
        assertThat(service.awaitStatus(CODE_PROJECT, 8, "job_submit_fail", SOON).get("status_desc").asText())
                .isEqualTo("The job's jar '" + outsideJar + "' is not in the jars directory; jars come from there only.");
    }

    // ------------------------------------------------------------------- a job's own log lines (an extension)

    @Test
    void aJobsLogHoldsItsOwnFailureAndNotAnothersAndIsReadByItsOwnProjectOnly() throws Exception {
        DliClient dli = sdk();
        String marker = "e2e-log-" + Long.toHexString(System.nanoTime());
        long failing = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                .withName("log-failing").withSqlBody("""
                        CREATE TABLE n (a BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '2',
                          'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '2');
                        CREATE TABLE b (i INT) WITH ('connector' = 'blackhole');
                        INSERT INTO b SELECT CAST(CONCAT('%s-', CAST(a AS STRING)) AS INT) FROM n;"""
                        .formatted(marker)))).getJob().getJobId();
        long other = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                .withName("log-other").withSqlBody(BLACKHOLE))).getJob().getJobId();
        String logs = "/v1.0/" + PROJECT + "/streaming/jobs/";
        assertThat(service.get(logs + failing + "/logs").json().get("missing").asText())
                .isEqualTo("Job " + failing + " has not run yet: it has no log.");

        run(failing, false);
        run(other, false);
        service.awaitStatus(PROJECT, failing, "job_running_exception", SOON);
        service.awaitStatus(PROJECT, other, "job_running", SOON);

        JsonNode failed = awaitLogLine(logs + failing + "/logs?limit=1000", marker);
        assertThat(failed.get("launch").asText()).matches("[0-9a-f]{32}");
        assertThat(failed.has("missing")).isFalse();
        JsonNode healthy = awaitLogLine(logs + other + "/logs?limit=1000", "RUNNING");
        assertThat(healthy.get("launch").asText()).isNotEqualTo(failed.get("launch").asText());
        healthy.get("lines").forEach(line -> assertThat(line.get("line").asText()).doesNotContain(marker));
        JsonNode lastTwo = service.get(logs + failing + "/logs?limit=2").json();
        assertThat(lastTwo.get("truncated").asBoolean()).isTrue();
        assertThat(lastTwo.get("lines")).hasSize(2);
        // The job's records are its own: not in the cluster's own log as well.
        assertThat(Files.readString(data.resolve("data/cluster/log/taskmanager.log"))).doesNotContain(marker);

        var foreign = service.get("/v1.0/" + CODE_PROJECT + "/streaming/jobs/" + failing + "/logs");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.json().get("error_code").asText()).isEqualTo("DLI.16001");
        var tooMany = service.get(logs + failing + "/logs?limit=1001");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().get("error_msg").asText()).isEqualTo("limit must be between 1 and 1000.");
        service.stop(PROJECT, "{\"job_ids\": [" + other + "]}");
    }

    /** The job's log once a line of it holds {@code text}. */
    private static JsonNode awaitLogLine(String path, String text) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            var answer = service.get(path);
            assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
            for (JsonNode line : answer.json().get("lines")) {
                if (line.get("line").asText().contains(text)) {
                    return answer.json();
                }
            }
            assertThat(System.nanoTime()).as("a line holding %s in %s", text, answer.json()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
