package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.insight.RecordCount;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A job at work over HTTP: DLI's execute-graph and metrics, the exceptions and checkpoints extensions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobInsightEndpointsTest {

    private static final ProjectId P1 = ProjectId.of("p1");
    private final RestServerHarness server = new RestServerHarness();

    JobInsightEndpointsTest() {
        server.inspect.graph(P1, JobId.of(131), new ExecutionGraph("4f1c2e0a9b8c7d6e5f4f1c2e0a9b8c7d", "p1/131 orders",
                "RUNNING", false, 1_763_946_000_000L, -1, 60_000));
        server.inspect.metrics(P1, JobMetrics.measured(JobId.of(131), new JobMetrics.RunMetrics(
                List.of(new RecordCount("Source: s[1]", 500)), List.of(new RecordCount("b[2]: Writer", 499)),
                250.0, 249.5)));
        server.inspect.metrics(P1, JobMetrics.none(JobId.of(132), "Job 132 has not run yet: there is no run to show."));
        server.inspect.exceptions(P1, JobId.of(131), new JobExceptions(List.of(
                new JobExceptions.Failure("NumberFormatException: For input string: 'x'", 1_763_946_012_345L,
                        Optional.of("Source: s[1] (1/1)"), Optional.of("localhost:41234")),
                new JobExceptions.Failure("IOException: gone", 1_763_946_000_100L, Optional.empty(),
                        Optional.empty())), false));
        server.inspect.checkpoints(P1, JobId.of(131), new JobCheckpoints(true, 42, 1, 0,
                Optional.of(new JobCheckpoints.Completed(43, 1_000, 1_180, 180, 20_480, 10_240)),
                Optional.of(new JobCheckpoints.Failed(12, 500, 900, Optional.of("Checkpoint expired.")))));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theExecutionGraphIsAnsweredInDlisShapeWithIsSuccessAString() {
        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/131/execute-graph").GET());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("is_success").isTextual()).isTrue();
        assertThat(json.get("is_success").asText()).isEqualTo("true");
        JsonNode graph = json.get("execute_graph");
        assertThat(graph.get("jid").asText()).isEqualTo("4f1c2e0a9b8c7d6e5f4f1c2e0a9b8c7d");
        assertThat(graph.get("name").asText()).isEqualTo("p1/131 orders");
        assertThat(graph.get("isStoppable").isBoolean()).isTrue();
        assertThat(graph.get("state").asText()).isEqualTo("RUNNING");
        assertThat(graph.get("start-time").asLong()).isEqualTo(1_763_946_000_000L);
        assertThat(graph.get("end-time").asLong()).isEqualTo(-1);
        assertThat(graph.get("duration").asLong()).isEqualTo(60_000);
    }

    @Test
    void metricsAreRoutedBeforeTheJobIdAndAnswerEachJobInRequestOrderWithIsSuccessABoolean() {
        var answer = server.postJson("/v1.0/p1/streaming/jobs/metrics", "{\"job_ids\": [132, 131, 132]}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("is_success").isBoolean()).isTrue();
        assertThat(json.get("is_success").asBoolean()).isTrue();
        JsonNode jobs = json.get("metrics").get("jobs");
        assertThat(jobs).extracting(job -> job.get("job_id").asLong()).containsExactly(132L, 131L, 132L);
        assertThat(jobs.get(0).has("metrics")).isFalse();
        assertThat(jobs.get(0).get("metrics_unavailable").asText()).contains("has not run yet");
        JsonNode measured = jobs.get(1).get("metrics");
        assertThat(measured.get("sources").get(0).get("name").asText()).isEqualTo("Source: s[1]");
        assertThat(measured.get("sources").get(0).get("records").asLong()).isEqualTo(500);
        assertThat(measured.get("sources").get(0).has("corrupted_records")).isFalse();
        assertThat(measured.get("sinks").get(0).get("records").asLong()).isEqualTo(499);
        assertThat(measured.get("total_read_rate").asDouble()).isEqualTo(250.0);
        assertThat(measured.get("total_write_rate").asDouble()).isEqualTo(249.5);
    }

    @Test
    void aBatchOfMetricsIsValidatedLikeABatchRun() {
        // Its size (not empty, at most the maximum) is the use case's to check: see InspectJobsServiceTest.
        assertError(server.postJson("/v1.0/p1/streaming/jobs/metrics", "{}"), 400, "DLI.0001", "job_ids");
        assertError(server.postJson("/v1.0/p1/streaming/jobs/metrics", "{\"job_ids\": [131, 0]}"), 400,
                "DLI.0001", "job_ids[1]");
        assertError(server.postJson("/v1.0/p1/streaming/jobs/metrics", "{\"job_ids\": [\"131\"]}"), 400,
                "DLI.0001", "job_ids");
    }

    @Test
    void aJobOfAnotherProjectOrNoneAnswersNoSuchJob() {
        assertError(server.postJson("/v1.0/p2/streaming/jobs/metrics", "{\"job_ids\": [131]}"), 400, "DLI.16001",
                "131");
        assertError(server.send(server.request("/v1.0/p2/streaming/jobs/131/execute-graph").GET()), 400,
                "DLI.16001", "131");
        assertError(server.send(server.request("/v1.0/p2/streaming/jobs/131/exceptions").GET()), 400,
                "DLI.16001", "131");
        assertError(server.send(server.request("/v1.0/p1/streaming/jobs/999/checkpoints").GET()), 400,
                "DLI.16001", "999");
    }

    @Test
    void otherMethodsOnTheMetricsPathAre405NotAJobId() {
        var get = server.send(server.request("/v1.0/p1/streaming/jobs/metrics").GET());
        var delete = server.send(server.request("/v1.0/p1/streaming/jobs/metrics").DELETE());

        assertThat(get.status()).isEqualTo(405);
        assertThat(delete.status()).isEqualTo(405);
        assertThat(delete.header("Allow")).contains("POST");
        assertThat(delete.json().get("error_code").asText()).isNotBlank();
    }

    @Test
    void theExceptionHistoryIsAnsweredNewestFirstWithTheRootCauseAndWhereItHappened() {
        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/131/exceptions").GET());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode exceptions = answer.json().get("exceptions");
        assertThat(exceptions.get("root_cause").get("cause").asText())
                .isEqualTo("NumberFormatException: For input string: 'x'");
        assertThat(exceptions.get("root_cause").get("task_name").asText()).isEqualTo("Source: s[1] (1/1)");
        assertThat(exceptions.get("root_cause").get("location").asText()).isEqualTo("localhost:41234");
        assertThat(exceptions.get("root_cause").get("timestamp").asLong()).isEqualTo(1_763_946_012_345L);
        assertThat(exceptions.get("history")).hasSize(2);
        assertThat(exceptions.get("history").get(1).has("task_name")).isFalse();
        assertThat(exceptions.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void theCheckpointsAreAnsweredWithTheLatestCompletedAndFailed() {
        var answer = server.send(server.request("/v1.0/p1/streaming/jobs/131/checkpoints").GET());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode checkpoints = answer.json().get("checkpoints");
        assertThat(checkpoints.get("enabled").asBoolean()).isTrue();
        assertThat(checkpoints.get("completed").asLong()).isEqualTo(42);
        assertThat(checkpoints.get("failed").asLong()).isEqualTo(1);
        assertThat(checkpoints.get("in_progress").asLong()).isZero();
        JsonNode latest = checkpoints.get("latest_completed");
        assertThat(latest.get("id").asLong()).isEqualTo(43);
        assertThat(latest.get("duration").asLong()).isEqualTo(180);
        assertThat(latest.get("state_size").asLong()).isEqualTo(20_480);
        assertThat(latest.get("checkpointed_size").asLong()).isEqualTo(10_240);
        assertThat(checkpoints.get("latest_failed").get("reason").asText()).isEqualTo("Checkpoint expired.");
    }

    private static void assertError(RestServerHarness.Answer answer, int status, String code, String mentioned) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error_code").asText()).isEqualTo(code);
        assertThat(answer.json().get("error_msg").asText()).contains(mentioned);
        assertThat(answer.header("X-Request-Id")).isNotBlank();
    }
}
