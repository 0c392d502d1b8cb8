package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-call upgrade extension over HTTP: the body in as the new version, the upgrade out, waits and refusals. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradeEndpointTest {

    private static final String UPGRADE = "/v1.0/p1/streaming/jobs/131/upgrade";
    private static final UpgradeId ID = new UpgradeId("5e3c1a0c2d4f6a8b1e9b8a7c6d5e4f30");
    private static final String SHOW = "/v1.0/p1/streaming/jobs/131/upgrades/" + ID.value();
    private static final Instant BEGUN = Instant.ofEpochMilli(1763946042000L);

    private final RestServerHarness server = new RestServerHarness();

    private static JobUpgrade upgrade(UpgradeStatus status, Optional<StateVerdict> verdict, Optional<String> savepoint,
                                      Optional<String> why) {
        return new JobUpgrade(ID, JobId.of(131), status, JobFields.parse(Map.of("sql_body", "old")),
                JobFields.parse(Map.of("sql_body", "new")), verdict, savepoint, why, Duration.ofSeconds(90), false,
                BEGUN, BEGUN.plusSeconds(30));
    }

    @BeforeEach
    void reset() {
        server.upgrades.failure = null;
        server.upgrades.lastStart = null;
        server.upgrades.lastWait = null;
        server.upgrades.started = upgrade(UpgradeStatus.CHECKING, Optional.empty(), Optional.empty(),
                Optional.empty());
        server.upgrades.settled = upgrade(UpgradeStatus.ROLLED_BACK, Optional.of(StateVerdict.compatible(
                "All 3 operators' state maps.")), Optional.of("file:/sp/p1/131/savepoint-1"),
                Optional.of("The new version failed."));
    }

    @AfterAll
    void close() {
        server.close();
    }

    @Test
    void anUpgradeIsAcceptedWithWhereItIsShownAndTheNewVersionsFieldsOnly() {
        var answer = server.postJson(UPGRADE, "{\"sql_body\": \"INSERT INTO b SELECT 1;\", \"parallel_number\": 3, "
                + "\"timeout_seconds\": 90, \"allow_non_restored_state\": true, \"name\": \"not a field\"}");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.header("Location")).isEqualTo(SHOW);
        assertThat(answer.header("Preference-Applied")).isNull();
        assertThat(answer.json().get("upgrade_id").asText()).isEqualTo(ID.value());
        assertThat(answer.json().get("job_id").asLong()).isEqualTo(131);
        assertThat(answer.json().get("status").asText()).isEqualTo("checking");
        assertThat(answer.json().get("from").get("sql_body").asText()).isEqualTo("old");
        assertThat(answer.json().get("to").get("sql_body").asText()).isEqualTo("new");
        assertThat(answer.json().get("timeout_seconds").asInt()).isEqualTo(90);
        assertThat(answer.json().get("created_at").asLong()).isEqualTo(1763946042000L);
        assertThat(answer.json().get("updated_at").asLong()).isEqualTo(1763946072000L);
        assertThat(answer.json().has("verdict")).isFalse();
        FakeUpgrades.Start start = server.upgrades.lastStart;
        assertThat(start.projectId()).isEqualTo(ProjectId.of("p1"));
        assertThat(start.id()).isEqualTo(JobId.of(131));
        assertThat(start.request().changes().names()).containsExactlyInAnyOrder(JobField.SQL_BODY,
                JobField.PARALLEL_NUMBER);
        assertThat(start.request().timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(start.request().allowNonRestoredState()).isTrue();

        server.postJson(UPGRADE, "{\"sql_body\": \"INSERT INTO b SELECT 2;\"}");
        assertThat(server.upgrades.lastStart.request().timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(server.upgrades.lastStart.request().allowNonRestoredState()).isFalse();
    }

    @Test
    void aCallerWhoPrefersToWaitIsAnsweredOnceItSettledWithTheVerdictAndWhy() {
        var answer = server.send(server.request(UPGRADE).header("Content-Type", "application/json")
                .header("Prefer", "wait=300").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"sql_body\": \"INSERT INTO b SELECT 1;\"}")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=60");
        assertThat(answer.header("Location")).isEqualTo(SHOW);
        assertThat(server.upgrades.lastWait).isEqualTo(Duration.ofSeconds(300));
        assertThat(answer.json().get("status").asText()).isEqualTo("rolled_back");
        assertThat(answer.json().get("verdict").asText()).isEqualTo("compatible");
        assertThat(answer.json().get("verdict_reason").asText()).isEqualTo("All 3 operators' state maps.");
        assertThat(answer.json().get("operators")).isEmpty();
        assertThat(answer.json().get("savepoint_path").asText()).isEqualTo("file:/sp/p1/131/savepoint-1");
        assertThat(answer.json().get("why").asText()).isEqualTo("The new version failed.");
    }

    @Test
    void anUpgradeIsShownAsItIsOrOnceSettledAndAnIdTheJobHasNotIsNoSuchUpgrade() {
        var shown = server.send(server.request(SHOW).GET());
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("status").asText()).isEqualTo("checking");
        assertThat(shown.header("Preference-Applied")).isNull();

        var latest = server.send(server.request("/v1.0/p1/streaming/jobs/131/upgrades/latest").GET());
        assertThat(latest.status()).isEqualTo(200);
        assertThat(latest.json().get("upgrade_id").asText()).isEqualTo(ID.value());

        var waited = server.send(server.request(SHOW).header("Prefer", "wait=5").GET());
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.header("Preference-Applied")).isEqualTo("wait=5");
        assertThat(waited.json().get("status").asText()).isEqualTo("rolled_back");

        for (String other : List.of("/v1.0/p1/streaming/jobs/131/upgrades/" + UpgradeId.generate().value(),
                "/v1.0/p1/streaming/jobs/132/upgrades/" + ID.value(), "/v1.0/p1/streaming/jobs/131/upgrades/nope",
                "/v1.0/p1/streaming/jobs/132/upgrades/latest")) {
            var missing = server.send(server.request(other).GET());
            assertThat(missing.status()).as(other).isEqualTo(400);
            assertThat(missing.json().get("error_code").asText()).isEqualTo("DLI.16001");
            assertThat(missing.json().get("error_msg").asText()).startsWith("Job 13").contains("has no upgrade");
        }
    }

    @Test
    void aSettledUpgradeIsShownAtOnceEvenToACallerWhoPrefersToWait() {
        server.upgrades.started = server.upgrades.settled;
        var shown = server.send(server.request(SHOW).header("Prefer", "wait=5").GET());
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.header("Preference-Applied")).isNull();
        assertThat(server.upgrades.lastWait).isNull();
    }

    @Test
    void refusalsAreDlisErrors() {
        var noBody = server.postJson(UPGRADE, "null");
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.json().get("error_code").asText()).isEqualTo("DLI.0001");

        var nothingToChange = server.postJson(UPGRADE, "{\"name\": \"x\"}");
        assertThat(nothingToChange.status()).isEqualTo(400);
        assertThat(nothingToChange.json().get("error_msg").asText()).startsWith("body must change at least one");

        var tooLong = server.postJson(UPGRADE, "{\"sql_body\": \"x\", \"timeout_seconds\": 1801}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("error_code").asText()).isEqualTo("DLI.0001");

        server.upgrades.failure = new OperationNotAllowedException("Job 131 is being upgraded already.");
        var busy = server.postJson(UPGRADE, "{\"sql_body\": \"x\"}");
        assertThat(busy.status()).isEqualTo(400);
        assertThat(busy.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(busy.json().get("error_msg").asText()).isEqualTo("Job 131 is being upgraded already.");

        server.upgrades.failure = new JobNotFoundException(JobId.of(131));
        var missing = server.postJson(UPGRADE, "{\"sql_body\": \"x\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error_code").asText()).isEqualTo("DLI.16001");
    }
}
