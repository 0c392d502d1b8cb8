package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShowJobEndpointTest {

    private static final Instant CREATED = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant STARTED = Instant.parse("2026-11-24T01:00:00Z");
    private static final JobConfig CONFIG = JobConfig.builder().parallelNumber(2).checkpointEnabled(true)
            .checkpointMode(CheckpointMode.AT_LEAST_ONCE).checkpointIntervalSeconds(30).restartWhenException(true)
            .resumeCheckpoint(true).resumeMaxNum(3).runtimeConfig("[{\"key\":\"table.exec.mini-batch.enabled\","
                    + "\"value\":\"true\"}]").build();
    private static final JobDetail RUNNING = new JobDetail(
            new Job(ProjectId.of("p1"), JobId.of(131), JobStatus.JOB_RUNNING, true), "orders-enrich",
            Optional.of(JobType.FLINK_OPENSOURCE_SQL_JOB), Optional.empty(), CREATED, Optional.of(STARTED), STARTED,
            Optional.of("queue-a"), Optional.of("obs://b/sp/131"), Optional.of(JobDefinition.sql("orders-enrich",
            JobType.FLINK_OPENSOURCE_SQL_JOB, "INSERT INTO s SELECT * FROM o", CONFIG)));

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.showJob.reset();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aJobIsShownAsDlisJobDetail() {
        server.showJob.answer((project, id) ->
                project.equals(ProjectId.of("p1")) && id.equals(JobId.of(131)) ? Optional.of(RUNNING) : Optional.empty());

        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/131").GET());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        JsonNode json = answer.json();
        assertThat(json.get("is_success").asText()).isEqualTo("true");
        JsonNode detail = json.get("job_detail");
        assertThat(detail.get("job_id").asLong()).isEqualTo(131);
        assertThat(detail.get("name").asText()).isEqualTo("orders-enrich");
        assertThat(detail.get("job_type").asText()).isEqualTo("flink_opensource_sql_job");
        assertThat(detail.get("status").asText()).isEqualTo("job_running");
        assertThat(detail.get("create_time").asLong()).isEqualTo(CREATED.toEpochMilli());
        assertThat(detail.get("start_time").asLong()).isEqualTo(STARTED.toEpochMilli());
        assertThat(detail.get("update_time").asLong()).isEqualTo(STARTED.toEpochMilli());
        assertThat(detail.get("queue_name").asText()).isEqualTo("queue-a");
        assertThat(detail.get("project_id").asText()).isEqualTo("p1");
        assertThat(detail.get("has_savepoint").asBoolean()).isTrue();
        assertThat(detail.get("savepoint_path").asText()).isEqualTo("obs://b/sp/131");
        assertThat(detail.has("status_desc")).isFalse();
        assertThat(detail.get("sql_body").asText()).isEqualTo("INSERT INTO s SELECT * FROM o");
    }

    @Test
    void aJobsConfigIsShownInDlisWireTypes() {
        server.showJob.answer((project, id) -> Optional.of(RUNNING));

        JsonNode config = server.send(server.request("/v1.0/p1/streaming/jobs/131").GET()).json()
                .get("job_detail").get("job_config");

        assertThat(config.get("checkpoint_mode").isTextual()).isTrue();
        assertThat(config.get("checkpoint_mode").asText()).isEqualTo("at_least_once");
        assertThat(config.get("checkpoint_enabled").isBoolean()).isTrue();
        assertThat(config.get("checkpoint_interval").asInt()).isEqualTo(30);
        assertThat(config.get("parallel_number").asInt()).isEqualTo(2);
        assertThat(config.get("restart_when_exception").asBoolean()).isTrue();
        assertThat(config.get("resume_checkpoint").asBoolean()).isTrue();
        assertThat(config.get("resume_max_num").asInt()).isEqualTo(3);
        assertThat(config.get("runtime_config").asText()).as("verbatim")
                .isEqualTo("[{\"key\":\"table.exec.mini-batch.enabled\",\"value\":\"true\"}]");
    }

    @Test
    void aFailedJobSaysWhyInItsStatusDescription() {
        server.showJob.answer((project, id) -> Optional.of(new JobDetail(
                new Job(project, id, JobStatus.JOB_RUNNING_EXCEPTION, false), "n", Optional.empty(),
                Optional.of("NumberFormatException: For input string: 'x'"), CREATED, Optional.of(STARTED), STARTED,
                Optional.empty(), Optional.empty(), Optional.empty())));

        JsonNode detail = server.send(server.request("/v1.0/p1/streaming/jobs/5").GET()).json().get("job_detail");

        assertThat(detail.get("status").asText()).isEqualTo("job_running_exception");
        assertThat(detail.get("status_desc").asText()).isEqualTo("NumberFormatException: For input string: 'x'");
        assertThat(detail.has("job_config")).isFalse();
    }

    @Test
    void aJobThatNeverRanHasNoStartTime() {
        server.showJob.answer((project, id) -> Optional.of(new JobDetail(
                new Job(project, id, JobStatus.JOB_INIT, false), "n", Optional.empty(), Optional.empty(), CREATED,
                Optional.empty(), CREATED, Optional.empty(), Optional.empty(), Optional.empty())));

        JsonNode detail = server.send(server.request("/v1.0/p1/streaming/jobs/5").GET()).json().get("job_detail");

        assertThat(detail.has("start_time")).isFalse();
        assertThat(detail.has("job_type")).isFalse();
        assertThat(detail.get("status").asText()).isEqualTo("job_init");
        assertThat(detail.has("allow_non_restored_state")).as("a backend that does not say").isFalse();
    }

    @Test
    void whetherTheLatestRunMayDropStateIsShownWhenTheBackendSays() {
        server.showJob.answer((project, id) -> Optional.of(new JobDetail(
                new Job(project, id, JobStatus.JOB_RUNNING, true), "n", Optional.empty(), Optional.empty(), CREATED,
                Optional.of(STARTED), STARTED, Optional.empty(), Optional.of("file:/sp"), Optional.empty(),
                Optional.of(true))));

        JsonNode detail = server.send(server.request("/v1.0/p1/streaming/jobs/5").GET()).json().get("job_detail");

        assertThat(detail.get("allow_non_restored_state").isBoolean()).isTrue();
        assertThat(detail.get("allow_non_restored_state").booleanValue()).isTrue();
    }

    @Test
    void aJobTheProjectDoesNotHoldIs400WithDli16001AsDliAnswersIt() {
        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/999").GET());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.16001");
        assertThat(answer.json().get("error_msg").asText()).isEqualTo("Job 999 does not exist.");
    }

    @Test
    void aJobIdThatIsNotAPositive64BitIntegerIs400() {
        for (String bad : new String[]{"abc", "0", "-1", "1.5", "9223372036854775808"}) {
            var answer = server.send(server.request("/v1.0/p1/streaming/jobs/" + bad).GET());
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("error_msg").asText())
                    .isEqualTo("job_id must be an integer from 1 to 9223372036854775807.");
        }
    }

    @Test
    void aBackendThatIsDownIs503() {
        server.showJob.answer((project, id) -> {
            throw new BackendUnavailableException("DLI did not answer");
        });

        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/1").GET());

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("5");
    }

    @Test
    void aGetOrDeleteOfABatchOperationsPathIsAWrongMethodNotAJobWhoseIdIsNotANumber() {
        for (String operation : new String[]{"run", "stop", "delete"}) {
            String path = "/v1.0/p1/streaming/jobs/" + operation;
            var get = server.send(server.request(path).GET());
            assertThat(get.status()).isEqualTo(405);
            assertThat(get.header("Allow")).contains("POST");
            assertThat(get.json().get("error_msg").asText())
                    .isEqualTo("Method GET is not allowed on " + path + "; allowed: POST.");
            assertThat(server.send(server.request(path).DELETE()).status()).isEqualTo(405);
        }
        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/runner").GET());
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error_msg").asText())
                .isEqualTo("job_id must be an integer from 1 to 9223372036854775807.");
    }
}
