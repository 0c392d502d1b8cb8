package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.dlirun.adapters.rest.RestServerHarness.RUN_PATH;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchRunEndpointTest {

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.useCase.reset();
    }

    @Test
    void dliRefusingTheServicesCredentialsIs502ForTheOperatorNotTheCaller() {
        server.useCase.answer(command -> {
            throw new BackendCredentialsRejectedException("DLI answered 401 APIGW.0301 to AK AKIA****");
        });

        var answer = server.postJson(RUN_PATH, "{\"job_ids\": [1]}");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0999");
        assertThat(answer.json().get("error_msg").asText())
                .isEqualTo("DLI refused this service's credentials; its operator must fix them.");
        assertThat(answer.body()).doesNotContain("AKIA", "401");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theSeedRequestAnswersOneStringTrueElementPerJob() {
        var answer = server.postJson(RUN_PATH, "{\"job_ids\": [131,130,138,137], \"resume_savepoint\": true}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json()).hasSize(4).allSatisfy(element -> {
            assertThat(element.get("is_success").isTextual()).as("is_success is a JSON string").isTrue();
            assertThat(element.get("is_success").asText()).isEqualTo("true");
            assertThat(element.get("message").asText())
                    .isEqualTo("The request for submitting DLI jobs is successfully delivered.");
        });
        assertThat(server.useCase.lastCommand.projectId()).isEqualTo(ProjectId.of("p1"));
        assertThat(server.useCase.lastCommand.jobIds())
                .containsExactly(JobId.of(131), JobId.of(130), JobId.of(138), JobId.of(137));
        assertThat(server.useCase.lastCommand.startMode()).isEqualTo(StartMode.RESUME_FROM_LATEST_SAVEPOINT);
    }

    @Test
    void eachOutcomeIsAnsweredAtItsPositionWithItsMessage() {
        server.useCase.answer(command -> List.of(
                new JobOutcome.NotFound(JobId.of(999)),
                new JobOutcome.Delivered(JobOperation.RUN, JobId.of(1)),
                new JobOutcome.NotStartable(JobId.of(2), JobStatus.JOB_RUNNING)));

        JsonNode answer = server.postJson(RUN_PATH, "{\"job_ids\": [999, 1, 2]}").json();

        assertThat(answer.findValuesAsText("is_success")).containsExactly("false", "true", "false");
        assertThat(answer.findValuesAsText("message")).containsExactly("Job 999 does not exist.",
                "The request for submitting DLI jobs is successfully delivered.",
                "Job 2 cannot be started in status job_running.");
    }

    @Test
    void repeatedIdsReachTheUseCaseAsSent() {
        server.postJson(RUN_PATH, "{\"job_ids\": [5, 5, 4]}");

        assertThat(server.useCase.lastCommand.jobIds()).containsExactly(JobId.of(5), JobId.of(5), JobId.of(4));
    }

    @Test
    void resumeSavepointDefaultsToAFreshStart() {
        server.postJson(RUN_PATH, "{\"job_ids\": [1]}");
        assertThat(server.useCase.lastCommand.startMode()).isEqualTo(StartMode.FRESH);

        server.postJson(RUN_PATH, "{\"job_ids\": [1], \"resume_savepoint\": false}");
        assertThat(server.useCase.lastCommand.startMode()).isEqualTo(StartMode.FRESH);
    }

    @Test
    void aResumeMayBeAllowedToDropStateAndOnlyAResume() {
        server.postJson(RUN_PATH, "{\"job_ids\": [1], \"resume_savepoint\": true, \"allow_non_restored_state\": true}");
        assertThat(server.useCase.lastCommand.startMode()).isEqualTo(StartMode.RESUME_ALLOWING_NON_RESTORED_STATE);
        server.postJson(RUN_PATH, "{\"job_ids\": [1], \"resume_savepoint\": true, \"allow_non_restored_state\": false}");
        assertThat(server.useCase.lastCommand.startMode()).isEqualTo(StartMode.RESUME_FROM_LATEST_SAVEPOINT);
        server.useCase.lastCommand = null;

        var fresh = server.postJson(RUN_PATH, "{\"job_ids\": [1], \"allow_non_restored_state\": true}");

        assertThat(fresh.status()).isEqualTo(400);
        assertThat(fresh.json().get("error_code").asText()).isEqualTo("DLI.0001");
        assertThat(fresh.json().get("error_msg").asText()).startsWith("allow_non_restored_state");
        assertThat(server.useCase.lastCommand).isNull();
    }

    @Test
    void aNullOptionalFieldMeansTheSameAsLeavingItOut() {
        var answer = server.postJson(RUN_PATH, "{\"job_ids\": [1], \"resume_savepoint\": null}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.useCase.lastCommand.startMode()).isEqualTo(StartMode.FRESH);
        assertThat(server.postJson(RUN_PATH, "{\"job_ids\": null, \"resume_savepoint\": true}").json()
                .get("error_msg").asText()).isEqualTo("job_ids is required.");
    }

    @Test
    void unknownFieldsAreIgnored() {
        var answer = server.postJson(RUN_PATH,
                "{\"job_ids\": [1], \"queue_name\": \"q\", \"nested\": {\"a\": [1, {}]}, \"resume_savepoint\": true}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.useCase.lastCommand.startMode()).isEqualTo(StartMode.RESUME_FROM_LATEST_SAVEPOINT);
    }

    @Test
    void aChunkedBodyAsTheOfficialSdkSendsItIsRead() {
        byte[] body = "{\"job_ids\": [7]}".getBytes(StandardCharsets.UTF_8);
        var answer = server.send(server.request(RUN_PATH)
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.useCase.lastCommand.jobIds()).containsExactly(JobId.of(7));
    }

    @Test
    void everyResponseCarriesARequestIdAndACallersSafeIdIsKept() {
        var generated = server.postJson(RUN_PATH, "{\"job_ids\": [1]}");
        assertThat(generated.header("X-Request-Id")).matches("[0-9a-f]{32}");

        var kept = server.send(server.request(RUN_PATH).header("Content-Type", "application/json")
                .header("X-Request-Id", "caller-42.a_b").POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\":[1]}")));
        assertThat(kept.header("X-Request-Id")).isEqualTo("caller-42.a_b");

        var replaced = server.send(server.request(RUN_PATH).header("Content-Type", "application/json")
                .header("X-Request-Id", "<script>").POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\":[1]}")));
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f]{32}");

        var tooLong = server.send(server.request(RUN_PATH).header("Content-Type", "application/json")
                .header("X-Request-Id", "a".repeat(129)).POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\":[1]}")));
        assertThat(tooLong.header("X-Request-Id")).matches("[0-9a-f]{32}");

        assertThat(server.send(server.request("/nowhere").GET()).header("X-Request-Id")).isNotBlank();
        assertThat(server.postJson(RUN_PATH, "{").header("X-Request-Id")).isNotBlank();
    }

    @Test
    void aBackendThatIsDownAnswers503WithRetryAfter() {
        server.useCase.answer(command -> {
            throw new BackendUnavailableException("connection refused to 10.0.0.1:443");
        });

        var answer = server.postJson(RUN_PATH, "{\"job_ids\": [1]}");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("5");
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0999");
        assertThat(answer.json().get("error_msg").asText()).isEqualTo("The job backend is unavailable; retry later.");
        assertThat(answer.body()).doesNotContain("10.0.0.1");
    }

    @Test
    void anUnexpectedFailureAnswers500WithoutInternalsAndQuotesTheRequestId() {
        server.useCase.answer(command -> {
            throw new NullPointerException("secret internal detail");
        });

        var answer = server.postJson(RUN_PATH, "{\"job_ids\": [1]}");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0999");
        assertThat(answer.json().get("error_msg").asText())
                .contains(answer.header("X-Request-Id"))
                .doesNotContain("secret", "NullPointer", "java.", "jersey", "Exception");
        assertThat(answer.json().size()).isEqualTo(2);
    }

    @Test
    void theServerKeepsServingAfterBadInput() {
        for (String bad : List.of("{", "[]", "{\"job_ids\": \"x\"}", "\u0000\u0001", "{\"job_ids\": [0]}")) {
            assertThat(server.postJson(RUN_PATH, bad).status()).isEqualTo(400);
        }
        assertThat(server.postJson(RUN_PATH, "{\"job_ids\": [1]}").status()).isEqualTo(200);
    }
}
