package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.adapters.client.dli.DliCredentials;
import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.dli.FakeDli;
import dev.dlirun.adapters.client.dli.OfficialSigner;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The service as main() wires it with --backend dli, in front of a fake DLI on loopback. */
class DliBackendEndToEndTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final String AK = "AKEXAMPLE123";
    private static final String SK = "SKEXAMPLE456";

    private final FakeDli dli = FakeDli.start()
            .withJob(PROJECT, 131, JobStatus.JOB_CANCEL_SUCCESS, true)
            .withJob(PROJECT, 140, JobStatus.JOB_RUNNING, true)
            .requiring(OfficialSigner.verifies(AK, SK));
    private RunningService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        dli.close();
    }

    private RunningService serviceInFrontOf(URI endpoint, DliCredentials credentials) {
        service = new RunningService(ServerConfig.simulated(0).withDli(DliSettings.defaults(endpoint, credentials)));
        return service;
    }

    @Test
    void aBatchRunsOnDliWithEveryRequestSignedAsTheOfficialSdkSignsIt() {
        RunningService service = serviceInFrontOf(dli.endpoint(), new DliCredentials.AkSk(AK, SK));

        var answer = service.run("p1", "{\"job_ids\": [131, 140, 999, 131], \"resume_savepoint\": true}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().findValuesAsText("is_success")).containsExactly("true", "false", "false", "true");
        assertThat(answer.json().findValuesAsText("message")).containsExactly(
                "The request for submitting DLI jobs is successfully delivered.",
                "Job 140 cannot be started in status job_running.",
                "Job 999 does not exist.",
                "The request for submitting DLI jobs is successfully delivered.");
        assertThat(dli.timesStarted(PROJECT, 131)).isEqualTo(1);
        assertThat(dli.received()).isNotEmpty().allSatisfy(request -> {
            assertThat(OfficialSigner.verifies(AK, SK).test(request)).as("signed like the SDK").isTrue();
            assertThat(request.header("Authorization")).startsWith("SDK-HMAC-SHA256 Access=" + AK + ", ");
        });
    }

    @Test
    void aJobCanBeFollowedAfterItsRun() {
        RunningService service = serviceInFrontOf(dli.endpoint(), new DliCredentials.AkSk(AK, SK));
        service.run("p1", "{\"job_ids\": [131]}");

        JsonNode detail = service.get("/v1.0/p1/streaming/jobs/131").json().get("job_detail");

        assertThat(detail.get("status").asText()).isEqualTo("job_submitting");
        assertThat(detail.get("queue_name").asText()).isEqualTo("fake-queue");
        var missing = service.get("/v1.0/p1/streaming/jobs/999");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error_code").asText()).isEqualTo("DLI.16001");
    }

    @Test
    void aJobsSavepointHistoryIsAnExtensionDliHasNotAndDliIsNotAsked() {
        RunningService service = serviceInFrontOf(dli.endpoint(), new DliCredentials.AkSk(AK, SK));
        int before = dli.received().size();

        var history = service.get("/v1.0/p1/streaming/jobs/131/savepoints");

        assertThat(history.status()).isEqualTo(400);
        assertThat(history.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(history.json().get("error_msg").asText())
                .startsWith("DLI has no operation for a job's savepoint history");
        assertThat(dli.received()).hasSize(before);
    }

    @Test
    void aJobsVersionsAreAnExtensionDliHasNotAndDliIsNotAsked() {
        RunningService service = serviceInFrontOf(dli.endpoint(), new DliCredentials.AkSk(AK, SK));
        int before = dli.received().size();

        for (var answer : List.of(service.get("/v1.0/p1/streaming/jobs/131/versions"),
                service.get("/v1.0/p1/streaming/jobs/131/versions/1"),
                service.send("POST", "/v1.0/p1/streaming/jobs/131/versions/1/rollback", null))) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0007");
            assertThat(answer.json().get("error_msg").asText()).startsWith("DLI has no operation for a job's versions");
        }
        assertThat(dli.received()).hasSize(before);
    }

    @Test
    void aOneCallUpgradeIsAnExtensionDliHasNotAndDliIsNotAsked() {
        RunningService service = serviceInFrontOf(dli.endpoint(), new DliCredentials.AkSk(AK, SK));
        int before = dli.received().size();

        var upgrade = service.post("p1", "140/upgrade", "{\"sql_body\": \"INSERT INTO b SELECT 1;\"}");
        var shown = service.get("/v1.0/p1/streaming/jobs/140/upgrades/5e3c1a0c2d4f6a8b1e9b8a7c6d5e4f30");

        for (var answer : java.util.List.of(upgrade, shown)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0007");
            assertThat(answer.json().get("error_msg").asText())
                    .startsWith("DLI has no operation for a job's one-call upgrade");
        }
        assertThat(dli.received()).hasSize(before);
    }

    @Test
    void credentialsDliRefusesAre502ForTheCallerAndNothingIsStarted() {
        RunningService service = serviceInFrontOf(dli.endpoint(), new DliCredentials.AkSk(AK, "wrong-secret"));

        var answer = service.run("p1", "{\"job_ids\": [131]}");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().get("error_msg").asText())
                .isEqualTo("DLI refused this service's credentials; its operator must fix them.");
        assertThat(dli.timesStarted(PROJECT, 131)).isZero();
    }

    @Test
    void aDliThatCannotBeReachedIs503WithRetryAfter() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        RunningService service = serviceInFrontOf(URI.create("http://127.0.0.1:" + closed), new DliCredentials.AkSk(AK, SK));

        var answer = service.run("p1", "{\"job_ids\": [131, 140]}");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0999");
    }
}
