package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Create, update, list and delete over HTTP: the wire in (every field checked), the use cases' answers out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobDefinitionEndpointsTest {

    private static final String SQL_JOBS = "/v1.0/p1/streaming/sql-jobs";
    private static final String JAR_JOBS = "/v1.0/p1/streaming/flink-jobs";
    private static final String JOBS = "/v1.0/p1/streaming/jobs";

    private final RestServerHarness server = new RestServerHarness();

    @BeforeEach
    void reset() {
        server.definitions.failWith(null);
        server.definitions.lastCall = null;
        server.definitions.page = new JobPage(0, List.of());
        server.definitions.stateCheck = java.util.Optional.empty();
    }

    @AfterAll
    void close() {
        server.close();
    }

    private RestServerHarness.Answer put(String path, String body) {
        return server.send(server.request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private RestServerHarness.Answer get(String path) {
        return server.send(server.request(path).GET());
    }

    private static void assertError(RestServerHarness.Answer answer, int status, String code, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error_code").asText()).isEqualTo(code);
        assertThat(answer.json().get("error_msg").asText()).isEqualTo(message);
    }

    @Test
    void aCreateReadsEveryFieldByItsWireNameAndAnswersTheNewJobAsDliDoes() {
        var answer = server.postJson(SQL_JOBS, """
                {"name": "orders", "desc": "d", "template_id": 3, "queue_name": "q", "sql_body": "SELECT 1",
                 "run_mode": "shared_cluster", "cu_number": 2, "parallel_number": 1, "checkpoint_enabled": true,
                 "checkpoint_mode": "at_least_once", "checkpoint_interval": 10, "obs_bucket": "b", "log_enabled": true,
                 "smn_topic": "t", "restart_when_exception": true, "idle_state_retention": 3600,
                 "job_type": "flink_sql_job", "edge_group_ids": ["g"], "dirty_data_strategy": "1",
                 "udf_jar_url": "u.jar", "manager_cu_number": 1, "tm_cus": 1, "tm_slot_num": 2,
                 "tags": [{"key": "team", "value": "ads"}], "resume_checkpoint": true, "resume_max_num": 5,
                 "runtime_config": "{\\"a\\": 1}", "flink_version": "1.17", "an_unknown_field": [1, 2]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("is_success").asText()).isEqualTo("true");
        assertThat(answer.json().get("message").asText()).isEqualTo("A DLI job is created successfully.");
        assertThat(answer.json().get("job").get("job_id").asLong()).isEqualTo(100_000);
        assertThat(answer.json().get("job").get("status_name").asText()).isEqualTo("job_init");
        FakeDefinitions.Call call = server.definitions.lastCall;
        assertThat(call.type()).isEqualTo(JobType.FLINK_SQL_JOB);
        assertThat(call.projectId()).isEqualTo(ProjectId.of("p1"));
        assertThat(call.fields().names()).hasSize(27).doesNotContain(JobField.OPERATOR_CONFIG);
        assertThat(call.fields().get(JobField.TAGS)).contains(List.of(new JobTag("team", "ads")));
        assertThat(call.fields().get(JobField.RUNTIME_CONFIG)).contains("{\"a\": 1}");
    }

    @Test
    void aSqlJobIsAnOpenSourceSqlJobUnlessItSaysOtherwiseAndAJarJobComesThroughItsOwnEndpoint() {
        server.postJson(SQL_JOBS, "{\"name\": \"n\"}");
        assertThat(server.definitions.lastCall.type()).isEqualTo(JobType.FLINK_OPENSOURCE_SQL_JOB);

        var answer = server.postJson(JAR_JOBS, "{\"name\": \"j\", \"entrypoint\": \"job.jar\", \"main_class\": "
                + "\"a.B\", \"dependency_jars\": [\"x.jar\"], \"checkpoint_path\": \"obs://c\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.definitions.lastCall.type()).isEqualTo(JobType.FLINK_JAR_JOB);
        assertThat(server.definitions.lastCall.fields().toJson()).containsEntry("main_class", "a.B")
                .containsEntry("dependency_jars", List.of("x.jar")).containsEntry("checkpoint_path", "obs://c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\": 5}|name must be text.",
            "{\"name\": \"a b\"}|name may hold only letters, digits, '-', '_' and '.'.",
            "{\"name\": \"n\", \"cu_number\": \"2\"}|cu_number must be an integer.",
            "{\"name\": \"n\", \"cu_number\": 2.5}|cu_number must be an integer.",
            "{\"name\": \"n\", \"parallel_number\": 0}|parallel_number must be an integer from 1 to 10000.",
            "{\"name\": \"n\", \"checkpoint_enabled\": \"true\"}|checkpoint_enabled must be true or false.",
            "{\"name\": \"n\", \"checkpoint_mode\": 3}|checkpoint_mode must be 1 (exactly_once) or 2 (at_least_once).",
            "{\"name\": \"n\", \"checkpoint_mode\": true}|checkpoint_mode must be 1 (exactly_once) or 2 (at_least_once).",
            "{\"name\": \"n\", \"job_type\": \"flink_jar_job\"}|job_type must be one of flink_opensource_sql_job, "
                    + "flink_sql_job, flink_sql_edge_job.",
            "{\"name\": \"n\", \"run_mode\": \"big\"}|run_mode must be one of shared_cluster, exclusive_cluster, "
                    + "edge_node.",
            "{\"name\": \"n\", \"edge_group_ids\": \"g\"}|edge_group_ids must be a list of text.",
            "{\"name\": \"n\", \"tags\": [{\"key\": \"\"}]}|tags[0].key must be 1 to 128 characters long, without '='.",
            "{\"name\": \"n\", \"tags\": {\"key\": \"k\"}}|tags must be a list of {key, value} objects.",
            "{\"name\": \"n\", \"resume_max_num\": -5}|resume_max_num must be an integer from -1 to 100.",
            "{\"name\": \"n\", \"dirty_data_strategy\": \"9\"}|dirty_data_strategy must be \"0\" (ignore dirty data), "
                    + "\"1\" (fail the job) or \"2:<directory>\" (save it there).",
            "[]|request body must be a JSON object.",
    })
    void aFieldThatBreaksItsRuleIsRefusedNamingItAndNothingIsCreated(String body, String message) {
        assertError(server.postJson(SQL_JOBS, body), 400, "DLI.0001", message);
        assertThat(server.definitions.lastCall).isNull();
    }

    @Test
    void aTooLargeBodyIsRefusedAndTheServerServesOn() {
        String sql = "x".repeat(4 * 1024 * 1024);
        var answer = server.postJson(SQL_JOBS, "{\"name\": \"n\", \"sql_body\": \"" + sql + "\"}");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("error_code").asText()).isEqualTo("DLI.0001");
        assertThat(server.postJson(SQL_JOBS, "{\"name\": \"n\"}").status()).isEqualTo(200);
    }

    @Test
    void aNameTakenAnswersDli0006() {
        server.definitions.failWith(DuplicateJobNameException.named("orders"));
        assertError(server.postJson(SQL_JOBS, "{\"name\": \"orders\"}"), 400, "DLI.0006",
                "A job named orders already exists in this project; job names are unique within a project.");
    }

    @Test
    void anUpdateSendsOnlyWhatTheBodySetThroughTheEndpointItCameByAndAnswersItsTime() {
        var answer = put(SQL_JOBS + "/131", "{\"smn_topic\": \"t\", \"operator_config\": \"{}\", \"job_type\": \"x\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("message").asText()).isEqualTo("The job is updated successfully.");
        assertThat(answer.json().get("job").get("update_time").asLong()).isEqualTo(1_763_946_000_000L);
        assertThat(server.definitions.lastCall.id()).isEqualTo(JobId.of(131));
        assertThat(server.definitions.lastCall.jarEndpoint()).isFalse();
        assertThat(server.definitions.lastCall.fields().toJson())
                .containsExactly(Map.entry("smn_topic", "t"), Map.entry("operator_config", "{}"));

        assertThat(put(JAR_JOBS + "/131", "{\"entrypoint_args\": \"5\"}").status()).isEqualTo(200);
        assertThat(server.definitions.lastCall.jarEndpoint()).isTrue();
    }

    @Test
    void anUpdateSaysWhatTheStateCheckSaysOfTheChangeWhenOneWasMadeAndNothingOtherwise() {
        assertThat(put(SQL_JOBS + "/131", "{\"desc\": \"d\"}").json().has("state_check")).isFalse();
        server.definitions.stateCheck = java.util.Optional.of(dev.dlirun.domain.state.StateVerdict.incompatible(
                "The state would mean something else.", List.of(new dev.dlirun.domain.state.StateVerdict.OperatorNote(
                        "20ba6b65f97481d5570070de90e4e791", "GroupAggregate(groupBy=[v])", "written for k"))));

        var answer = put(SQL_JOBS + "/131", "{\"sql_body\": \"x\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("is_success").asText()).isEqualTo("true");
        var check = answer.json().get("state_check");
        assertThat(check.get("verdict").asText()).isEqualTo("incompatible");
        assertThat(check.get("reason").asText()).isEqualTo("The state would mean something else.");
        assertThat(check.get("operators").get(0).get("operator_id").asText())
                .isEqualTo("20ba6b65f97481d5570070de90e4e791");
    }

    @Test
    void anUpdateOfAJobThatIsMissingOrRunningAnswersAsDliDoes() {
        server.definitions.failWith(new JobNotFoundException(JobId.of(131)));
        assertError(put(SQL_JOBS + "/131", "{\"desc\": \"d\"}"), 400, "DLI.16001", "Job 131 does not exist.");
        server.definitions.failWith(new OperationNotAllowedException("Job 131 is job_running: stop it first."));
        assertError(put(SQL_JOBS + "/131", "{\"sql_body\": \"x\"}"), 400, "DLI.0007",
                "Job 131 is job_running: stop it first.");
        assertError(put(SQL_JOBS + "/abc", "{}"), 400, "DLI.0001",
                "job_id must be an integer from 1 to 9223372036854775807.");
    }

    @Test
    void aListPassesEveryFilterAndAnswersThePageInDlisShape() {
        JobDefinition definition = JobDefinition.created(JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(Map.of(
                "name", "orders", "sql_body", "SELECT 1", "queue_name", "q", "desc", "d", "checkpoint_mode", 2,
                "edge_group_ids", List.of("g"), "dirty_data_strategy", "0")));
        JobDetail job = new JobDetail(new Job(ProjectId.of("p1"), JobId.of(7), JobStatus.JOB_INIT, false), "orders",
                Optional.of(JobType.FLINK_OPENSOURCE_SQL_JOB), Optional.empty(), Instant.ofEpochMilli(1000),
                Optional.empty(), Instant.ofEpochMilli(2000), Optional.of("q"), Optional.empty(), Optional.of(definition));
        server.definitions.page = new JobPage(42, List.of(job));

        var answer = get(JOBS + "?job_type=flink_opensource_sql_job&status=job_init&queue_name=q&name=or"
                + "&tags=team%3Dads&order=asc&limit=5&offset=40&show_detail=true&user_name=u&root_job_id=3");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var query = server.definitions.lastCall.query();
        assertThat(query.type()).contains(JobType.FLINK_OPENSOURCE_SQL_JOB);
        assertThat(query.status()).contains(JobStatus.JOB_INIT);
        assertThat(query.queueName()).contains("q");
        assertThat(query.namePrefix()).contains("or");
        assertThat(query.tag()).contains(new JobTag("team", "ads"));
        assertThat(query.userName()).contains("u");
        assertThat(query.rootJobId()).contains(3L);
        assertThat(query.ascending()).isTrue();
        assertThat(query.limit()).isEqualTo(5);
        assertThat(query.offset()).isEqualTo(40);
        assertThat(query.withDetail()).isTrue();
        JsonNode list = answer.json();
        assertThat(list.get("is_success").asText()).isEqualTo("true");
        assertThat(list.get("message").asText()).isEqualTo("Jobs are successfully listed.");
        assertThat(list.get("job_list").get("total_count").asLong()).isEqualTo(42);
        JsonNode shown = list.get("job_list").get("jobs").get(0);
        assertThat(shown.get("desc").asText()).isEqualTo("d");
        assertThat(shown.get("edge_group_ids").get(0).asText()).isEqualTo("g");
        assertThat(shown.get("root_id").asLong()).isEqualTo(-1);
        assertThat(shown.get("job_config").get("checkpoint_mode").asText()).isEqualTo("at_least_once");
        assertThat(shown.get("job_config").get("dirty_data_strategy").isTextual()).isTrue();
        assertThat(shown.get("job_config").get("cu_number").asInt()).isEqualTo(2);

        var summary = get(JOBS).json().get("job_list").get("jobs").get(0);
        assertThat(server.definitions.lastCall.query().limit()).isEqualTo(10);
        assertThat(server.definitions.lastCall.query().ascending()).isFalse();
        assertThat(summary.has("job_config")).isFalse();
        assertThat(summary.has("sql_body")).isFalse();
        assertThat(summary.get("name").asText()).isEqualTo("orders");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit=0|limit must be an integer from 1 to 100.",
            "limit=101|limit must be an integer from 1 to 100.",
            "limit=ten|limit must be an integer from 1 to 100.",
            "offset=-1|offset must be 0 or more.",
            "offset=x|offset must be 0 or more.",
            "order=up|order must be asc or desc.",
            "status=job_running_fast|status must be a job status, e.g. job_running.",
            "job_type=flink|job_type must be one of flink_sql_job, flink_opensource_sql_job, flink_sql_edge_job, "
                    + "flink_jar_job.",
            "show_detail=yes|show_detail must be true or false.",
            "tags=team|tags must be written key=value.",
            "root_job_id=x|root_job_id must be an integer.",
    })
    void aQueryParameterThatBreaksItsRuleIsRefusedNamingIt(String query, String message) {
        assertError(get(JOBS + "?" + query), 400, "DLI.0001", message);
    }

    @Test
    void aDeleteAnswersDlisMessageAndABatchDeleteOneOutcomePerIdInOrder() {
        var one = server.send(server.request(JOBS + "/131").header("Content-Type", "application/json").DELETE());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("is_success").asText()).isEqualTo("true");
        assertThat(one.json().get("message").asText()).isEqualTo("The job is successfully deleted.");
        assertThat(server.definitions.lastCall.ids()).containsExactly(JobId.of(131));

        server.definitions.failWith(new JobNotFoundException(JobId.of(131)));
        assertError(server.send(server.request(JOBS + "/131").DELETE()), 400, "DLI.16001", "Job 131 does not exist.");
        server.definitions.failWith(null);

        var batch = server.postJson(JOBS + "/delete", "{\"job_ids\": [131, 999]}");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get(0).get("is_success").asText()).isEqualTo("true");
        assertThat(batch.json().get(1).get("is_success").asText()).isEqualTo("false");
        assertThat(batch.json().get(1).get("message").asText()).isEqualTo("Job 999 does not exist.");
        assertError(server.postJson(JOBS + "/delete", "{\"job_ids\": [0]}"), 400, "DLI.0001",
                "job_ids[0] must be an integer from 1 to 9223372036854775807.");
        assertError(server.postJson(JOBS + "/delete", "{}"), 400, "DLI.0001", "job_ids is required.");
    }
}
