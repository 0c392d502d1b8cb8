package dev.dlirun.adapters.rest;

import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** DLI's gen-graph over HTTP: the body in as a check, the verdict out as DLI's answer, refusals as DLI's errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobGraphEndpointTest {

    private static final String GEN_GRAPH = "/v3/p1/streaming/jobs/131/gen-graph";

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.checks.failWith(null);
        server.checks.answer(new GraphVerdict.Planned("{\"graph_type\":\"simple_graph\",\"nodes\":[]}"));
        server.checks.lastCall = null;
    }

    @AfterAll
    void close() {
        server.close();
    }

    @Test
    void aPlannedScriptAnswersIsSuccessAsABooleanAndItsGraphAsText() {
        var answer = server.postJson(GEN_GRAPH, "{\"sql_body\": \"INSERT INTO b SELECT 1;\", \"graph_type\": "
                + "\"job_graph\", \"parallel_number\": 3, \"job_type\": \"flink_opensource_sql_job\", "
                + "\"static_estimator\": false, \"unknown\": 1}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("is_success").isBoolean()).isTrue();
        assertThat(answer.json().get("is_success").booleanValue()).isTrue();
        assertThat(answer.json().get("error_code").asText()).isEmpty();
        assertThat(answer.json().get("stream_graph").asText()).isEqualTo("{\"graph_type\":\"simple_graph\",\"nodes\":[]}");
        FakeChecks.Call call = server.checks.lastCall;
        assertThat(call.projectId()).isEqualTo(ProjectId.of("p1"));
        assertThat(call.id()).isEqualTo(JobId.of(131));
        assertThat(call.check().type()).isEqualTo(GraphType.JOB_GRAPH);
        assertThat(call.check().overrides().get(JobField.SQL_BODY)).contains("INSERT INTO b SELECT 1;");
        assertThat(call.check().overrides().get(JobField.PARALLEL_NUMBER)).contains(3L);
        assertThat(call.check().jobType()).contains("flink_opensource_sql_job");
        assertThat(call.check().staticEstimator()).contains(false);
    }

    @Test
    void anEmptyBodyChecksTheJobAsItIsAsASimpleGraph() {
        server.postJson(GEN_GRAPH, "{}");

        assertThat(server.checks.lastCall.check().type()).isEqualTo(GraphType.SIMPLE_GRAPH);
        assertThat(server.checks.lastCall.check().overrides().isEmpty()).isTrue();
        assertThat(server.checks.lastCall.check().jobType()).isEqualTo(Optional.empty());
    }

    @Test
    void aScriptThatDoesNotPlanIs200WithIsSuccessFalseTheCodeAndWhere() {
        server.checks.answer(new GraphVerdict.Refused("DLI.16101", "Statement 3 (line 3): SQL parse failed."));

        var answer = server.postJson(GEN_GRAPH, "{}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("is_success").booleanValue()).isFalse();
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.16101");
        assertThat(answer.json().get("message").asText()).isEqualTo("Statement 3 (line 3): SQL parse failed.");
        assertThat(answer.json().has("stream_graph")).isFalse();
    }

    @Test
    void aGraphTypeOtherThanDlisTwoIs400NamingTheField() {
        var answer = server.postJson(GEN_GRAPH, "{\"graph_type\": \"full_graph\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0001");
        assertThat(answer.json().get("error_msg").asText()).startsWith("graph_type");
        assertThat(server.checks.lastCall).isNull();
    }

    @Test
    void aFieldOfTheWrongTypeOrOutOfRangeIs400NamingIt() {
        var wrongType = server.postJson(GEN_GRAPH, "{\"parallel_number\": \"two\"}");
        var outOfRange = server.postJson(GEN_GRAPH, "{\"parallel_number\": 0}");

        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("error_msg").asText()).startsWith("parallel_number");
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().get("error_msg").asText()).startsWith("parallel_number");
        assertThat(server.checks.lastCall).isNull();
    }

    @Test
    void aJobTheProjectDoesNotHoldIs400Dli16001() {
        server.checks.failWith(new JobNotFoundException(JobId.of(131)));

        var answer = server.postJson(GEN_GRAPH, "{}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.16001");
    }

    @Test
    void aCheckTheBackendCannotMakeIs400Dli0007() {
        server.checks.failWith(new OperationNotAllowedException("This service simulates its jobs' runs."));

        var answer = server.postJson(GEN_GRAPH, "{}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0007");
    }
}
