package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's versions over HTTP (an extension): list, show and rollback, the wire in, the use cases' answers out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionEndpointsTest {

    private static final String VERSIONS = "/v1.0/p1/streaming/jobs/131/versions";
    private static final JobId JOB = JobId.of(131);
    private static final JobDefinition SQL = JobDefinition.created(JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(
            Map.of("name", "orders", "sql_body", "SELECT 1", "checkpoint_enabled", true, "checkpoint_mode", 2,
                    "queue_name", "q", "desc", "d", "obs_bucket", "bucket",
                    "tags", List.of(Map.of("key", "team", "value", "ads")))));
    private static final StateVerdict DROPS = StateVerdict.dropsState("the count is no longer read", List.of(
            new StateVerdict.OperatorNote("a".repeat(32), "GroupAggregate(groupBy=[k])", "its state would be dropped")));
    private static final JobVersion FIRST = new JobVersion(JOB, 1, SQL, "p1", 1_000, VersionReason.CREATE,
            Optional.of(DROPS), Optional.of("file:/sp/131/savepoint-a"), Optional.empty());
    private static final JobVersion THIRD = new JobVersion(JOB, 3, SQL, "p1", 3_000, VersionReason.ROLLBACK,
            Optional.empty(), Optional.empty(), Optional.of(1));

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.versions.reset();
    }

    @AfterAll
    void close() {
        server.close();
    }

    @Test
    void theListAnswersAPageOfSummariesNewestFirstWithoutTheirCode() {
        server.versions.page = new VersionPage(3, List.of(THIRD, FIRST));

        var answer = server.send(server.request(VERSIONS + "?offset=0&limit=2").GET());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(server.versions.lastCall).isEqualTo(new FakeVersions.Call("list", ProjectId.of("p1"), JOB,
                new VersionQuery(ProjectId.of("p1"), JOB, 2, 0)));
        assertThat(answer.json().toString()).isEqualTo("{\"is_success\":true,\"message\":\"\",\"job_id\":131,"
                + "\"total_count\":3,\"versions\":["
                + "{\"version\":3,\"why\":\"rollback\",\"created_by\":\"p1\",\"created_at\":3000,\"rolled_back_from\":1},"
                + "{\"version\":1,\"why\":\"create\",\"created_by\":\"p1\",\"created_at\":1000,"
                + "\"state_check\":{\"verdict\":\"drops_state\",\"reason\":\"the count is no longer read\","
                + "\"operators\":[{\"operator_id\":\"" + "a".repeat(32) + "\",\"operator\":\"GroupAggregate(groupBy=[k])\","
                + "\"note\":\"its state would be dropped\"}]},"
                + "\"savepoint_path\":\"file:/sp/131/savepoint-a\"}]}");
    }

    @Test
    void theListPagesAsTheJobsListDoes() {
        var defaults = server.send(server.request(VERSIONS).GET());
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.json().get("versions")).isEmpty();
        assertThat(defaults.json().get("total_count").asLong()).isZero();
        assertThat(server.versions.lastCall.argument()).isEqualTo(new VersionQuery(ProjectId.of("p1"), JOB, 10, 0));

        for (String bad : List.of("limit=0", "limit=101", "limit=ten", "offset=-1", "offset=x")) {
            server.versions.lastCall = null;
            var refused = server.send(server.request(VERSIONS + "?" + bad).GET());
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("error_code").asText()).as(bad).isEqualTo("DLI.0001");
            assertThat(refused.json().get("error_msg").asText()).as(bad).startsWith(bad.substring(0, bad.indexOf('=')));
            assertThat(server.versions.lastCall).as(bad).isNull();
        }
    }

    @Test
    void oneVersionIsShownWithItsDefinitionInTheJobDetailsShapeAndItsTags() {
        server.versions.version = FIRST;

        var answer = server.send(server.request(VERSIONS + "/1").GET());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.versions.lastCall).isEqualTo(new FakeVersions.Call("show", ProjectId.of("p1"), JOB, 1));
        var version = answer.json().get("version");
        assertThat(answer.json().get("is_success").asBoolean()).isTrue();
        assertThat(version.get("version").asInt()).isEqualTo(1);
        assertThat(version.get("why").asText()).isEqualTo("create");
        assertThat(version.get("savepoint_path").asText()).isEqualTo("file:/sp/131/savepoint-a");
        var definition = version.get("definition");
        assertThat(definition.get("name").asText()).isEqualTo("orders");
        assertThat(definition.get("job_type").asText()).isEqualTo("flink_opensource_sql_job");
        assertThat(definition.get("sql_body").asText()).isEqualTo("SELECT 1");
        assertThat(definition.get("queue_name").asText()).isEqualTo("q");
        assertThat(definition.get("desc").asText()).isEqualTo("d");
        assertThat(definition.get("run_mode").asText()).isEqualTo("shared_cluster");
        assertThat(definition.get("job_config").get("checkpoint_mode").asText()).isEqualTo("at_least_once");
        assertThat(definition.get("job_config").get("checkpoint_enabled").asBoolean()).isTrue();
        assertThat(definition.get("job_config").get("obs_bucket").asText()).isEqualTo("bucket");
        assertThat(definition.get("job_config").get("cu_number").asInt()).isEqualTo(2);
        assertThat(definition.has("status")).as("nothing of a run").isFalse();
        assertThat(definition.has("job_id")).isFalse();
        assertThat(version.get("tags").toString()).isEqualTo("[{\"key\":\"team\",\"value\":\"ads\"}]");

        server.versions.version = new JobVersion(JOB, 2, new JobDefinition("jar", JobType.FLINK_JAR_JOB,
                Optional.empty(), Optional.of("com.example.Main"), Optional.of("--in a"), JobConfig.DEFAULTS),
                "p1", 2_000, VersionReason.IMPORT, Optional.empty(), Optional.empty(), Optional.empty());
        var jar = server.send(server.request(VERSIONS + "/2").GET()).json().get("version");
        assertThat(jar.get("definition").get("main_class").asText()).isEqualTo("com.example.Main");
        assertThat(jar.get("definition").get("entrypoint_args").asText()).isEqualTo("--in a");
        assertThat(jar.get("definition").has("sql_body")).isFalse();
        assertThat(jar.get("tags")).isEmpty();
        assertThat(jar.has("state_check")).isFalse();
    }

    @Test
    void aRollbackAnswersTheNewVersionAndSaysWhatItDid() {
        server.versions.version = THIRD;

        var answer = server.send(server.request(VERSIONS + "/1/rollback").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.versions.lastCall).isEqualTo(new FakeVersions.Call("rollback", ProjectId.of("p1"), JOB, 1));
        assertThat(answer.json().toString()).isEqualTo("{\"is_success\":true,"
                + "\"message\":\"Job 131 is rolled back to version 1, as version 3.\",\"job_id\":131,\"version\":"
                + "{\"version\":3,\"why\":\"rollback\",\"created_by\":\"p1\",\"created_at\":3000,\"rolled_back_from\":1}}");
        assertThat(server.postJson(VERSIONS + "/1/rollback", "{}").status()).as("a body is ignored").isEqualTo(200);
    }

    @Test
    void anUnknownJobIs400Dli16001AnUnknownVersion400Dli0001AndInFrontOfDliEachIsDli0007() {
        server.versions.failWith(new JobNotFoundException(JOB));
        for (var request : List.of(server.request(VERSIONS).GET(), server.request(VERSIONS + "/1").GET(),
                server.request(VERSIONS + "/1/rollback").POST(HttpRequest.BodyPublishers.noBody()))) {
            var missing = server.send(request);
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("error_code").asText()).isEqualTo("DLI.16001");
            assertThat(missing.json().get("error_msg").asText()).isEqualTo("Job 131 does not exist.");
        }

        server.versions.failWith(VersionRules.noSuchVersion(JOB, 7, Optional.of(3)));
        var unknown = server.send(server.request(VERSIONS + "/7").GET());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error_code").asText()).isEqualTo("DLI.0001");
        assertThat(unknown.json().get("error_msg").asText())
                .isEqualTo("version 7 is not a version of job 131 (its versions are 1 to 3).");

        server.versions.failWith(new OperationNotAllowedException("DLI has no operation for a job's versions: it is "
                + "an extension of this service's local engine, not available in front of DLI."));
        var dli = server.send(server.request(VERSIONS).GET());
        assertThat(dli.status()).isEqualTo(400);
        assertThat(dli.json().get("error_code").asText()).isEqualTo("DLI.0007");
    }

    @Test
    void aRollbackOfARunningJobOrToATakenNameIsRefusedAsAnUpdateIs() {
        server.versions.failWith(new OperationNotAllowedException("Job 131 is job_running: while it runs its code "
                + "cannot change. Stop it first to roll it back to version 1."));
        var running = server.send(server.request(VERSIONS + "/1/rollback").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(running.status()).isEqualTo(400);
        assertThat(running.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(running.json().get("error_msg").asText()).startsWith("Job 131 is job_running");

        server.versions.failWith(DuplicateJobNameException.named("orders"));
        var taken = server.send(server.request(VERSIONS + "/1/rollback").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().get("error_code").asText()).isEqualTo("DLI.0006");
    }

    @Test
    void aMalformedJobIdOrVersionOrAnotherMethodIsRefusedWithTheErrorBodyAndTheUseCaseIsNotAsked() {
        var malformedJob = server.send(server.request("/v1.0/p1/streaming/jobs/abc/versions/1").GET());
        assertThat(malformedJob.status()).isEqualTo(400);
        assertThat(malformedJob.json().get("error_msg").asText()).startsWith("job_id");

        for (String path : List.of(VERSIONS + "/abc", VERSIONS + "/99999999999", VERSIONS + "/abc/rollback")) {
            var request = path.endsWith("rollback") ? server.request(path).POST(HttpRequest.BodyPublishers.noBody())
                    : server.request(path).GET();
            var malformed = server.send(request);
            assertThat(malformed.status()).as(path).isEqualTo(400);
            assertThat(malformed.json().get("error_code").asText()).as(path).isEqualTo("DLI.0001");
            assertThat(malformed.json().get("error_msg").asText()).as(path)
                    .isEqualTo("version must be an integer from 1 to 2147483647.");
        }

        var post = server.postJson(VERSIONS, "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.json().get("error_code").asText()).isEqualTo("DLI.0007");
        var get = server.send(server.request(VERSIONS + "/1/rollback").GET());
        assertThat(get.status()).isEqualTo(405);
        assertThat(server.versions.lastCall).isNull();
    }
}
