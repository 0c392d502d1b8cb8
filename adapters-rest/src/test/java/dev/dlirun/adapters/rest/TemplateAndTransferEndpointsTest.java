package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobTag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates, export and import over HTTP: the wire in (every field checked), the use cases' answers out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateAndTransferEndpointsTest {

    private static final String TEMPLATES = "/v1.0/p1/streaming/job-templates";
    private static final String JOBS = "/v1.0/p1/streaming/jobs";

    private final RestServerHarness server = new RestServerHarness();

    @AfterAll
    void close() {
        server.close();
    }

    private static void assertError(RestServerHarness.Answer answer, int status, String code, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error_code").asText()).isEqualTo(code);
        assertThat(answer.json().get("error_msg").asText()).isEqualTo(message);
    }

    @Test
    void aTemplateIsAnsweredWithABooleanIsSuccessAndItsFieldsAsDliTypesThem() {
        var created = server.postJson(TEMPLATES, """
                {"name": "t", "desc": "d", "sql_body": "SELECT 1", "job_type": "flink_opensource_sql_job",
                 "tags": [{"key": "team", "value": "ads"}], "unknown": 1}""");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("is_success").isBoolean()).isTrue();
        assertThat(created.json().at("/template/template_id").isIntegralNumber()).isTrue();
        assertThat(created.json().at("/template/job_type").asText()).isEqualTo("flink_opensource_sql_job");
        var listed = server.send(server.request(TEMPLATES + "?name=t&tags=team%3Dads&order=asc&limit=5&offset=0")
                .GET());
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().at("/template_list/total_count").asInt()).isEqualTo(1);
        assertThat(listed.json().at("/template_list/templates/0/sql_body").asText()).isEqualTo("SELECT 1");
        assertThat(server.templates.lastQuery.tag()).contains(new JobTag("team", "ads"));
        assertThat(server.templates.lastQuery.ascending()).isTrue();
    }

    @Test
    void badTemplateRequestsAnswerDlisParameterError() {
        assertError(server.postJson(TEMPLATES, "{\"desc\": \"no name\"}"), 400, "DLI.0001", "name is required.");
        assertError(server.postJson(TEMPLATES, "{\"name\": \"t\", \"sql_body\": \"" + "x".repeat(10_001) + "\"}"),
                400, "DLI.0001", "sql_body must be at most 10000 characters long.");
        var jarTemplate = server.postJson(TEMPLATES, "{\"name\": \"t\", \"job_type\": \"flink_jar_job\"}");
        assertThat(jarTemplate.status()).isEqualTo(400);
        assertThat(jarTemplate.json().get("error_code").asText()).isEqualTo("DLI.0001");
        assertError(server.send(server.request(TEMPLATES + "/abc").DELETE()), 400, "DLI.0001",
                "template_id must be an integer from 1 to 9223372036854775807.");
        assertError(server.send(server.request(TEMPLATES + "/999").DELETE()), 400, "DLI.16001",
                "Template 999 does not exist.");
        assertError(server.send(server.request(TEMPLATES + "?limit=101").GET()), 400, "DLI.0001",
                "limit must be an integer from 1 to 100.");
        assertError(server.send(server.request(TEMPLATES + "?order=up").GET()), 400, "DLI.0001",
                "order must be asc or desc.");
    }

    @Test
    void anExportReadsItsSelectionAndAnswersAStringIsSuccess() {
        var answer = server.postJson(JOBS + "/export", """
                {"obs_dir": "obs://b/x", "is_selected": true, "job_selected": [3, 1, 3]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("is_success").asText()).isEqualTo("true");
        assertThat(answer.json().get("is_success").isTextual()).isTrue();
        assertThat(answer.json().get("zip_file").get(0).asText()).isEqualTo("obs://b/x/jobs_1.zip");
        assertThat(server.transfers.lastExport.selected()).contains(List.of(JobId.of(3), JobId.of(1)));
        server.postJson(JOBS + "/export", "{\"obs_dir\": \"b\", \"is_selected\": false, \"job_selected\": [0]}");
        assertThat(server.transfers.lastExport.selected()).as("ignored when not selecting").isEqualTo(Optional.empty());
    }

    @Test
    void badExportsAndImportsAnswerDlisParameterError() {
        assertError(server.postJson(JOBS + "/export", "{\"obs_dir\": \"b\"}"), 400, "DLI.0001",
                "is_selected is required: true or false.");
        assertError(server.postJson(JOBS + "/export", "{\"obs_dir\": \"b\", \"is_selected\": true}"), 400,
                "DLI.0001", "job_selected is required when is_selected is true.");
        assertError(server.postJson(JOBS + "/export", "{\"obs_dir\": \"b\", \"is_selected\": true, "
                + "\"job_selected\": []}"), 400, "DLI.0001",
                "job_selected must name at least one job when is_selected is true.");
        assertError(server.postJson(JOBS + "/export", "{\"obs_dir\": \"b\", \"is_selected\": true, "
                + "\"job_selected\": [1, 0]}"), 400, "DLI.0001",
                "job_selected[1] must be an integer from 1 to 9223372036854775807.");
        assertError(server.postJson(JOBS + "/export", "{\"is_selected\": false}"), 400, "DLI.0001",
                "obs_dir is required: a path of 1 to 1024 characters.");
        assertError(server.postJson(JOBS + "/import", "{\"is_cover\": true}"), 400, "DLI.0001",
                "zip_file is required: a path of 1 to 1024 characters.");
    }

    @Test
    void anImportAnswersTheMappingOfOldIdsToNewOnes() {
        var answer = server.postJson(JOBS + "/import", "{\"zip_file\": \"b/x.zip\", \"is_cover\": true}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("is_success").asText()).isEqualTo("true");
        assertThat(answer.json().at("/job_mapping/0/old_job_id").asLong()).isEqualTo(131);
        assertThat(answer.json().at("/job_mapping/0/new_job_id").asLong()).isEqualTo(100001);
        assertThat(answer.json().at("/job_mapping/1/new_job_id").asLong()).isEqualTo(-1);
        assertThat(server.transfers.lastImport.cover()).isTrue();
    }

    @Test
    void exportAndImportAreRoutedBeforeTheJobIdAndTakePostOnly() {
        var get = server.send(server.request(JOBS + "/export").GET());

        assertThat(get.status()).as(get.body()).isEqualTo(405);
        assertThat(get.json().get("error_code").asText()).isEqualTo("DLI.0007");
        assertThat(server.send(server.request(JOBS + "/import").DELETE()).status()).isEqualTo(405);
    }
}
