package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;
import dev.dlirun.domain.state.StateVerdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The state check extension over HTTP: the body in as a candidate, the verdict out, refusals as DLI's errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateCheckEndpointTest {

    private static final String STATE_CHECK = "/v1.0/p1/streaming/jobs/131/state-check";

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.checks.failWith(null);
        server.checks.lastStateCall = null;
        server.checks.stateResult = new StateCheckResult(StateVerdict.compatible("All 2 operators' state maps."),
                "file:/sp/p1/131/savepoint-1", StateCheckResult.Source.SAVEPOINT);
    }

    @AfterAll
    void close() {
        server.close();
    }

    @Test
    void theCandidatesFieldsAndTheStateNamedAreTheCheckAndTheVerdictIsTheAnswer() {
        server.checks.stateResult = new StateCheckResult(StateVerdict.incompatible("The state would mean something "
                + "else.", List.of(new StateVerdict.OperatorNote("20ba6b65f97481d5570070de90e4e791",
                "GroupAggregate(groupBy=[v])", "its state was written by GroupAggregate(groupBy=[k]) count state"))),
                "file:/sp/p1/131/savepoint-7", StateCheckResult.Source.NAMED);

        var answer = server.postJson(STATE_CHECK, "{\"sql_body\": \"INSERT INTO b SELECT 1;\", \"parallel_number\": 3,"
                + " \"savepoint_path\": \"savepoint-7\", \"name\": \"not a field of a check\", \"unknown\": 1}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("is_success").booleanValue()).isTrue();
        assertThat(answer.json().get("message").asText()).isEqualTo("The state check says incompatible.");
        assertThat(answer.json().get("verdict").asText()).isEqualTo("incompatible");
        assertThat(answer.json().get("reason").asText()).isEqualTo("The state would mean something else.");
        assertThat(answer.json().get("savepoint_path").asText()).isEqualTo("file:/sp/p1/131/savepoint-7");
        assertThat(answer.json().get("state_source").asText()).isEqualTo("named");
        assertThat(answer.json().get("operators")).hasSize(1);
        assertThat(answer.json().get("operators").get(0).get("operator_id").asText())
                .isEqualTo("20ba6b65f97481d5570070de90e4e791");
        assertThat(answer.json().get("operators").get(0).get("operator").asText())
                .isEqualTo("GroupAggregate(groupBy=[v])");
        assertThat(answer.json().get("operators").get(0).get("note").asText())
                .isEqualTo("its state was written by GroupAggregate(groupBy=[k]) count state");
        FakeChecks.StateCall call = server.checks.lastStateCall;
        assertThat(call.projectId()).isEqualTo(ProjectId.of("p1"));
        assertThat(call.id()).isEqualTo(JobId.of(131));
        assertThat(call.request().changes().names()).containsExactlyInAnyOrder(JobField.SQL_BODY,
                JobField.PARALLEL_NUMBER);
        assertThat(call.request().changes().get(JobField.PARALLEL_NUMBER)).contains(3L);
        assertThat(call.request().statePath()).contains("savepoint-7");
    }

    @Test
    void noBodyOrAnEmptyOneChecksTheJobAsItIsAgainstItsOwnState() {
        var empty = server.postJson(STATE_CHECK, "{}");

        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("verdict").asText()).isEqualTo("compatible");
        assertThat(empty.json().get("state_source").asText()).isEqualTo("savepoint");
        assertThat(empty.json().get("operators")).isEmpty();
        assertThat(server.checks.lastStateCall.request()).isEqualTo(StateCheckRequest.asItIs());
        assertThat(StreamingJobChecksResource.stateCheck(null)).isEqualTo(StateCheckRequest.asItIs());
        assertThat(StreamingJobChecksResource.answer(new StateCheckResult(StateVerdict.unknown("another Flink"),
                "file:/c", StateCheckResult.Source.CHECKPOINT)).getStateSource().toString()).isEqualTo("checkpoint");
    }

    @Test
    void aFieldOfTheWrongTypeIs400NamingItAndNothingIsChecked() {
        var wrongType = server.postJson(STATE_CHECK, "{\"parallel_number\": \"two\"}");
        var blank = server.postJson(STATE_CHECK, "{\"savepoint_path\": \"  \"}");

        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("error_msg").asText()).startsWith("parallel_number");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("error_msg").asText()).startsWith("savepoint_path");
        assertThat(server.checks.lastStateCall).isNull();
    }

    @Test
    void refusalsAreDlisErrors() {
        server.checks.failWith(new JobNotFoundException(JobId.of(131)));
        assertThat(server.postJson(STATE_CHECK, "{}").json().get("error_code").asText()).isEqualTo("DLI.16001");
        server.checks.failWith(new OperationNotAllowedException("This service simulates its jobs' runs."));
        assertThat(server.postJson(STATE_CHECK, "{}").json().get("error_code").asText()).isEqualTo("DLI.0007");
        server.checks.failWith(new InvalidInputException("savepoint_path", "is needed: job 131 has no savepoint"));
        var noState = server.postJson(STATE_CHECK, "{}");
        assertThat(noState.status()).isEqualTo(400);
        assertThat(noState.json().get("error_code").asText()).isEqualTo("DLI.0001");
        assertThat(noState.json().get("error_msg").asText()).contains("has no savepoint");
    }
}
