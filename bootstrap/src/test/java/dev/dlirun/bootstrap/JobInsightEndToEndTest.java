package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobResponse;
import com.huaweicloud.sdk.dli.v1.model.FlinkJob;
import com.huaweicloud.sdk.dli.v1.model.FlinkJobExecutionGraph;
import com.huaweicloud.sdk.dli.v1.model.FlinkJobMetricInfo;
import com.huaweicloud.sdk.dli.v1.model.FlinkMetricList;
import com.huaweicloud.sdk.dli.v1.model.Metric;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobExecutionGraphRequest;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobExecutionGraphResponse;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkMetricRequest;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkMetricRequestBody;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkMetricResponse;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Seeing jobs at work, end to end: the service as main() wires it on an embedded Flink, its jobs made and run by the
 * official SDK, which reads their execution graph and metrics with its own models; the extensions over HTTP (one
 * server, one cluster, bounded jobs, for the whole class).
 */
class JobInsightEndToEndTest {

    private static final String PROJECT = "insight";
    private static final Duration SOON = Duration.ofSeconds(120);

    private static Path data;
    private static RunningService service;
    private static DliClient dli;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("dlirun-insight-e2e");
        service = new RunningService(ServerConfig.simulated(0)
                .withBackend(new Backend.Flink(new FlinkSettings.Embedded(8), Optional.empty(), Optional.empty(),
                        Optional.empty(), FlinkSettings.defaultConnectors(), Set.of()))
                .withDataDirectory(data.resolve("data"))
                .withReadinessCache(Duration.ZERO));
        long deadline = System.nanoTime() + SOON.toNanos();
        while (service.get("/health/ready").status() != 200) {
            assertThat(System.nanoTime()).as("ready in time: %s", service.get("/health/ready").json())
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        dli = DliClient.newBuilder()
                .withCredential(new BasicCredentials().withAk("AK").withSk("SECRET").withProjectId(PROJECT))
                .withEndpoint(service.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        ScratchDirectory.delete(data);
    }

    private static long create(String name, String sql) {
        CreateFlinkSqlJobResponse created = dli.createFlinkSqlJob(new CreateFlinkSqlJobRequest()
                .withBody(new CreateFlinkSqlJobRequestBody().withName(name).withSqlBody(sql)));
        assertThat(created.getIsSuccess()).isEqualTo("true");
        return created.getJob().getJobId();
    }

    private static void run(long id) {
        assertThat(dli.batchRunFlinkJobs(new BatchRunFlinkJobsRequest().withBody(new BatchRunFlinkJobsRequestBody()
                .withJobIds(List.of(id)))).getBody())
                .singleElement().satisfies(outcome -> assertThat(outcome.getIsSuccess()).as(outcome.getMessage())
                        .isEqualTo("true"));
    }

    private static FlinkJob await(long id, Predicate<FlinkJob> until) throws InterruptedException {
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

    private static Predicate<FlinkJob> inStatus(String status) {
        return job -> status.equals(job.getStatus());
    }

    private static void assertRefused(Runnable call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClientRequestException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getErrorMsg()).contains(message);
        });
    }

    @Test
    void theOfficialSdkReadsABoundedJobsExecutionGraphAndMetricsCountingExactlyItsRows() throws Exception {
        long id = create("five-hundred-rows", """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '500');
                CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT a FROM s;""");
        long draft = create("never-run", """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
                CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT a FROM s;""");
        run(id);
        await(id, inStatus("job_finish"));

        ShowFlinkJobExecutionGraphResponse graph = dli.showFlinkJobExecutionGraph(
                new ShowFlinkJobExecutionGraphRequest().withJobId(id));
        assertThat(graph.getIsSuccess()).isEqualTo("true");
        FlinkJobExecutionGraph flink = graph.getExecuteGraph();
        assertThat(flink.getJid()).matches("[0-9a-f]{32}");
        assertThat(flink.getState()).isEqualTo("FINISHED");
        assertThat(flink.getIsStoppable()).isFalse();
        assertThat(flink.getStartTime()).isPositive();
        assertThat(flink.getEndTime()).isGreaterThanOrEqualTo(flink.getStartTime());
        assertThat(flink.getDuration()).isEqualTo(flink.getEndTime() - flink.getStartTime());

        ShowFlinkMetricResponse metrics = dli.showFlinkMetric(new ShowFlinkMetricRequest()
                .withBody(new ShowFlinkMetricRequestBody().withJobIds(List.of(id, draft))));
        assertThat(metrics.getIsSuccess()).isTrue();
        assertThat(metrics.getMetrics().getJobs()).extracting(FlinkMetricList::getJobId).containsExactly(id, draft);
        Metric counted = metrics.getMetrics().getJobs().get(0).getMetrics();
        assertThat(counted.getSources()).extracting(FlinkJobMetricInfo::getRecords).containsExactly(500L);
        assertThat(counted.getSinks()).extracting(FlinkJobMetricInfo::getRecords).containsExactly(500L);
        assertThat(counted.getTotalReadRate()).isPositive();
        assertThat(counted.getTotalWriteRate()).isPositive();
        // A job that never ran has no numbers rather than zeros, and says why (an extension the SDK ignores).
        assertThat(metrics.getMetrics().getJobs().get(1).getMetrics()).isNull();

        assertRefused(() -> dli.showFlinkJobExecutionGraph(new ShowFlinkJobExecutionGraphRequest().withJobId(draft)),
                "DLI.0007", "has not run yet");
        assertRefused(() -> dli.showFlinkMetric(new ShowFlinkMetricRequest()
                        .withBody(new ShowFlinkMetricRequestBody().withJobIds(List.of(id, 987_654_321L)))),
                "DLI.16001", "987654321");
        JsonNode checkpoints = service.get("/v1.0/" + PROJECT + "/streaming/jobs/" + id + "/checkpoints").json();
        assertThat(checkpoints.get("checkpoints").get("enabled").asBoolean()).isFalse();
    }

    @Test
    void aJobsFailureShowsInItsExceptionHistoryWithinSecondsWithItsTaskAndTimeAndNotInAnotherJobs()
            throws Exception {
        String unique = "not-a-number-" + UUID.randomUUID();
        long failing = create("failing", """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
                CREATE TABLE b (i INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT CAST('%s' AS INT) + a FROM s;""".formatted(unique));
        long other = create("fine", """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
                CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT a FROM s;""");
        long before = System.currentTimeMillis();
        run(failing);
        run(other);
        await(failing, job -> "job_running_exception".equals(job.getStatus()));
        await(other, inStatus("job_finish"));

        JsonNode rootCause = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (rootCause == null) {
            assertThat(System.nanoTime()).as("the failure in the history within seconds").isLessThan(deadline);
            RunningService.Answer answer = service.get("/v1.0/" + PROJECT + "/streaming/jobs/" + failing
                    + "/exceptions");
            assertThat(answer.status()).as(String.valueOf(answer.json())).isEqualTo(200);
            rootCause = answer.json().get("exceptions").get("root_cause");
            if (rootCause == null) {
                Thread.sleep(100);
            }
        }
        assertThat(rootCause.get("cause").asText()).contains(unique);
        assertThat(rootCause.get("task_name").asText()).startsWith("Source: s");
        assertThat(rootCause.get("timestamp").asLong()).isBetween(before, System.currentTimeMillis());
        JsonNode others = service.get("/v1.0/" + PROJECT + "/streaming/jobs/" + other + "/exceptions").json();
        assertThat(others.get("exceptions").get("history")).isEmpty();
        assertThat(others.toString()).doesNotContain(unique);
    }
}
