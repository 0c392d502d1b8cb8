package dev.dlirun.bootstrap;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobTemplateRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobTemplateRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobTemplateResponse;
import com.huaweicloud.sdk.dli.v1.model.DeleteFlinkSqlJobTemplateRequest;
import com.huaweicloud.sdk.dli.v1.model.DeleteFlinkSqlJobTemplateResponse;
import com.huaweicloud.sdk.dli.v1.model.ExportFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.ExportFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.ExportFlinkJobsResponse;
import com.huaweicloud.sdk.dli.v1.model.FlinkSqlJobTemplate;
import com.huaweicloud.sdk.dli.v1.model.ImportFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.ImportFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.ImportFlinkJobsResponse;
import com.huaweicloud.sdk.dli.v1.model.JobMap;
import com.huaweicloud.sdk.dli.v1.model.ListFlinkSqlJobTemplatesRequest;
import com.huaweicloud.sdk.dli.v1.model.ListFlinkSqlJobTemplatesResponse;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.Tag;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobTemplateRequest;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobTemplateRequestBody;
import com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobTemplateResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official SDK, unmodified, calls the six operations of templates and of export and import on the local engine,
 * and reads every answer with its own models: a wrong JSON type anywhere would fail the call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplatesAndTransfersSdkTest {

    private Path data;
    private RunningService service;
    private DliClient demo;
    private DliClient other;

    @BeforeAll
    void start() throws IOException {
        data = Files.createTempDirectory("dlirun-transfers-");
        service = new RunningService(ServerConfig.simulated(0).withDataDirectory(data)
                .withLaunchDelay(Duration.ofMinutes(10)));
        demo = client("demo");
        other = client("other");
    }

    private DliClient client(String project) {
        return DliClient.newBuilder()
                .withCredential(new BasicCredentials().withAk("TESTACCESSKEY").withSk("TESTSECRETKEY")
                        .withProjectId(project))
                .withEndpoint(service.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
    }

    @AfterAll
    void stop() throws IOException {
        service.close();
        ScratchDirectory.delete(data);
    }

    private CreateFlinkSqlJobTemplateResponse createTemplate(DliClient client, String name, String sql) {
        return client.createFlinkSqlJobTemplate(new CreateFlinkSqlJobTemplateRequest().withBody(
                new CreateFlinkSqlJobTemplateRequestBody().withName(name).withDesc("about " + name).withSqlBody(sql)
                        .withTags(List.of(new Tag().withKey("team").withValue(name.startsWith("ads") ? "ads" : "x")))
                        .withJobType(CreateFlinkSqlJobTemplateRequestBody.JobTypeEnum.FLINK_OPENSOURCE_SQL_JOB)));
    }

    private long createJob(DliClient client, String name, String sql) {
        return client.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                .withName(name).withSqlBody(sql).withParallelNumber(2))).getJob().getJobId();
    }

    @Test
    void templatesAreCreatedListedUpdatedAndDeletedThroughTheSdk() {
        // A project of its own: the other tests' templates stay out of its lists.
        DliClient demo = client("catalog");
        CreateFlinkSqlJobTemplateResponse created = createTemplate(demo, "ads-clicks", "SELECT 'clicks'");
        createTemplate(demo, "ads-views", "SELECT 'views'");
        createTemplate(demo, "billing", "SELECT 'bill'");
        createTemplate(other, "ads-other", "SELECT 'other'");

        assertThat(created.getIsSuccess()).isTrue();
        assertThat(created.getMessage()).isEqualTo("A template is created successfully.");
        Long id = created.getTemplate().getTemplateId();
        assertThat(created.getTemplate().getName()).isEqualTo("ads-clicks");
        assertThat(created.getTemplate().getJobType()).isEqualTo("flink_opensource_sql_job");
        assertThat(created.getTemplate().getCreateTime()).isPositive();

        ListFlinkSqlJobTemplatesResponse ads = demo.listFlinkSqlJobTemplates(new ListFlinkSqlJobTemplatesRequest()
                .withName("ads").withOrder("asc").withLimit(1).withOffset(1L));
        assertThat(ads.getIsSuccess()).isTrue();
        assertThat(ads.getTemplateList().getTotalCount()).as("every match, not the page").isEqualTo(2);
        assertThat(ads.getTemplateList().getTemplates()).extracting(FlinkSqlJobTemplate::getName)
                .containsExactly("ads-views");
        List<FlinkSqlJobTemplate> newestFirst = demo.listFlinkSqlJobTemplates(new ListFlinkSqlJobTemplatesRequest())
                .getTemplateList().getTemplates();
        assertThat(newestFirst).extracting(FlinkSqlJobTemplate::getName)
                .containsExactly("billing", "ads-views", "ads-clicks");
        assertThat(demo.listFlinkSqlJobTemplates(new ListFlinkSqlJobTemplatesRequest().withTags("team=x"))
                .getTemplateList().getTemplates()).extracting(FlinkSqlJobTemplate::getName).containsExactly("billing");

        UpdateFlinkSqlJobTemplateResponse updated = demo.updateFlinkSqlJobTemplate(
                new UpdateFlinkSqlJobTemplateRequest().withTemplateId(id).withBody(
                        new UpdateFlinkSqlJobTemplateRequestBody().withSqlBody("SELECT 'clicks v2'")));
        assertThat(updated.getIsSuccess()).isTrue();
        FlinkSqlJobTemplate read = demo.listFlinkSqlJobTemplates(new ListFlinkSqlJobTemplatesRequest()
                .withName("ads-clicks")).getTemplateList().getTemplates().get(0);
        assertThat(read.getSqlBody()).isEqualTo("SELECT 'clicks v2'");
        assertThat(read.getDesc()).isEqualTo("about ads-clicks");
        assertThat(read.getUpdateTime()).isGreaterThanOrEqualTo(read.getCreateTime());

        // Another project's template is no template of this project: DLI.16001, as for a job.
        assertThatThrownBy(() -> other.deleteFlinkSqlJobTemplate(new DeleteFlinkSqlJobTemplateRequest()
                .withTemplateId(id))).isInstanceOfSatisfying(ServiceResponseException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("DLI.16001");
                    assertThat(e.getErrorMsg()).isEqualTo("Template " + id + " does not exist.");
                });
        assertThatThrownBy(() -> other.updateFlinkSqlJobTemplate(new UpdateFlinkSqlJobTemplateRequest()
                .withTemplateId(id).withBody(new UpdateFlinkSqlJobTemplateRequestBody().withName("stolen"))))
                .isInstanceOfSatisfying(ServiceResponseException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("DLI.16001"));

        DeleteFlinkSqlJobTemplateResponse deleted = demo.deleteFlinkSqlJobTemplate(
                new DeleteFlinkSqlJobTemplateRequest().withTemplateId(id));
        assertThat(deleted.getIsSuccess()).isTrue();
        assertThat(deleted.getTemplate().getTemplateId()).isEqualTo(id);
        assertThatThrownBy(() -> demo.deleteFlinkSqlJobTemplate(new DeleteFlinkSqlJobTemplateRequest()
                .withTemplateId(id))).isInstanceOfSatisfying(ServiceResponseException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("DLI.16001"));
        assertThatThrownBy(() -> createTemplate(demo, "x".repeat(65), "SELECT 1"))
                .isInstanceOfSatisfying(ServiceResponseException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("DLI.0001");
                    assertThat(e.getErrorMsg()).isEqualTo("name must be 1 to 64 characters long.");
                });
    }

    @Test
    void aJobCreatedWithATemplateIdAndNoSqlGetsTheTemplatesSql() {
        Long template = createTemplate(demo, "for-jobs", "SELECT 'from the template'").getTemplate().getTemplateId();

        long job = demo.createFlinkSqlJob(new CreateFlinkSqlJobRequest().withBody(new CreateFlinkSqlJobRequestBody()
                .withName("from-template").withTemplateId(template))).getJob().getJobId();

        assertThat(demo.showFlinkJob(new ShowFlinkJobRequest().withJobId(job)).getJobDetail().getSqlBody())
                .isEqualTo("SELECT 'from the template'");
    }

    @Test
    void jobsExportedFromOneProjectAreImportedIntoAnotherAndBackAsIsCoverSays() throws IOException {
        long orders = createJob(demo, "orders", "SELECT 'orders'");
        long clicks = createJob(demo, "clicks", "SELECT 'clicks'");

        ExportFlinkJobsResponse exported = demo.exportFlinkJobs(new ExportFlinkJobsRequest().withBody(
                new ExportFlinkJobsRequestBody().withObsDir("obs://demo-bucket/exports").withIsSelected(true)
                        .withJobSelected(List.of(orders, clicks))));

        assertThat(exported.getIsSuccess()).isEqualTo("true");
        assertThat(exported.getZipFile()).singleElement().asString()
                .matches("obs://demo-bucket/exports/jobs_[0-9]+\\.zip");
        String file = exported.getZipFile().get(0);
        String name = file.substring(file.lastIndexOf('/') + 1);
        // Where obs://bucket/path lands: projects/<project>/obs/bucket/path in the data directory. A user moves the
        // file into the other project's directory as they would move an OBS object between buckets.
        Path written = data.resolve("projects/demo/obs/demo-bucket/exports").resolve(name);
        assertThat(written).isRegularFile();
        Path moved = Files.createDirectories(data.resolve("projects/other/obs/other-bucket/in")).resolve(name);
        Files.copy(written, moved);

        ImportFlinkJobsResponse intoOther = other.importFlinkJobs(new ImportFlinkJobsRequest().withBody(
                new ImportFlinkJobsRequestBody().withZipFile("other-bucket/in/" + name).withIsCover(false)));

        assertThat(intoOther.getIsSuccess()).isEqualTo("true");
        assertThat(intoOther.getJobMapping()).extracting(JobMap::getOldJobId).containsExactly(orders, clicks);
        assertThat(intoOther.getJobMapping()).extracting(JobMap::getNewJobId).doesNotContain(-1L, orders, clicks);
        long copy = intoOther.getJobMapping().get(0).getNewJobId();
        assertThat(other.showFlinkJob(new ShowFlinkJobRequest().withJobId(copy)).getJobDetail().getSqlBody())
                .isEqualTo("SELECT 'orders'");

        ImportFlinkJobsResponse kept = demo.importFlinkJobs(new ImportFlinkJobsRequest().withBody(
                new ImportFlinkJobsRequestBody().withZipFile(file).withIsCover(false)));
        assertThat(kept.getJobMapping()).extracting(JobMap::getNewJobId).containsExactly(-1L, -1L);

        ImportFlinkJobsResponse covered = demo.importFlinkJobs(new ImportFlinkJobsRequest().withBody(
                new ImportFlinkJobsRequestBody().withZipFile(file).withIsCover(true)));
        assertThat(covered.getJobMapping()).extracting(JobMap::getNewJobId).containsExactly(orders, clicks);
        assertThat(covered.getJobMapping()).extracting(JobMap::getRemark).containsExactly(
                "Job " + orders + " overwritten.", "Job " + clicks + " overwritten.");
    }

    @Test
    void aPlaceOutsideTheProjectOrAJobOfAnotherProjectIsRefused() throws IOException {
        long theirs = createJob(other, "theirs", "SELECT 1");
        Path outside = Files.createDirectories(data.resolve("outside"));
        Files.createDirectories(data.resolve("projects/demo/obs/bucket"));
        Files.createSymbolicLink(data.resolve("projects/demo/obs/bucket/link"), outside);

        for (String place : List.of("obs://bucket/../../../other/obs/x", "/tmp", "file:///tmp", "obs://bucket/link")) {
            assertThatThrownBy(() -> demo.exportFlinkJobs(new ExportFlinkJobsRequest().withBody(
                    new ExportFlinkJobsRequestBody().withObsDir(place).withIsSelected(false))))
                    .as(place).isInstanceOfSatisfying(ServiceResponseException.class, e -> {
                        assertThat(e.getHttpStatusCode()).isEqualTo(400);
                        assertThat(e.getErrorCode()).isEqualTo("DLI.0001");
                    });
            assertThatThrownBy(() -> demo.importFlinkJobs(new ImportFlinkJobsRequest().withBody(
                    new ImportFlinkJobsRequestBody().withZipFile(place))))
                    .as(place).isInstanceOfSatisfying(ServiceResponseException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo("DLI.0001"));
        }
        assertThatThrownBy(() -> demo.exportFlinkJobs(new ExportFlinkJobsRequest().withBody(
                new ExportFlinkJobsRequestBody().withObsDir("bucket/x").withIsSelected(true)
                        .withJobSelected(List.of(theirs)))))
                .isInstanceOfSatisfying(ServiceResponseException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("DLI.16001"));
        try (var left = Files.list(outside)) {
            assertThat(left).isEmpty();
        }
    }

    /** {@code jobs/export} and {@code jobs/import} are routed before {@code jobs/{job_id}}. */
    @Test
    void exportAndImportAreTheirOwnPathsNotJobIds() {
        assertThat(service.post("demo", "export", "{\"obs_dir\": \"bucket/r\", \"is_selected\": false}").status())
                .isEqualTo(200);
        RunningService.Answer notAJob = service.post("demo", "import", "{}");
        assertThat(notAJob.status()).isEqualTo(400);
        assertThat(notAJob.json().path("error_msg").asText()).startsWith("zip_file is required");
    }
}
