package dev.dlirun.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.adapters.client.local.catalogue.JobsFileException;
import dev.dlirun.adapters.rest.server.RestRehearsal;
import dev.dlirun.domain.model.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service as main() wires it, on the local engine with simulated runs, driven over HTTP: the API around the runs
 * (the runs themselves on Flink: {@link FlinkEndToEndTest}). Its jobs are the API page's examples
 * ({@code jobs/api-examples.json}).
 */
class EndToEndTest {

    private static final String SEED = "{\"job_ids\": [131,130,138,137], \"resume_savepoint\": true}";
    private static final String DELIVERED = "The request for submitting DLI jobs is successfully delivered.";
    /** Long enough that no submitted job starts running while a test looks. */
    private static final Duration NEVER_WITHIN_A_TEST = Duration.ofMinutes(10);

    private static RunningService demo(Duration launchDelay) {
        return new RunningService(RunningService.simulatedApiExamples().withLaunchDelay(launchDelay));
    }

    @Test
    void theSeedRequestStartsEveryJobAndRepeatingItSaysTheyAreSubmitting() {
        try (RunningService service = demo(NEVER_WITHIN_A_TEST)) {
            var first = service.run("demo", SEED);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().findValuesAsText("is_success")).containsExactly("true", "true", "true", "true");
            assertThat(first.json().findValuesAsText("message")).containsOnly(DELIVERED);

            var again = service.run("demo", SEED);
            assertThat(again.json().findValuesAsText("is_success")).containsOnly("false").hasSize(4);
            assertThat(again.json().findValuesAsText("message")).containsExactly(
                    "Job 131 cannot be started in status job_submitting.",
                    "Job 130 cannot be started in status job_submitting.",
                    "Job 138 cannot be started in status job_submitting.",
                    "Job 137 cannot be started in status job_submitting.");
        }
    }

    @Test
    void aJobCanBeFollowedAfterItsRun() throws Exception {
        try (RunningService service = demo(NEVER_WITHIN_A_TEST)) {
            assertThat(service.get("/v1.0/demo/streaming/jobs/131").json().get("job_detail").get("status").asText())
                    .isEqualTo("job_cancel_success");

            service.run("demo", SEED);

            JsonNode detail = service.get("/v1.0/demo/streaming/jobs/131").json().get("job_detail");
            assertThat(detail.get("status").asText()).isEqualTo("job_submitting");
            assertThat(detail.get("name").asText()).isEqualTo("orders-enrich");
            assertThat(detail.get("has_savepoint").asBoolean()).isTrue();
            assertThat(service.get("/v1.0/demo-other/streaming/jobs/130").status()).isEqualTo(400);
        }
    }

    @Test
    void aSubmittedJobRunsAfterTheLaunchDelayResumedFromItsSavepoint() throws InterruptedException {
        try (RunningService service = demo(Duration.ofMillis(50))) {
            service.run("demo", "{\"job_ids\": [131], \"resume_savepoint\": true}");

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (service.job("demo", 131).status() != JobStatus.JOB_RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            var running = service.job("demo", 131);
            assertThat(running.status()).isEqualTo(JobStatus.JOB_RUNNING);
            assertThat(running.startTime()).isNotNull();
            assertThat(running.resumedFromSavepoint()).isTrue();
            assertThat(service.run("demo", "{\"job_ids\": [131]}").json().findValuesAsText("message"))
                    .containsExactly("Job 131 cannot be started in status job_running.");
        }
    }

    @Test
    void aSimulatedServiceRefusesToUpgradeAJobItHasNoStateToCheckFor() throws InterruptedException {
        try (RunningService service = demo(Duration.ofMillis(50))) {
            var notRunning = service.post("demo", "131/upgrade", "{\"sql_body\": \"INSERT INTO b SELECT 1;\"}");
            assertThat(notRunning.status()).isEqualTo(400);
            assertThat(notRunning.json().get("error_code").asText()).isEqualTo("DLI.0007");
            service.run("demo", "{\"job_ids\": [131], \"resume_savepoint\": true}");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (service.job("demo", 131).status() != JobStatus.JOB_RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            var refused = service.post("demo", "131/upgrade", "{\"sql_body\": \"INSERT INTO b SELECT 1;\"}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error_code").asText()).isEqualTo("DLI.0007");
            assertThat(refused.json().get("error_msg").asText()).isEqualTo("This service cannot upgrade jobs: its job "
                    + "runtime cannot check a new version against a job's state (a simulated runtime keeps none).");
            assertThat(service.job("demo", 131).status()).isEqualTo(JobStatus.JOB_RUNNING);
            var unknown = service.get("/v1.0/demo/streaming/jobs/131/upgrades/5e3c1a0c2d4f6a8b1e9b8a7c6d5e4f30");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("error_code").asText()).isEqualTo("DLI.16001");
        }
    }

    @Test
    void everyRefusalIsAnsweredInPlace() {
        try (RunningService service = demo(NEVER_WITHIN_A_TEST)) {
            service.run("demo", "{\"job_ids\": [140]}");

            JsonNode answer = service.run("demo",
                    "{\"job_ids\": [140, 141, 999, 130], \"resume_savepoint\": true}").json();

            assertThat(answer.findValuesAsText("is_success")).containsExactly("false", "false", "false", "true");
            assertThat(answer.findValuesAsText("message")).containsExactly(
                    "Job 140 cannot be started in status job_submitting.",
                    "Job 141 has no savepoint to resume from.",
                    "Job 999 does not exist.",
                    DELIVERED);
            assertThat(service.job("demo", 141).status()).isEqualTo(JobStatus.JOB_INIT);
        }
    }

    @Test
    void projectsDoNotSeeEachOthersJobs() {
        try (RunningService service = demo(NEVER_WITHIN_A_TEST)) {
            assertThat(service.run("demo-other", "{\"job_ids\": [131, 130]}").json().findValuesAsText("message"))
                    .containsExactly(DELIVERED, "Job 130 does not exist.");
            assertThat(service.run("nobody", "{\"job_ids\": [131]}").json().findValuesAsText("message"))
                    .containsExactly("Job 131 does not exist.");
            assertThat(service.job("demo", 131).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS);
        }
    }

    @Test
    void eachChangeOfAJobIsAVersionItCanBeRolledBackToAndOnlyItsProjectSeesThem() {
        try (RunningService service = demo(NEVER_WITHIN_A_TEST)) {
            var created = service.send("POST", "/v1.0/demo/streaming/sql-jobs",
                    "{\"name\": \"versioned\", \"sql_body\": \"SELECT 1\"}");
            long id = created.json().get("job").get("job_id").asLong();
            String versions = "/v1.0/demo/streaming/jobs/" + id + "/versions";
            assertThat(service.send("PUT", "/v1.0/demo/streaming/sql-jobs/" + id, "{\"sql_body\": \"SELECT 2\"}")
                    .status()).isEqualTo(200);

            JsonNode list = service.get(versions).json();
            assertThat(list.get("total_count").asLong()).isEqualTo(2);
            assertThat(list.get("versions").findValuesAsText("why")).containsExactly("update", "create");
            assertThat(list.get("versions").findValuesAsText("created_by")).containsOnly("demo");
            assertThat(service.get(versions + "/1").json().get("version").get("definition").get("sql_body").asText())
                    .isEqualTo("SELECT 1");

            var rolledBack = service.send("POST", versions + "/1/rollback", null);
            assertThat(rolledBack.status()).isEqualTo(200);
            assertThat(rolledBack.json().get("version").get("version").asInt()).isEqualTo(3);
            assertThat(rolledBack.json().get("version").get("rolled_back_from").asInt()).isEqualTo(1);
            assertThat(service.detail("demo", id).get("sql_body").asText()).isEqualTo("SELECT 1");

            var unknown = service.get(versions + "/9");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("error_code").asText()).isEqualTo("DLI.0001");
            for (String path : List.of("/v1.0/demo-other/streaming/jobs/" + id + "/versions",
                    "/v1.0/demo-other/streaming/jobs/" + id + "/versions/1")) {
                var elsewhere = service.get(path);
                assertThat(elsewhere.status()).as(path).isEqualTo(400);
                assertThat(elsewhere.json().get("error_code").asText()).as(path).isEqualTo("DLI.16001");
            }
            var rollbackElsewhere = service.send("POST", "/v1.0/demo-other/streaming/jobs/" + id
                    + "/versions/1/rollback", null);
            assertThat(rollbackElsewhere.json().get("error_code").asText()).isEqualTo("DLI.16001");
            // A job of the jobs file has no version until its first change.
            assertThat(service.get("/v1.0/demo/streaming/jobs/131/versions").json().get("total_count").asLong())
                    .isZero();
        }
    }

    @Test
    void aRepeatedIdIsAnsweredLikeItsFirstOccurrence() {
        try (RunningService service = demo(NEVER_WITHIN_A_TEST)) {
            service.run("demo", "{\"job_ids\": [140]}");

            assertThat(service.run("demo", "{\"job_ids\": [141, 140, 141]}").json().findValuesAsText("message"))
                    .containsExactly(DELIVERED, "Job 140 cannot be started in status job_submitting.", DELIVERED);
        }
    }

    @Test
    void theBatchLimitIsTheConfiguredOne() {
        try (RunningService service = new RunningService(ServerConfig.simulated(0).withMaxBatch(3))) {
            assertThat(service.run("demo", "{\"job_ids\": [1, 2, 3]}").status()).isEqualTo(200);

            var tooMany = service.run("demo", "{\"job_ids\": [1, 2, 3, 4]}");
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.json().get("error_code").asText()).isEqualTo("DLI.0001");
            assertThat(tooMany.json().get("error_msg").asText()).isEqualTo("job_ids must hold at most 3 ids, not 4.");
        }
    }

    @Test
    void aFullBatchOfTheDefaultLimitIsAnswered() {
        try (RunningService service = demo(NEVER_WITHIN_A_TEST)) {
            String ids = LongStream.rangeClosed(10_001, 11_000).mapToObj(Long::toString).collect(Collectors.joining(","));
            var answer = service.run("demo", "{\"job_ids\": [" + ids + "]}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json()).hasSize(1000);
            assertThat(answer.json().get(999).get("message").asText()).isEqualTo("Job 11000 does not exist.");
        }
    }

    @Test
    void concurrentCallersNamingTheSameJobsStartEachOnce(@TempDir Path dir) throws Exception {
        Path jobs = dir.resolve("jobs.json");
        Files.writeString(jobs, LongStream.rangeClosed(1, 50)
                .mapToObj(id -> "{\"project_id\": \"load\", \"job_id\": " + id + ", \"name\": \"j" + id + "\","
                        + " \"job_type\": \"flink_sql_job\", \"status\": \"job_init\", \"has_savepoint\": false}")
                .collect(Collectors.joining(",", "[", "]")));
        String batch = LongStream.rangeClosed(1, 50).mapToObj(Long::toString)
                .collect(Collectors.joining(",", "{\"job_ids\": [", "]}"));
        int callers = 8;

        try (RunningService service = new RunningService(ServerConfig.simulated(0).withJobsFile(jobs)
                .withLaunchDelay(NEVER_WITHIN_A_TEST))) {
            CyclicBarrier start = new CyclicBarrier(callers);
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<RunningService.Answer>> answers = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return service.run("load", batch);
                    }));
                }
                Map<Integer, Integer> deliveredPerJob = new HashMap<>();
                for (var answer : answers) {
                    JsonNode outcomes = answer.get().json();
                    for (int i = 0; i < outcomes.size(); i++) {
                        if (outcomes.get(i).get("is_success").asText().equals("true")) {
                            deliveredPerJob.merge(i + 1, 1, Integer::sum);
                        }
                    }
                }
                assertThat(deliveredPerJob).hasSize(50).allSatisfy((job, times) -> assertThat(times).isEqualTo(1));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aJobsFileReplacesTheDemoCatalogue(@TempDir Path dir) throws IOException {
        Path jobs = dir.resolve("jobs.json");
        Files.writeString(jobs, "[{\"project_id\": \"team-a\", \"job_id\": 7, \"name\": \"seven\","
                + " \"job_type\": \"flink_jar_job\", \"status\": \"job_finish\", \"has_savepoint\": true}]");

        try (RunningService service = new RunningService(ServerConfig.simulated(0).withJobsFile(jobs)
                .withLaunchDelay(NEVER_WITHIN_A_TEST))) {
            assertThat(service.run("team-a", "{\"job_ids\": [7], \"resume_savepoint\": true}").json()
                    .findValuesAsText("is_success")).containsExactly("true");
            assertThat(service.run("demo", "{\"job_ids\": [131]}").json().findValuesAsText("message"))
                    .containsExactly("Job 131 does not exist.");
        }
    }

    /**
     * The file is read while the rest of the service starts: a job it lists as running (left so by another service) is
     * taken up as one a previous run left, which needs the file's jobs in the catalogue before the engine looks (the
     * engine's side of it, deterministically: {@code LocalJobEngineTest}).
     */
    @Test
    void aJobTheJobsFileListsAsRunningIsTakenUpAtStart(@TempDir Path dir) throws Exception {
        Path jobs = dir.resolve("jobs.json");
        Files.writeString(jobs, LongStream.rangeClosed(1, 3)
                .mapToObj(id -> "{\"project_id\": \"team-a\", \"job_id\": " + id + ", \"name\": \"j" + id + "\","
                        + " \"job_type\": \"flink_sql_job\", \"status\": \"" + (id == 3 ? "job_running" : "job_init")
                        + "\", \"has_savepoint\": false}")
                .collect(Collectors.joining(",", "[", "]")));

        try (RunningService service = new RunningService(ServerConfig.simulated(0).withJobsFile(jobs)
                .withDataDirectory(dir.resolve("data")))) {
            JsonNode detail = service.awaitStatus("team-a", 3, "job_running_exception", Duration.ofSeconds(20));
            assertThat(detail.get("status_desc").asText()).isEqualTo("The job stopped when the service stopped and had "
                    + "no checkpoint to resume from; run it again.");
        }
    }

    /**
     * The request path's rehearsal at start: the instance says it is not ready while it runs and is ready once it
     * ended, and a job where its lookups look is found and left as it was.
     */
    @Test
    void theStartUpRehearsalHoldsReadinessUntilItEndedAndStartsNoJob(@TempDir Path dir) throws Exception {
        long bait = 9_100_000_000_005L;
        Path jobs = dir.resolve("jobs.json");
        Files.writeString(jobs, "[{\"project_id\": \"" + RestRehearsal.PROJECT + "\", \"job_id\": " + bait
                + ", \"name\": \"bait\", \"job_type\": \"flink_sql_job\", \"status\": \"job_init\","
                + " \"has_savepoint\": false}]");

        try (RunningService service = new RunningService(ServerConfig.simulated(0).withJobsFile(jobs)
                .withDataDirectory(dir.resolve("data")).withReadinessCache(Duration.ZERO))) {
            RunningService.Answer first = service.get("/health/ready");
            assertThat(first.status()).isEqualTo(503);
            assertThat(first.json().toString()).contains("warming up its request path");
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (service.get("/health/ready").status() != 200) {
                assertThat(System.nanoTime()).as("ready within 60 s").isLessThan(until);
                Thread.sleep(50);
            }
            assertThat(service.detail(RestRehearsal.PROJECT, bait).get("status").asText()).isEqualTo("job_init");
        }
    }

    /** A server stopped while it rehearses ends the rehearsal first: nothing fails against a closed catalogue. */
    @Test
    void aServerStoppedDuringItsStartUpRehearsalEndsItBeforeClosingTheCatalogue(@TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(lines);
        try {
            RunningService service = new RunningService(ServerConfig.simulated(0).withDataDirectory(dir.resolve("data"))
                    .withReadinessCache(Duration.ZERO));
            // The rehearsal begins a second after the server listens and takes seconds more (5 000 requests, each
            // with a query of the catalogue): a tenth of a second later it is under way, as readiness says.
            Thread.sleep(1100);
            assertThat(service.get("/health/ready").status()).isEqualTo(503);
            service.close();
        } finally {
            root.detachAppender(lines);
        }

        assertThat(lines.list).filteredOn(line -> line.getThreadName().equals("dlirun-warm-up"))
                .noneMatch(line -> line.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals("dlirun-warm-up")
                && thread.isAlive());
    }

    /** The file's error, as the operator must read it, and the data directory free for the next start. */
    @Test
    void aJobsFileThatBreaksTheFormatStopsTheStartWithItsOwnErrorAndReleasesTheDataDirectory(@TempDir Path dir)
            throws IOException {
        Path data = dir.resolve("data");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[{\"project_id\": \"team-a\", \"job_id\": 7, \"name\": \"seven\","
                + " \"job_type\": \"flink_sql_job\", \"status\": \"job_sleeping\", \"has_savepoint\": false}]");

        assertThatThrownBy(() -> DliRunServer.start(ServerConfig.simulated(0).withJobsFile(broken)
                .withDataDirectory(data), Clock.systemUTC()))
                .isInstanceOf(JobsFileException.class)
                .hasMessageContaining("status must be one of").hasMessageContaining("got \"job_sleeping\"");

        Path good = dir.resolve("good.json");
        Files.writeString(good, "[{\"project_id\": \"team-a\", \"job_id\": 7, \"name\": \"seven\","
                + " \"job_type\": \"flink_sql_job\", \"status\": \"job_init\", \"has_savepoint\": false}]");
        try (RunningService service = new RunningService(ServerConfig.simulated(0).withJobsFile(good)
                .withDataDirectory(data).withLaunchDelay(NEVER_WITHIN_A_TEST))) {
            assertThat(service.detail("team-a", 7).get("status").asText()).isEqualTo("job_init");
        }
    }
}
