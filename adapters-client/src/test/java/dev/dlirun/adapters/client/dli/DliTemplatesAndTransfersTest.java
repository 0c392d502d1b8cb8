package dev.dlirun.adapters.client.dli;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplateNotFoundException;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Templates, export and import forwarded to DLI: what goes on the wire, and what DLI's answers become. One fake DLI
 * for the class, its stubs and journal reset before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DliTemplatesAndTransfersTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    private final WireMockServer dli = new WireMockServer(wireMockConfig().dynamicPort());
    private DliJobBackend adapter;

    @BeforeAll
    void start() {
        dli.start();
        adapter = new DliJobBackend(DliSettings.defaults(URI.create(dli.baseUrl()), new DliCredentials.AkSk("AK", "SK"))
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
    }

    @BeforeEach
    void reset() {
        dli.resetAll();
    }

    @AfterAll
    void stop() {
        adapter.close();
        dli.stop();
    }

    private static Deadline soon() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    @Test
    void aTemplatesCreateIsForwardedOnceAndDlisAnswerWithABooleanIsSuccessIsRead() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/job-templates")).willReturn(okJson("""
                {"is_success": true, "message": "A template is created successfully.",
                 "template": {"template_id": 12, "name": "t", "desc": "d", "create_time": 1516952710040,
                              "job_type": "flink_sql_job"}}""")));

        JobTemplate created = adapter.create(PROJECT, new NewTemplate("t", "d", "SELECT 1", null,
                List.of(new JobTag("team", "ads"))), soon());

        assertThat(created.id()).isEqualTo(TemplateId.of(12));
        assertThat(created.createTime()).isEqualTo(1_516_952_710_040L);
        assertThat(created.sqlBody()).isEqualTo("SELECT 1");
        dli.verify(1, postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/job-templates")).withRequestBody(
                equalToJson("""
                        {"name": "t", "desc": "d", "sql_body": "SELECT 1", "job_type": "flink_sql_job",
                         "tags": [{"key": "team", "value": "ads"}]}""")));
    }

    @Test
    void aTemplatesCreateDliFailsIsNotRetried() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/job-templates")).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> adapter.create(PROJECT, new NewTemplate("t", null, null, null, List.of()), soon()))
                .isInstanceOf(BackendUnavailableException.class);
        dli.verify(1, postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/job-templates")));
    }

    @Test
    void aListSendsTheQueryAndReadsDlisPage() {
        dli.stubFor(get(urlPathEqualTo("/v1.0/p1/streaming/job-templates")).willReturn(okJson("""
                {"is_success": "true", "message": "", "template_list": {"total_count": 7, "templates": [
                  {"template_id": 3, "name": "clicks", "desc": "", "create_time": 1, "update_time": 2,
                   "sql_body": "SELECT 3", "job_type": "flink_opensource_sql_job"}]}}""")));

        TemplatePage page = adapter.list(new TemplateQuery(PROJECT, Optional.of("cli cks"),
                Optional.of(new JobTag("team", "ads")), true, 5, 10), soon());

        assertThat(page.totalCount()).isEqualTo(7);
        assertThat(page.templates()).singleElement().satisfies(template -> {
            assertThat(template.id()).isEqualTo(TemplateId.of(3));
            assertThat(template.sqlBody()).isEqualTo("SELECT 3");
            assertThat(template.jobType()).isEqualTo(JobType.FLINK_OPENSOURCE_SQL_JOB);
            assertThat(template.updateTime()).isEqualTo(2);
        });
        dli.verify(getRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/job-templates"))
                .withQueryParam("offset", equalTo("10")).withQueryParam("limit", equalTo("5"))
                .withQueryParam("order", equalTo("asc")).withQueryParam("name", equalTo("cli cks"))
                .withQueryParam("tags", equalTo("team=ads")));
    }

    @Test
    void anUpdateSendsOnlyTheChangesAndATemplateDliDoesNotHoldIsNotFound() {
        dli.stubFor(put(urlPathEqualTo("/v1.0/p1/streaming/job-templates/4")).willReturn(okJson(
                "{\"is_success\": true, \"message\": \"The template is updated successfully.\"}")));
        dli.stubFor(delete(urlPathEqualTo("/v1.0/p1/streaming/job-templates/5")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error_code\": \"DLI.16001\", \"error_msg\": \"The template does not exist.\"}")));

        adapter.update(PROJECT, TemplateId.of(4), new TemplateChanges(Optional.empty(), Optional.of("new"),
                Optional.empty()), soon());

        dli.verify(putRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/job-templates/4"))
                .withRequestBody(equalToJson("{\"desc\": \"new\"}")));
        assertThatThrownBy(() -> adapter.delete(PROJECT, TemplateId.of(5), soon()))
                .isInstanceOf(TemplateNotFoundException.class).hasMessage("Template 5 does not exist.");
        dli.verify(deleteRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/job-templates/5")));
    }

    @Test
    void anExportIsForwardedAsItIsAndAnswersDlisFiles() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/jobs/export")).willReturn(okJson("""
                {"is_success": "true", "message": "The job is exported successfully.",
                 "zip_file": ["obs-test/aggregate_1582677879475.zip"]}""")));

        List<String> files = adapter.export(new ExportRequest(PROJECT, "obs-test",
                Optional.of(List.of(JobId.of(100), JobId.of(101)))), soon());

        assertThat(files).containsExactly("obs-test/aggregate_1582677879475.zip");
        dli.verify(1, postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/jobs/export")).withRequestBody(
                equalToJson("{\"obs_dir\": \"obs-test\", \"is_selected\": true, \"job_selected\": [100, 101]}")));
    }

    @Test
    void anImportIsForwardedAsItIsAndItsMappingIsReadWithIdsAsNumbersOrStrings() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/jobs/import")).willReturn(okJson("""
                {"is_success": true, "message": "The job is imported successfully.",
                 "job_mapping": [{"old_job_id": "100", "new_job_id": "200", "remark": "Job successfully created"},
                                 {"old_job_id": 101, "new_job_id": -1, "remark": "exists"}]}""")));

        List<ImportedJob> mapping = adapter.importJobs(new ImportRequest(PROJECT, "test/a.zip", true), soon());

        assertThat(mapping).containsExactly(new ImportedJob(100, 200, "Job successfully created"),
                new ImportedJob(101, -1, "exists"));
        dli.verify(1, postRequestedFor(urlPathEqualTo("/v1.0/p1/streaming/jobs/import")).withRequestBody(
                equalToJson("{\"zip_file\": \"test/a.zip\", \"is_cover\": true}")));
    }

    @Test
    void dlisRefusalInAnAnswerIsSaidAsDliSaysIt() {
        dli.stubFor(post(urlPathEqualTo("/v1.0/p1/streaming/jobs/import")).willReturn(okJson(
                "{\"is_success\": \"false\", \"message\": \"The OBS path does not exist.\"}")));

        assertThatThrownBy(() -> adapter.importJobs(new ImportRequest(PROJECT, "nope/a.zip", false), soon()))
                .isInstanceOf(OperationNotAllowedException.class).hasMessage("The OBS path does not exist.");
    }
}
