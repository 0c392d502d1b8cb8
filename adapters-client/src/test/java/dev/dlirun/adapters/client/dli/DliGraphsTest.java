package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gen-graph forwarded to a fake DLI that checks every request's signature with the SDK's signer. */
class DliGraphsTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeDli dli = FakeDli.start()
            .withJob(PROJECT, 131, JobStatus.JOB_INIT, false)
            .requiring(OfficialSigner.verifies("AK-TEST", "SK-TEST"));
    private final DliJobBackend adapter = new DliJobBackend(DliSettings.defaults(dli.endpoint(),
                    new DliCredentials.AkSk("AK-TEST", "SK-TEST"))
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500))
            .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());

    @AfterEach
    void close() {
        adapter.close();
        dli.close();
    }

    private static Deadline seconds(long n) {
        return Deadline.after(Duration.ofSeconds(n));
    }

    @Test
    void aCheckGoesToDlisGenGraphSignedWithTheBodysFieldsAndReadsItsGraph() throws Exception {
        GraphCheck check = new GraphCheck(GraphType.JOB_GRAPH, JobFields.parse(Map.of("sql_body", "INSERT INTO b "
                + "SELECT 1;", "parallel_number", 2)), Optional.of("flink_opensource_sql_job"), Optional.of(true));

        GraphVerdict verdict = adapter.graph(PROJECT, JobId.of(131), check, seconds(5));

        assertThat(verdict).isEqualTo(new GraphVerdict.Planned("{\"graph_type\":\"job_graph\"}"));
        FakeDli.Received request = dli.received().get(dli.received().size() - 1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v3/p1/streaming/jobs/131/gen-graph");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("graph_type").asText()).isEqualTo("job_graph");
        assertThat(body.get("sql_body").asText()).isEqualTo("INSERT INTO b SELECT 1;");
        assertThat(body.get("parallel_number").isIntegralNumber()).isTrue();
        assertThat(body.get("parallel_number").asInt()).isEqualTo(2);
        assertThat(body.get("job_type").asText()).isEqualTo("flink_opensource_sql_job");
        assertThat(body.get("static_estimator").booleanValue()).isTrue();
    }

    @Test
    void dlisRefusalIsItsVerdictWithItsOwnCodeAndMessage() {
        dli.failNext(FakeDli.Route.GEN_GRAPH, FakeDli.Fault.status(200, "{\"is_success\": \"false\", \"message\": "
                + "\"Line 3: syntax error\", \"error_code\": \"DLI.16103\"}"));

        GraphVerdict verdict = adapter.graph(PROJECT, JobId.of(131), GraphCheck.of(GraphType.SIMPLE_GRAPH), seconds(5));

        assertThat(verdict).isEqualTo(new GraphVerdict.Refused("DLI.16103", "Line 3: syntax error"));
    }

    @Test
    void aJobDliDoesNotHoldIsNotFound() {
        assertThatThrownBy(() -> adapter.graph(PROJECT, JobId.of(999), GraphCheck.of(GraphType.SIMPLE_GRAPH),
                seconds(5))).isInstanceOf(JobNotFoundException.class);
    }
}
