package dev.dlirun.adapters.client.dli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creates, updates, lists and deletes forwarded to DLI: what goes on the wire, and what DLI's answers become. */
class DliJobDefinitionsTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    private final WireMockServer dli = new WireMockServer(wireMockConfig().dynamicPort());
    private DliJobBackend adapter;

    @BeforeEach
    void start() {
        dli.start();
        adapter = new DliJobBackend(DliSettings.defaults(URI.create(dli.baseUrl()), new DliCredentials.AkSk("AK", "SK"))
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        adapter.close();
        dli.stop();
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    private static JobFields fields(Map<String, ?> body) {
        return JobFields.parse(body);
    }

    @Test
    void aCreateSendsWhatTheCallerSetWithTheSqlJobsTypeAndAnswersDlisNewJob() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/sql-jobs")).willReturn(okJson("""
                {"is_success": "true", "message": "A DLI job is created successfully.",
                 "job": {"job_id": 7001, "status_name": "job_init", "status_desc": ""}}""")));

        NewJob created = adapter.create(PROJECT, JobType.FLINK_SQL_JOB, fields(Map.of("name", "orders",
                "checkpoint_mode", "at_least_once", "tags", List.of(Map.of("key", "k", "value", "v")))), soon());

        assertThat(created).isEqualTo(new NewJob(JobId.of(7001), JobStatus.JOB_INIT));
        dli.verify(postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/sql-jobs")).withRequestBody(equalToJson("""
                {"name": "orders", "checkpoint_mode": 2, "tags": [{"key": "k", "value": "v"}],
                 "job_type": "flink_sql_job"}""")));
    }

    @Test
    void aJarJobIsCreatedThroughDlisJarEndpointAndANameTakenIsSaidAsDliSaysIt() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/flink-jobs")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\": \"DLI.0006\", \"error_msg\": \"The job name already exists.\"}")));

        assertThatThrownBy(() -> adapter.create(PROJECT, JobType.FLINK_JAR_JOB, fields(Map.of("name", "jar",
                "entrypoint", "obs://b/j.jar")), soon()))
                .isInstanceOf(DuplicateJobNameException.class).hasMessage("The job name already exists.");
        dli.verify(postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/flink-jobs"))
                .withRequestBody(equalToJson("{\"name\": \"jar\", \"entrypoint\": \"obs://b/j.jar\"}")));
    }

    @Test
    void aCreateIsNeverSentTwice() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/sql-jobs")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> adapter.create(PROJECT, JobType.FLINK_OPENSOURCE_SQL_JOB,
                fields(Map.of("name", "orders")), soon())).isInstanceOf(BackendUnavailableException.class);
        dli.verify(1, postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/sql-jobs")));
    }

    @Test
    void anUpdateSendsOnlyTheChangesToTheEndpointOfItsKindAndIsRetriedAsItIsIdempotent() {
        dli.stubFor(put(urlPathEqualTo("/v1.0/p1/streaming/flink-jobs/7")).inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("ready"));
        dli.stubFor(put(urlPathEqualTo("/v1.0/p1/streaming/flink-jobs/7")).inScenario("busy")
                .whenScenarioStateIs("ready").willReturn(okJson("""
                        {"is_success": "true", "message": "The job is updated successfully.",
                         "job": {"update_time": 1763946000000}}""")));

        Instant updated = adapter.update(PROJECT, JobId.of(7), true, fields(Map.of("entrypoint_args", "--x 1")), soon())
                .updateTime();

        assertThat(updated).isEqualTo(Instant.ofEpochMilli(1_763_946_000_000L));
        dli.verify(2, putRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/flink-jobs/7"))
                .withRequestBody(equalToJson("{\"entrypoint_args\": \"--x 1\"}")));
    }

    @Test
    void anUpdateDliRefusesIsSaidAsDliSaysItAndAMissingJobIsNotFound() {
        dli.stubFor(put(urlPathEqualTo("/v1.0/p1/streaming/sql-jobs/7")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\": \"DLI.0007\", \"error_msg\": \"The job is running.\"}")));
        dli.stubFor(put(urlPathEqualTo("/v1.0/p1/streaming/sql-jobs/8")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\": \"DLI.16001\", \"error_msg\": \"The job does not exist.\"}")));

        assertThatThrownBy(() -> adapter.update(PROJECT, JobId.of(7), false, fields(Map.of("sql_body", "x")), soon()))
                .isInstanceOf(OperationNotAllowedException.class).hasMessage("DLI.0007: The job is running.");
        assertThatThrownBy(() -> adapter.update(PROJECT, JobId.of(8), false, fields(Map.of("sql_body", "x")), soon()))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void aListSendsTheQueryAsTheSdkWritesItAndReadsEachJobWhole() {
        dli.stubFor(get(urlPathEqualTo("/v1.0/p1/streaming/jobs")).willReturn(okJson("""
                {"is_success": "true", "message": "Jobs are successfully listed.", "job_list": {"total_count": 41,
                 "jobs": [{"job_id": 7, "name": "orders", "job_type": "flink_sql_job", "status": "job_running",
                   "create_time": 1000, "queue_name": "q1", "desc": "d", "sql_body": "SELECT 1",
                   "job_config": {"checkpoint_mode": "exactly_once", "cu_number": 4, "smn_topic": "t"}},
                  {"job_id": 8, "name": "odd", "status": "job_from_the_future"}]}}""")));
        JobQuery query = new JobQuery(PROJECT, Optional.of(JobType.FLINK_SQL_JOB), Optional.of(JobStatus.JOB_RUNNING),
                Optional.of("q1"), Optional.of("ord"), Optional.empty(), Optional.of(new JobTag("team", "a b")),
                Optional.empty(), true, 20, 40, true);

        JobPage page = adapter.list(query, soon());

        assertThat(page.totalCount()).isEqualTo(41);
        assertThat(page.jobs()).as("a job in a status this service does not know is left out").singleElement()
                .satisfies(job -> {
                    assertThat(job.job().id()).isEqualTo(JobId.of(7));
                    assertThat(job.queueName()).contains("q1");
                    assertThat(job.code().orElseThrow().extras().toJson()).containsEntry("desc", "d")
                            .containsEntry("cu_number", 4L).containsEntry("smn_topic", "t");
                });
        dli.verify(getRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/jobs"))
                .withQueryParam("job_type", equalTo("flink_sql_job")).withQueryParam("status", equalTo("job_running"))
                .withQueryParam("queue_name", equalTo("q1")).withQueryParam("name", equalTo("ord"))
                .withQueryParam("tags", equalTo("team=a b")).withQueryParam("order", equalTo("asc"))
                .withQueryParam("limit", equalTo("20")).withQueryParam("offset", equalTo("40"))
                .withQueryParam("show_detail", equalTo("true")));
    }

    @Test
    void oneJobIsDeletedWithDlisPerJobDeleteAndMoreWithItsBatchDelete() {
        dli.stubFor(delete(urlPathEqualTo("/v1.0/p1/streaming/jobs/7")).willReturn(okJson(
                "{\"is_success\": \"true\", \"message\": \"The job is successfully deleted.\"}")));
        dli.stubFor(delete(urlPathEqualTo("/v1.0/p1/streaming/jobs/8")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\": \"DLI.16001\", \"error_msg\": \"The job does not exist.\"}")));
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/jobs/delete")).willReturn(okJson("""
                [{"is_success": "true", "message": "The job is successfully deleted."},
                 {"is_success": "false", "message": "Job 10 does not exist."}]""")));

        assertThat(adapter.delete(PROJECT, List.of(JobId.of(7)), soon()))
                .containsExactly(Map.entry(JobId.of(7), new JobOutcome.Delivered(JobOperation.DELETE, JobId.of(7))));
        assertThat(adapter.delete(PROJECT, List.of(JobId.of(8)), soon()))
                .containsExactly(Map.entry(JobId.of(8), new JobOutcome.NotFound(JobId.of(8))));
        assertThat(adapter.delete(PROJECT, List.of(JobId.of(9), JobId.of(10)), soon()))
                .containsEntry(JobId.of(9), new JobOutcome.Delivered(JobOperation.DELETE, JobId.of(9)))
                .containsEntry(JobId.of(10), new JobOutcome.BackendRefused(JobId.of(10), "Job 10 does not exist."));
        dli.verify(deleteRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/jobs/7")));
        dli.verify(postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/jobs/delete"))
                .withRequestBody(equalToJson("{\"job_ids\": [9, 10]}")));
    }
}
