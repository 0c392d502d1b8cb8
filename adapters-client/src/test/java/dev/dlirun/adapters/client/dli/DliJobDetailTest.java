package dev.dlirun.adapters.client.dli;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** A job's detail as DLI tells it, code and settings included, read as the service shows it. */
class DliJobDetailTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(131);
    private static final String DETAIL = "/v1.0/p1/streaming/jobs/131";

    private final WireMockServer dli = new WireMockServer(wireMockConfig().dynamicPort());
    private DliJobBackend adapter;

    @BeforeEach
    void start() {
        dli.start();
        adapter = new DliJobBackend(DliSettings.defaults(URI.create(dli.baseUrl()), new DliCredentials.AkSk("AK", "SK")),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        adapter.close();
        dli.stop();
    }

    private JobDetail detail(String json) {
        dli.stubFor(get(urlPathEqualTo(DETAIL)).willReturn(okJson(json)));
        return adapter.findJob(PROJECT, ID, Deadline.after(Duration.ofSeconds(10))).orElseThrow();
    }

    @Test
    void aJobsCodeStatusDescriptionAndSettingsAreReadInDlisWireTypes() {
        JobDetail detail = detail("""
                {"is_success": "true", "message": "", "job_detail": {"job_id": 131, "name": "orders",
                 "job_type": "flink_opensource_sql_job", "status": "job_running_exception",
                 "status_desc": "The job failed: NumberFormatException", "create_time": 1000, "update_time": 2000,
                 "sql_body": "INSERT INTO s SELECT 1", "has_savepoint": false, "queue_name": "q1",
                 "job_config": {"checkpoint_enabled": true, "checkpoint_mode": "at_least_once",
                   "checkpoint_interval": 30, "parallel_number": 4, "restart_when_exception": true,
                   "resume_checkpoint": true, "resume_max_num": 2, "runtime_config": "a=b", "cu_number": 2,
                   "log_enabled": false}}}""");

        assertThat(detail.statusDesc()).contains("The job failed: NumberFormatException");
        JobDefinition code = detail.code().orElseThrow();
        assertThat(code.config()).isEqualTo(JobConfig.builder().checkpointEnabled(true)
                .checkpointMode(CheckpointMode.AT_LEAST_ONCE).checkpointIntervalSeconds(30).parallelNumber(4)
                .restartWhenException(true).resumeCheckpoint(true).resumeMaxNum(2).runtimeConfig("a=b").build());
        assertThat(code.sqlBody()).contains("INSERT INTO s SELECT 1");
        assertThat(code.extras().toJson()).as("every other field, wherever DLI's detail has it")
                .containsExactly(Map.entry("queue_name", "q1"), Map.entry("cu_number", 2L),
                        Map.entry("log_enabled", false));
    }

    @Test
    void settingsDliLeavesOutAreItsDefaultsAndOnesThisServiceCannotHoldAreLeftOut() {
        assertThat(detail("""
                {"is_success": "true", "job_detail": {"job_id": 131, "name": "jar", "job_type": "flink_jar_job",
                 "status": "job_init", "main_class": "com.example.Main", "entrypoint_args": "--a 1",
                 "job_config": {"entrypoint": "obs://bucket/jobs.jar"}}}""").code())
                .contains(new JobDefinition("jar", JobType.FLINK_JAR_JOB, Optional.empty(),
                        Optional.of("com.example.Main"), Optional.of("--a 1"),
                        JobConfig.builder().entrypoint("obs://bucket/jobs.jar").build()));
        assertThat(detail("""
                {"is_success": "true", "job_detail": {"job_id": 131, "name": "odd", "job_type": "flink_sql_job",
                 "status": "job_init", "job_config": {"parallel_number": 0, "cu_number": 0,
                 "tm_cus": 3}}}""").code().orElseThrow().fields())
                .isEqualTo(JobDefinition.from(JobType.FLINK_SQL_JOB, JobFields.parse(Map.of("name", "odd",
                        "tm_cus", 3))).fields());
    }
}
