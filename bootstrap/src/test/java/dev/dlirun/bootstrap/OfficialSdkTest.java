package dev.dlirun.bootstrap;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsResponse;
import com.huaweicloud.sdk.dli.v1.model.FlinkJob;
import com.huaweicloud.sdk.dli.v1.model.FlinkJobConfig;
import com.huaweicloud.sdk.dli.v1.model.FlinkSuccessResponse;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobRequest;
import com.huaweicloud.sdk.dli.v1.model.ShowFlinkJobResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official Huawei Cloud Java SDK, unmodified, as a caller of the running service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficialSdkTest {

    private final RunningService service = new RunningService(RunningService.simulatedApiExamples());
    private final DliClient dli = DliClient.newBuilder()
            .withCredential(new BasicCredentials().withAk("TESTACCESSKEY").withSk("TESTSECRETKEY").withProjectId("demo"))
            .withEndpoint(service.baseUrl())
            .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
            .build();

    @AfterAll
    void stop() {
        service.close();
    }

    private static BatchRunFlinkJobsRequest run(List<Long> ids, Boolean resumeSavepoint) {
        BatchRunFlinkJobsRequestBody body = new BatchRunFlinkJobsRequestBody().withJobIds(ids);
        if (resumeSavepoint != null) {
            body.withResumeSavepoint(resumeSavepoint);
        }
        return new BatchRunFlinkJobsRequest().withBody(body);
    }

    @Test
    void runsTheSeedBatchAndReadsEveryOutcome() {
        BatchRunFlinkJobsResponse response = dli.batchRunFlinkJobs(run(List.of(131L, 130L, 138L, 137L), true));

        assertThat(response.getHttpStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).extracting(FlinkSuccessResponse::getIsSuccess).containsExactly("true", "true", "true", "true");
        assertThat(response.getBody()).extracting(FlinkSuccessResponse::getMessage)
                .containsOnly("The request for submitting DLI jobs is successfully delivered.");
    }

    @Test
    void readsMixedOutcomesWithTheirReasons() {
        dli.batchRunFlinkJobs(run(List.of(140L), true));

        BatchRunFlinkJobsResponse response = dli.batchRunFlinkJobs(run(List.of(140L, 141L, 999L), true));

        assertThat(response.getBody()).extracting(FlinkSuccessResponse::getIsSuccess).containsOnly("false");
        assertThat(response.getBody()).extracting(FlinkSuccessResponse::getMessage).containsExactly(
                "Job 140 cannot be started in status job_submitting.",
                "Job 141 has no savepoint to resume from.",
                "Job 999 does not exist.");
    }

    @Test
    void resumeSavepointFalseOrAbsentStartsNormally() {
        // Job 141 has no savepoint: only a fresh start can deliver it.
        assertThat(dli.batchRunFlinkJobs(run(List.of(141L), null)).getBody())
                .extracting(FlinkSuccessResponse::getIsSuccess).containsExactly("true");
        assertThat(dli.batchRunFlinkJobs(run(List.of(141L), false)).getBody())
                .extracting(FlinkSuccessResponse::getMessage)
                .containsExactly("Job 141 cannot be started in status job_submitting.");
    }

    @Test
    void aBatchOfAThousandIdsIsAnsweredInFull() {
        List<Long> ids = LongStream.rangeClosed(50_001, 51_000).boxed().toList();

        BatchRunFlinkJobsResponse response = dli.batchRunFlinkJobs(run(ids, true));

        assertThat(response.getBody()).hasSize(1000);
        assertThat(response.getBody().get(999).getMessage()).isEqualTo("Job 51000 does not exist.");
    }

    /** The SDK reads every field of the detail with its own types: a wrong JSON type anywhere would fail the call. */
    @Test
    void readsAJobsDetailCodeAndConfigWithItsOwnModels() {
        ShowFlinkJobResponse response = dli.showFlinkJob(new ShowFlinkJobRequest().withJobId(150L));

        FlinkJob job = response.getJobDetail();
        assertThat(response.getIsSuccess()).isEqualTo("true");
        assertThat(job.getJobId()).isEqualTo(150L);
        assertThat(job.getName()).isEqualTo("configured");
        assertThat(job.getStatus()).isEqualTo("job_init");
        assertThat(job.getSqlBody()).startsWith("CREATE TABLE s (a INT)").endsWith("INSERT INTO b SELECT a FROM s;");
        assertThat(job.getHasSavepoint()).isFalse();
        FlinkJobConfig config = job.getJobConfig();
        assertThat(config.getCheckpointEnabled()).isTrue();
        assertThat(config.getCheckpointMode()).isEqualTo("at_least_once");
        assertThat(config.getCheckpointInterval()).isEqualTo(30);
        assertThat(config.getParallelNumber()).isEqualTo(2);
        assertThat(config.getRestartWhenException()).isTrue();
        assertThat(config.getResumeCheckpoint()).isTrue();
        assertThat(config.getResumeMaxNum()).isEqualTo(5);
        assertThat(config.getRuntimeConfig()).isEqualTo("[{\"key\":\"table.exec.mini-batch.enabled\",\"value\":\"true\"}]");
    }

    @Test
    void aRefusedRequestArrivesAsAServiceResponseExceptionWithDlisCodeAndMessage() {
        assertThatThrownBy(() -> dli.batchRunFlinkJobs(run(List.of(), null)))
                .isInstanceOfSatisfying(ServiceResponseException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("DLI.0001");
                    assertThat(e.getErrorMsg()).isEqualTo("job_ids must not be empty.");
                    assertThat(e.getRequestId()).matches("[0-9a-f]{32}");
                });
    }
}
