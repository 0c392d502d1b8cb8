package dev.dlirun.client;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.client.api.StreamingJobsApi;
import dev.dlirun.client.api.StreamingJobChecksApi;
import dev.dlirun.client.api.StreamingJobTemplatesApi;
import dev.dlirun.client.model.CreateFlinkSqlJobGraphRequest;
import dev.dlirun.client.model.CreateFlinkSqlJobTemplateRequest;
import dev.dlirun.client.model.CreateFlinkSqlJobTemplateResponse;
import dev.dlirun.client.model.DeleteFlinkSqlJobTemplateResponse;
import dev.dlirun.client.model.ExportFlinkJobsRequest;
import dev.dlirun.client.model.ExportFlinkJobsResponse;
import dev.dlirun.client.model.FlinkTemplateSuccessResponse;
import dev.dlirun.client.model.ImportFlinkJobsRequest;
import dev.dlirun.client.model.ImportFlinkJobsResponse;
import dev.dlirun.client.model.ListFlinkSqlJobTemplatesResponse;
import dev.dlirun.client.model.ShowFlinkJobLogsResponse;
import dev.dlirun.client.model.ShowFlinkMetricRequest;
import dev.dlirun.client.model.ShowFlinkMetricResponse;
import dev.dlirun.client.model.UpdateFlinkSqlJobTemplateRequest;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import dev.dlirun.client.invoker.ApiException;
import dev.dlirun.client.model.BatchDeleteFlinkJobsRequest;
import dev.dlirun.client.model.BatchRunFlinkJobsRequest;
import dev.dlirun.client.model.CreateFlinkJarJobRequest;
import dev.dlirun.client.model.CreateFlinkJobResponse;
import dev.dlirun.client.model.CreateFlinkSqlJobRequest;
import dev.dlirun.client.model.JobTag;
import dev.dlirun.client.model.ListFlinkJobsResponse;
import dev.dlirun.client.model.UpdateFlinkJarJobRequest;
import dev.dlirun.client.model.UpdateFlinkJobResponse;
import dev.dlirun.client.model.UpdateFlinkSqlJobRequest;
import dev.dlirun.client.model.BatchStopFlinkJobsRequest;
import dev.dlirun.client.model.ErrorResponse;
import dev.dlirun.client.model.FlinkJobDetail;
import dev.dlirun.client.model.FlinkJobSavepointRequest;
import dev.dlirun.client.model.FlinkJobStatus;
import dev.dlirun.client.model.FlinkSuccessResponse;
import dev.dlirun.client.model.ImportFlinkJobSavepointRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonArray;
import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonArrayMinMaxLike;
import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a Java caller relies on from the service, written from the caller's side with the generated client
 * (consumer {@code dlirun-java-client}, provider {@code dlirun}). bootstrap's {@code ProviderPactTest} replays the
 * pact against the real server.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "dlirun", pactVersion = PactSpecVersion.V3)
class JavaClientConsumerPactTest {

    private static final String RUN = "/v1.0/pact-demo/streaming/jobs/run";
    private static final String DELIVERED = "The request for submitting DLI jobs is successfully delivered.";

    private static StreamingJobsApi client(MockServer server) {
        return DliRunClient.at(URI.create(server.getUrl())).build();
    }

    private static void refused(au.com.dius.pact.consumer.dsl.LambdaDslJsonArray outcomes, String pattern, String example) {
        outcomes.object(o -> {
            o.stringValue("is_success", "false");
            o.stringMatcher("message", pattern, example);
        });
    }

    // ------------------------------------------------------------------------------------------ all submitted

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact allJobsSubmitted(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds jobs 131, 130, 138 and 137, all startable with savepoints")
                .uponReceiving("a batch run of four startable jobs, resuming from their savepoints")
                .method("POST").path(RUN)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(131).numberValue(130).numberValue(138).numberValue(137));
                    body.booleanValue("resume_savepoint", true);
                }).build())
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .matchHeader("X-Request-Id", "[A-Za-z0-9._-]{1,128}", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
                .body(newJsonArrayMinMaxLike(4, 4, outcome -> outcome.object(o -> {
                    o.stringValue("is_success", "true");
                    o.stringType("message", DELIVERED);
                })).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "allJobsSubmitted")
    void everyStartableJobIsDelivered(MockServer server) throws ApiException {
        List<FlinkSuccessResponse> outcomes = client(server).batchRunFlinkJobs("pact-demo",
                new BatchRunFlinkJobsRequest().jobIds(List.of(131L, 130L, 138L, 137L)).resumeSavepoint(true), null);

        assertThat(outcomes).hasSize(4).allMatch(DliRunClient::delivered);
    }

    // ------------------------------------------------------------------------------------------ mixed outcome

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact mixedOutcomes(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 131 startable with a savepoint, job 140 running, "
                        + "job 141 startable without a savepoint, and no job 999")
                .uponReceiving("a batch run of a missing, a running, a savepoint-less and a startable job")
                .method("POST").path(RUN)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(999).numberValue(140).numberValue(141).numberValue(131));
                    body.booleanValue("resume_savepoint", true);
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> {
                    refused(outcomes, "Job \\d+ does not exist\\.", "Job 999 does not exist.");
                    refused(outcomes, "Job \\d+ cannot be started in status job_\\w+\\.",
                            "Job 140 cannot be started in status job_running.");
                    refused(outcomes, "Job \\d+ has no savepoint to resume from\\.", "Job 141 has no savepoint to resume from.");
                    outcomes.object(o -> {
                        o.stringValue("is_success", "true");
                        o.stringType("message", DELIVERED);
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "mixedOutcomes")
    void eachJobGetsItsOwnOutcomeInRequestOrder(MockServer server) throws ApiException {
        List<FlinkSuccessResponse> outcomes = client(server).batchRunFlinkJobs("pact-demo",
                new BatchRunFlinkJobsRequest().jobIds(List.of(999L, 140L, 141L, 131L)).resumeSavepoint(true), null);

        assertThat(outcomes).extracting(DliRunClient::delivered).containsExactly(false, false, false, true);
        assertThat(outcomes.get(0).getMessage()).isEqualTo("Job 999 does not exist.");
        assertThat(outcomes.get(2).getMessage()).isEqualTo("Job 141 has no savepoint to resume from.");
    }

    // ------------------------------------------------------------------------------- resume_savepoint omitted

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact resumeSavepointOmitted(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 startable without a savepoint")
                .uponReceiving("a batch run that does not say whether to resume from savepoints")
                .method("POST").path(RUN)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.array("job_ids", ids -> ids.numberValue(141))).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> outcomes.object(o -> {
                    o.stringValue("is_success", "true");
                    o.stringType("message", DELIVERED);
                })).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "resumeSavepointOmitted")
    void withoutResumeSavepointAJobStartsNormally(MockServer server) throws ApiException {
        List<FlinkSuccessResponse> outcomes = client(server).batchRunFlinkJobs("pact-demo",
                new BatchRunFlinkJobsRequest().jobIds(List.of(141L)).resumeSavepoint(null), null);

        assertThat(outcomes).singleElement().matches(DliRunClient::delivered);
    }

    // ------------------------------------------------------------------------------------------ empty job_ids

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact emptyJobIds(PactDslWithProvider builder) {
        return builder
                .uponReceiving("a batch run of no jobs at all")
                .method("POST").path(RUN)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> { });
                    body.booleanValue("resume_savepoint", false);
                }).build())
                .willRespondWith()
                .status(400)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.0001");
                    body.stringMatcher("error_msg", "job_ids .+", "job_ids must not be empty.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "emptyJobIds")
    void anEmptyBatchIsRefusedWithDlisErrorBody(MockServer server) {
        assertThatThrownBy(() -> client(server).batchRunFlinkJobs("pact-demo",
                new BatchRunFlinkJobsRequest().jobIds(List.of()).resumeSavepoint(false), null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    ErrorResponse error = readError(e.getResponseBody());
                    assertThat(error.getErrorCode()).isEqualTo("DLI.0001");
                    assertThat(error.getErrorMsg()).startsWith("job_ids");
                });
    }

    // ------------------------------------------------------------------------------------------ job detail

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact jobDetail(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 131, finished, with a savepoint")
                .uponReceiving("a request for the detail of an existing job")
                .method("GET").path("/v1.0/pact-demo/streaming/jobs/131")
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.object("job_detail", detail -> {
                        detail.numberValue("job_id", 131);
                        detail.stringType("name", "orders-enrich");
                        detail.stringValue("status", "job_finish");
                        detail.booleanValue("has_savepoint", true);
                        detail.numberType("create_time", 1_763_942_400_000L);
                        detail.numberType("update_time", 1_763_942_400_000L);
                        detail.stringValue("project_id", "pact-demo");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "jobDetail")
    void aJobCanBeFollowed(MockServer server) throws ApiException {
        FlinkJobDetail detail = client(server).showFlinkJob("pact-demo", 131L).getJobDetail();

        assertThat(detail.getJobId()).isEqualTo(131L);
        assertThat(detail.getStatus()).isEqualTo(FlinkJobStatus.JOB_FINISH);
        assertThat(detail.getHasSavepoint()).isTrue();
    }

    // ------------------------------------------------------------------------------------------ batch stop

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact batchStop(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 140 running and job 141 never run")
                .uponReceiving("a batch stop with savepoints of a running job and a job that never ran")
                .method("POST").path("/v1.0/pact-demo/streaming/jobs/stop")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(140).numberValue(141));
                    body.booleanValue("trigger_savepoint", true);
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> {
                    outcomes.object(o -> {
                        o.stringValue("is_success", "true");
                        o.stringValue("message", "The request for stopping DLI jobs is successfully delivered.");
                    });
                    refused(outcomes, "Job \\d+ cannot be stopped in status job_\\w+\\.",
                            "Job 141 cannot be stopped in status job_init.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "batchStop")
    void aRunningJobIsStoppedWithASavepointAndOneThatNeverRanIsRefused(MockServer server) throws ApiException {
        List<FlinkSuccessResponse> outcomes = client(server).batchStopFlinkJobs("pact-demo",
                new BatchStopFlinkJobsRequest().jobIds(List.of(140L, 141L)).triggerSavepoint(true), null);

        assertThat(outcomes).extracting(DliRunClient::delivered).containsExactly(true, false);
        assertThat(outcomes.get(1).getMessage()).isEqualTo("Job 141 cannot be stopped in status job_init.");
    }

    // ------------------------------------------------------------------------------- trigger and import

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact triggerSavepoint(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 140 running")
                .uponReceiving("a savepoint triggered of a running job")
                .method("POST").path("/v1.0/pact-demo/streaming/jobs/140/savepoint")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("action", "TRIGGER")).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringType("message", "The request for triggering a savepoint of job 140 is successfully "
                            + "delivered.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "triggerSavepoint")
    void aSavepointOfARunningJobIsTriggered(MockServer server) throws ApiException {
        FlinkSuccessResponse outcome = client(server).executeFlinkJobSavepoint("pact-demo", 140L,
                new FlinkJobSavepointRequest().action(FlinkJobSavepointRequest.ActionEnum.TRIGGER));

        assertThat(DliRunClient.delivered(outcome)).isTrue();
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact importOutsideTheProject(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("a savepoint import from a path outside the project's savepoint directory")
                .method("POST").path("/v1.0/pact-demo/streaming/jobs/141/import-savepoint")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.numberValue("job_id", 141);
                    body.stringValue("savepoint_path", "file:///etc");
                }).build())
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.0001");
                    body.stringMatcher("error_msg", "savepoint_path .+",
                            "savepoint_path must lie in this project's savepoint directory.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "importOutsideTheProject")
    void aSavepointFromElsewhereIsNotImported(MockServer server) {
        assertThatThrownBy(() -> client(server).importFlinkJobSavepoint("pact-demo", 141L,
                new ImportFlinkJobSavepointRequest().jobId(141L).savepointPath("file:///etc")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(readError(e.getResponseBody()).getErrorMsg()).startsWith("savepoint_path");
                });
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact missingJobDetail(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds no job 999")
                .uponReceiving("a request for the detail of a job that does not exist")
                .method("GET").path("/v1.0/pact-demo/streaming/jobs/999")
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.16001");
                    body.stringValue("error_msg", "Job 999 does not exist.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "missingJobDetail")
    void aJobThatDoesNotExistIsDli16001AsOnDli(MockServer server) {
        assertThatThrownBy(() -> client(server).showFlinkJob("pact-demo", 999L))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(readError(e.getResponseBody()).getErrorCode()).isEqualTo("DLI.16001");
                });
    }

    // ------------------------------------------------------------------------------------------ a run that waits

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact runThatWaits(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("a batch run that prefers to wait until its jobs run")
                .method("POST").path(RUN)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .matchHeader("Prefer", "wait=\\d+", "wait=30")
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(141).numberValue(999));
                    body.booleanValue("resume_savepoint", false);
                }).build())
                .willRespondWith()
                .status(200)
                .matchHeader("Preference-Applied", "wait=\\d+", "wait=30")
                .body(newJsonArray(outcomes -> {
                    outcomes.object(o -> {
                        o.stringValue("is_success", "true");
                        o.stringType("message", DELIVERED);
                        o.numberValue("job_id", 141);
                        o.stringValue("status", "job_running");
                    });
                    outcomes.object(o -> {
                        o.stringValue("is_success", "false");
                        o.stringValue("message", "Job 999 does not exist.");
                        o.numberValue("job_id", 999);
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "runThatWaits")
    void aRunThatWaitsSaysEachJobsStatus(MockServer server) throws ApiException {
        List<FlinkSuccessResponse> outcomes = client(server).batchRunFlinkJobs("pact-demo",
                new BatchRunFlinkJobsRequest().jobIds(List.of(141L, 999L)).resumeSavepoint(false),
                DliRunClient.waitAtMost(java.time.Duration.ofSeconds(30)));

        assertThat(outcomes.get(0).getStatus()).isEqualTo(FlinkJobStatus.JOB_RUNNING);
        assertThat(outcomes.get(0).getJobId()).isEqualTo(141L);
        assertThat(outcomes.get(1).getStatus()).isNull();
    }

    private static ErrorResponse readError(String body) {
        try {
            return new ObjectMapper().readValue(body, ErrorResponse.class);
        } catch (Exception e) {
            throw new AssertionError("not DLI's error body: " + body, e);
        }
    }

    // ------------------------------------------------------------------ jobs managed through DLI's API

    private static final String SQL_JOBS = "/v1.0/pact-demo/streaming/sql-jobs";

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact createSqlJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("a create of a Flink SQL job")
                .method("POST").path(SQL_JOBS)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("name", "clicks-per-user");
                    body.stringValue("sql_body", "INSERT INTO b SELECT a FROM s");
                    body.numberValue("checkpoint_mode", 1);
                    body.array("tags", tags -> tags.object(tag -> {
                        tag.stringValue("key", "team");
                        tag.stringValue("value", "ads");
                    }));
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringValue("message", "A DLI job is created successfully.");
                    body.object("job", job -> {
                        job.numberType("job_id", 100_000L);
                        job.stringValue("status_name", "job_init");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "createSqlJob")
    void aSqlJobIsCreatedAsADraft(MockServer server) throws ApiException {
        CreateFlinkJobResponse created = client(server).createFlinkSqlJob("pact-demo", new CreateFlinkSqlJobRequest()
                .name("clicks-per-user").sqlBody("INSERT INTO b SELECT a FROM s").checkpointMode(1)
                .tags(List.of(new JobTag().key("team").value("ads"))));

        assertThat(created.getJob().getJobId()).isPositive();
        assertThat(created.getJob().getStatusName()).isEqualTo(FlinkJobStatus.JOB_INIT);
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact createTakenName(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("a create of a job whose name another job of the project has")
                .method("POST").path(SQL_JOBS)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("name", "orders-enrich")).build())
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.0006");
                    body.stringMatcher("error_msg", "A job named orders-enrich already exists.*",
                            "A job named orders-enrich already exists in this project; job names are unique within "
                                    + "a project.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "createTakenName")
    void aNameTakenIsDli0006(MockServer server) {
        assertThatThrownBy(() -> client(server).createFlinkSqlJob("pact-demo",
                new CreateFlinkSqlJobRequest().name("orders-enrich")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(errorCode(e)).isEqualTo("DLI.0006");
                });
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact createJarJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("a create of a Flink jar job")
                .method("POST").path("/v1.0/pact-demo/streaming/flink-jobs")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("name", "word-count");
                    body.stringValue("entrypoint", "word-count.jar");
                    body.stringValue("main_class", "org.example.WordCount");
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.object("job", job -> {
                        job.numberType("job_id", 100_000L);
                        job.stringValue("status_name", "job_init");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "createJarJob")
    void aJarJobIsCreatedAsADraft(MockServer server) throws ApiException {
        CreateFlinkJobResponse created = client(server).createFlinkJarJob("pact-demo", new CreateFlinkJarJobRequest()
                .name("word-count").entrypoint("word-count.jar").mainClass("org.example.WordCount"));

        assertThat(created.getJob().getStatusName()).isEqualTo(FlinkJobStatus.JOB_INIT);
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact updateSqlJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("an update of a job that does not run")
                .method("PUT").path(SQL_JOBS + "/141")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("sql_body", "INSERT INTO b SELECT a + 1 FROM s");
                    body.numberValue("parallel_number", 2);
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringValue("message", "The job is updated successfully.");
                    body.object("job", job -> job.numberType("update_time", 1_763_946_000_000L));
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "updateSqlJob")
    void aJobThatDoesNotRunIsUpdated(MockServer server) throws ApiException {
        UpdateFlinkJobResponse updated = client(server).updateFlinkSqlJob("pact-demo", 141L,
                new UpdateFlinkSqlJobRequest().sqlBody("INSERT INTO b SELECT a + 1 FROM s").parallelNumber(2));

        assertThat(updated.getJob().getUpdateTime()).isPositive();
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact updateJarJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds jar job 150 never run")
                .uponReceiving("an update of a jar job's arguments")
                .method("PUT").path("/v1.0/pact-demo/streaming/flink-jobs/150")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("entrypoint_args", "--rate 5")).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.object("job", job -> job.numberType("update_time", 1_763_946_000_000L));
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "updateJarJob")
    void aJarJobIsUpdatedThroughItsOwnEndpoint(MockServer server) throws ApiException {
        UpdateFlinkJobResponse updated = client(server).updateFlinkJarJob("pact-demo", 150L,
                new UpdateFlinkJarJobRequest().entrypointArgs("--rate 5"));

        assertThat(updated.getJob().getUpdateTime()).isPositive();
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact updateRunningJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 140 running")
                .uponReceiving("an update of the SQL of a running job")
                .method("PUT").path(SQL_JOBS + "/140")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("sql_body", "INSERT INTO b SELECT 2")).build())
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.0007");
                    body.stringMatcher("error_msg", "Job 140 is job_\\w+: .*Stop it first to change sql_body\\.",
                            "Job 140 is job_running: while it runs only obs_bucket, restart_when_exception, "
                                    + "resume_checkpoint, resume_max_num, smn_topic may change. Stop it first to "
                                    + "change sql_body.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "updateRunningJob")
    void aRunningJobsSqlIsNotChanged(MockServer server) {
        assertThatThrownBy(() -> client(server).updateFlinkSqlJob("pact-demo", 140L,
                new UpdateFlinkSqlJobRequest().sqlBody("INSERT INTO b SELECT 2")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.0007"));
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact listRunningJobs(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 140 running and job 141 never run")
                .uponReceiving("a list of the running jobs")
                .method("GET").path("/v1.0/pact-demo/streaming/jobs")
                .query("status=job_running&limit=10&offset=0")
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringValue("message", "Jobs are successfully listed.");
                    body.object("job_list", list -> {
                        list.numberValue("total_count", 1);
                        list.array("jobs", jobs -> jobs.object(job -> {
                            job.numberValue("job_id", 140);
                            job.stringValue("status", "job_running");
                            job.stringType("name", "orders-enrich");
                            job.numberType("create_time", 1_763_942_400_000L);
                        }));
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "listRunningJobs")
    void theRunningJobsAreListed(MockServer server) throws ApiException {
        ListFlinkJobsResponse listed = client(server).listFlinkJobs("pact-demo", null, FlinkJobStatus.JOB_RUNNING,
                null, null, null, null, null, 10, 0L, null, null);

        assertThat(listed.getJobList().getTotalCount()).isEqualTo(1);
        assertThat(listed.getJobList().getJobs()).extracting(FlinkJobDetail::getJobId).containsExactly(140L);
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact deleteRunningJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 140 running")
                .uponReceiving("a delete of a running job")
                .method("DELETE").path("/v1.0/pact-demo/streaming/jobs/140")
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringValue("message", "The job is successfully deleted.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "deleteRunningJob")
    void aRunningJobIsDeleted(MockServer server) throws ApiException {
        assertThat(DliRunClient.delivered(client(server).deleteFlinkJob("pact-demo", 140L))).isTrue();
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact deleteMissingJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds no job 999")
                .uponReceiving("a delete of a job that does not exist")
                .method("DELETE").path("/v1.0/pact-demo/streaming/jobs/999")
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.16001");
                    body.stringValue("error_msg", "Job 999 does not exist.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "deleteMissingJob")
    void aJobThatDoesNotExistIsNotDeleted(MockServer server) {
        assertThatThrownBy(() -> client(server).deleteFlinkJob("pact-demo", 999L))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.16001"));
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact batchDelete(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 140 running and job 141 never run")
                .uponReceiving("a batch delete of a job and of one that does not exist")
                .method("POST").path("/v1.0/pact-demo/streaming/jobs/delete")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.array("job_ids", ids -> ids.numberValue(141).numberValue(999))).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> {
                    outcomes.object(o -> {
                        o.stringValue("is_success", "true");
                        o.stringValue("message", "The job is successfully deleted.");
                    });
                    outcomes.object(o -> {
                        o.stringValue("is_success", "false");
                        o.stringValue("message", "Job 999 does not exist.");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "batchDelete")
    void eachJobOfABatchDeleteGetsItsOutcome(MockServer server) throws ApiException {
        List<FlinkSuccessResponse> outcomes = client(server).batchDeleteFlinkJobs("pact-demo",
                new BatchDeleteFlinkJobsRequest().jobIds(List.of(141L, 999L)));

        assertThat(outcomes).extracting(DliRunClient::delivered).containsExactly(true, false);
    }

    // ------------------------------------------------------------------------------------------ templates

    private static final String TEMPLATES = "/v1.0/pact-demo/streaming/job-templates";
    private static final String TEMPLATE_SQL = "CREATE TABLE clicks (user_id INT) WITH ('connector' = 'datagen'); "
            + "CREATE TABLE counts (user_id INT, n BIGINT) WITH ('connector' = 'blackhole'); "
            + "INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id;";

    private static StreamingJobTemplatesApi templates(MockServer server) {
        return new StreamingJobTemplatesApi(client(server).getApiClient());
    }

    /** The contract's error body: DLI's code exactly, its message as the pattern says. */
    private static au.com.dius.pact.consumer.dsl.DslPart error(String code, String messagePattern, String example) {
        return newJsonBody(body -> {
            body.stringValue("error_code", code);
            body.stringMatcher("error_msg", messagePattern, example);
        }).build();
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact createTemplate(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds no template")
                .uponReceiving("a create of a Flink SQL job template")
                .method("POST").path(TEMPLATES)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("name", "clicks-template");
                    body.stringValue("desc", "Counts clicks per user");
                    body.stringValue("sql_body", TEMPLATE_SQL);
                    body.stringValue("job_type", "flink_opensource_sql_job");
                }).build())
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.stringType("message", "A template is created successfully.");
                    body.object("template", template -> {
                        template.integerType("template_id", 1);
                        template.stringValue("name", "clicks-template");
                        template.stringValue("desc", "Counts clicks per user");
                        template.numberType("create_time", 1_763_942_400_000L);
                        template.stringValue("job_type", "flink_opensource_sql_job");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "createTemplate")
    void aTemplateIsCreatedAndNamesItsId(MockServer server) throws ApiException {
        CreateFlinkSqlJobTemplateResponse created = templates(server).createFlinkSqlJobTemplate("pact-demo",
                new CreateFlinkSqlJobTemplateRequest().name("clicks-template").desc("Counts clicks per user")
                        .sqlBody(TEMPLATE_SQL).jobType(CreateFlinkSqlJobTemplateRequest.JobTypeEnum.FLINK_OPENSOURCE_SQL_JOB));

        assertThat(created.getIsSuccess()).isTrue();
        assertThat(created.getTemplate().getTemplateId()).isPositive();
        assertThat(created.getTemplate().getName()).isEqualTo("clicks-template");
        assertThat(created.getTemplate().getJobType()).isEqualTo("flink_opensource_sql_job");
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact listTemplates(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds template 1, clicks-template")
                .uponReceiving("a list of the project's templates")
                .method("GET").path(TEMPLATES)
                .query("offset=0&limit=10")
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.stringType("message", "The template list is obtained successfully.");
                    body.object("template_list", list -> {
                        list.numberValue("total_count", 1);
                        list.array("templates", all -> all.object(template -> {
                            template.numberValue("template_id", 1);
                            template.stringValue("name", "clicks-template");
                            template.stringValue("sql_body", TEMPLATE_SQL);
                            template.stringValue("job_type", "flink_opensource_sql_job");
                            template.numberType("create_time", 1_763_942_400_000L);
                        }));
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "listTemplates")
    void theProjectsTemplatesAreListedWithTheirSql(MockServer server) throws ApiException {
        ListFlinkSqlJobTemplatesResponse listed = templates(server).listFlinkSqlJobTemplates("pact-demo", null, null,
                0L, 10, null);

        assertThat(listed.getTemplateList().getTotalCount()).isEqualTo(1);
        assertThat(listed.getTemplateList().getTemplates()).singleElement().satisfies(template -> {
            assertThat(template.getTemplateId()).isEqualTo(1L);
            assertThat(template.getSqlBody()).isEqualTo(TEMPLATE_SQL);
        });
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact updateTemplate(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds template 1, clicks-template")
                .uponReceiving("an update of a template's description")
                .method("PUT").path(TEMPLATES + "/1")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("desc", "Counts clicks per user and minute")).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.stringType("message", "The template is updated successfully.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "updateTemplate")
    void aTemplateIsUpdated(MockServer server) throws ApiException {
        FlinkTemplateSuccessResponse updated = templates(server).updateFlinkSqlJobTemplate("pact-demo", 1L,
                new UpdateFlinkSqlJobTemplateRequest().desc("Counts clicks per user and minute"));

        assertThat(updated.getIsSuccess()).isTrue();
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact updateTemplateOfAnotherProject(PactDslWithProvider builder) {
        return builder
                .given("project pact-other holds template 1 and project pact-demo holds none")
                .uponReceiving("an update of a template of another project")
                .method("PUT").path(TEMPLATES + "/1")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("desc", "taken over")).build())
                .willRespondWith()
                .status(400)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(error("DLI.16001", "Template 1 does not exist\\.", "Template 1 does not exist."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "updateTemplateOfAnotherProject")
    void aTemplateOfAnotherProjectIsNotUpdated(MockServer server) {
        assertThatThrownBy(() -> templates(server).updateFlinkSqlJobTemplate("pact-demo", 1L,
                new UpdateFlinkSqlJobTemplateRequest().desc("taken over")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(errorCode(e)).isEqualTo("DLI.16001");
                });
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact deleteTemplate(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds template 1, clicks-template")
                .uponReceiving("a delete of a template")
                .method("DELETE").path(TEMPLATES + "/1")
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.stringType("message", "The template is deleted successfully.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "deleteTemplate")
    void aTemplateIsDeleted(MockServer server) throws ApiException {
        DeleteFlinkSqlJobTemplateResponse deleted = templates(server).deleteFlinkSqlJobTemplate("pact-demo", 1L);

        assertThat(deleted.getIsSuccess()).isTrue();
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact deleteMissingTemplate(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds no template")
                .uponReceiving("a delete of a template that does not exist")
                .method("DELETE").path(TEMPLATES + "/999")
                .willRespondWith()
                .status(400)
                .body(error("DLI.16001", "Template 999 does not exist\\.", "Template 999 does not exist."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "deleteMissingTemplate")
    void aTemplateThatDoesNotExistIsNotDeleted(MockServer server) {
        assertThatThrownBy(() -> templates(server).deleteFlinkSqlJobTemplate("pact-demo", 999L))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.16001"));
    }

    // ------------------------------------------------------------------------------------------ export / import

    private static final String EXPORT = "/v1.0/pact-demo/streaming/jobs/export";
    private static final String IMPORT = "/v1.0/pact-demo/streaming/jobs/import";

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact exportAJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("an export of a job into the project's OBS folder")
                .method("POST").path(EXPORT)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("obs_dir", "obs://pact/exports");
                    body.booleanValue("is_selected", true);
                    body.array("job_selected", ids -> ids.numberValue(141));
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringType("message", "The job is exported successfully.");
                    body.minMaxArrayLike("zip_file", 1, 1, PactDslJsonRootValue.stringMatcher(
                            "obs://pact/exports/jobs_\\d+\\.zip", "obs://pact/exports/jobs_1763942400000.zip"), 1);
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "exportAJob")
    void anExportNamesTheFileItWrote(MockServer server) throws ApiException {
        ExportFlinkJobsResponse exported = client(server).exportFlinkJobs("pact-demo", new ExportFlinkJobsRequest()
                .obsDir("obs://pact/exports").isSelected(true).jobSelected(List.of(141L)));

        assertThat(exported.getIsSuccess()).isEqualTo(ExportFlinkJobsResponse.IsSuccessEnum.TRUE);
        assertThat(exported.getZipFile()).singleElement().asString().matches("obs://pact/exports/jobs_\\d+\\.zip");
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact exportOutsideTheProject(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("an export into a folder outside the project's own")
                .method("POST").path(EXPORT)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("obs_dir", "obs://pact/../../../other");
                    body.booleanValue("is_selected", true);
                    body.array("job_selected", ids -> ids.numberValue(141));
                }).build())
                .willRespondWith()
                .status(400)
                .body(error("DLI.0001", "obs_dir .+", "obs_dir must not have a . or .. segment."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "exportOutsideTheProject")
    void anExportOutsideTheProjectIsRefused(MockServer server) {
        assertThatThrownBy(() -> client(server).exportFlinkJobs("pact-demo", new ExportFlinkJobsRequest()
                .obsDir("obs://pact/../../../other").isSelected(true).jobSelected(List.of(141L))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(errorCode(e)).isEqualTo("DLI.0001");
                    assertThat(readError(e.getResponseBody()).getErrorMsg()).startsWith("obs_dir");
                });
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact importAnExport(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds an export of job 141 in obs://pact/exports, and job 141 is deleted")
                .uponReceiving("an import of every export file of a folder")
                .method("POST").path(IMPORT)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("zip_file", "obs://pact/exports");
                    body.booleanValue("is_cover", false);
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringType("message", "The job is imported successfully.");
                    body.array("job_mapping", mapping -> mapping.object(job -> {
                        job.numberValue("old_job_id", 141);
                        job.integerType("new_job_id", 142);
                        job.stringValue("remark", "Job successfully created.");
                    }));
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "importAnExport")
    void anImportCreatesTheExportedJobAnew(MockServer server) throws ApiException {
        ImportFlinkJobsResponse imported = client(server).importFlinkJobs("pact-demo",
                new ImportFlinkJobsRequest().zipFile("obs://pact/exports").isCover(false));

        assertThat(imported.getIsSuccess()).isEqualTo(ImportFlinkJobsResponse.IsSuccessEnum.TRUE);
        assertThat(imported.getJobMapping()).singleElement().satisfies(job -> {
            assertThat(job.getOldJobId()).isEqualTo(141L);
            assertThat(job.getNewJobId()).isPositive().isNotEqualTo(141L);
        });
    }

    // ------------------------------------------------------------------------------- a job that never ran

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact metricsOfANewJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("the metrics of a job that never ran")
                .method("POST").path("/v1.0/pact-demo/streaming/jobs/metrics")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.array("job_ids", ids -> ids.numberValue(141))).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.object("metrics", metrics -> metrics.array("jobs", jobs -> jobs.object(job -> {
                        job.numberValue("job_id", 141);
                        job.stringMatcher("metrics_unavailable", "Job 141 has not run yet: .+",
                                "Job 141 has not run yet: there is no run to show.");
                    })));
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "metricsOfANewJob")
    void aJobThatNeverRanHasNoMetricsAndSaysWhy(MockServer server) throws ApiException {
        ShowFlinkMetricResponse shown = client(server).showFlinkMetric("pact-demo",
                new ShowFlinkMetricRequest().jobIds(List.of(141L)));

        assertThat(shown.getIsSuccess()).isTrue();
        assertThat(shown.getMetrics().getJobs()).singleElement().satisfies(job -> {
            assertThat(job.getJobId()).isEqualTo(141L);
            assertThat(job.getMetrics()).isNull();
            assertThat(job.getMetricsUnavailable()).startsWith("Job 141 has not run yet");
        });
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact metricsOnTheSimulatingService(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 140 running")
                .uponReceiving("the metrics of a job running on a service that simulates its runs")
                .method("POST").path("/v1.0/pact-demo/streaming/jobs/metrics")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.array("job_ids", ids -> ids.numberValue(140))).build())
                .willRespondWith()
                .status(400)
                .body(error("DLI.0007", ".+", "The simulated runtime has no metrics to show."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "metricsOnTheSimulatingService")
    void theSimulatingServiceHasNoMetricsToShow(MockServer server) {
        assertThatThrownBy(() -> client(server).showFlinkMetric("pact-demo", new ShowFlinkMetricRequest().jobIds(List.of(140L))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.0007"));
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact executionGraphOfANewJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("the execution graph of a job that never ran")
                .method("GET").path("/v1.0/pact-demo/streaming/jobs/141/execute-graph")
                .willRespondWith()
                .status(400)
                .body(error("DLI.0007", "Job 141 has not run yet: .+", "Job 141 has not run yet: there is no run to show."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "executionGraphOfANewJob")
    void aJobThatNeverRanHasNoExecutionGraph(MockServer server) {
        assertThatThrownBy(() -> client(server).showFlinkJobExecutionGraph("pact-demo", 141L))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.0007"));
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact exceptionsOfANewJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("the exceptions of a job that never ran")
                .method("GET").path("/v1.0/pact-demo/streaming/jobs/141/exceptions")
                .willRespondWith()
                .status(400)
                .body(error("DLI.0007", "Job 141 has not run yet: .+", "Job 141 has not run yet: there is no run to show."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "exceptionsOfANewJob")
    void aJobThatNeverRanHasNoExceptions(MockServer server) {
        assertThatThrownBy(() -> client(server).showFlinkJobExceptions("pact-demo", 141L))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.0007"));
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact checkpointsOfAMissingJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds no job 999")
                .uponReceiving("the checkpoints of a job that does not exist")
                .method("GET").path("/v1.0/pact-demo/streaming/jobs/999/checkpoints")
                .willRespondWith()
                .status(400)
                .body(error("DLI.16001", "Job 999 does not exist\\.", "Job 999 does not exist."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "checkpointsOfAMissingJob")
    void aJobThatDoesNotExistHasNoCheckpoints(MockServer server) {
        assertThatThrownBy(() -> client(server).showFlinkJobCheckpoints("pact-demo", 999L))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.16001"));
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact logsOfANewJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("the log of a job that never ran")
                .method("GET").path("/v1.0/pact-demo/streaming/jobs/141/logs")
                .query("limit=50")
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.numberValue("job_id", 141);
                    body.array("lines", lines -> { });
                    body.stringMatcher("missing", ".+", "Job 141 has not run yet: it has no log.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "logsOfANewJob")
    void aJobThatNeverRanHasNoLogLinesAndSaysWhy(MockServer server) throws ApiException {
        ShowFlinkJobLogsResponse logs = client(server).showFlinkJobLogs("pact-demo", 141L, 50);

        assertThat(logs.getJobId()).isEqualTo(141L);
        assertThat(logs.getLines()).isEmpty();
        assertThat(logs.getMissing()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------ gen-graph

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact checkOfAMissingJob(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds no job 999")
                .uponReceiving("a check (gen-graph) of a job that does not exist")
                .method("POST").path("/v3/pact-demo/streaming/jobs/999/gen-graph")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("graph_type", "simple_graph")).build())
                .willRespondWith()
                .status(400)
                .body(error("DLI.16001", "Job 999 does not exist\\.", "Job 999 does not exist."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "checkOfAMissingJob")
    void aJobThatDoesNotExistIsNotChecked(MockServer server) {
        assertThatThrownBy(() -> new StreamingJobChecksApi(client(server).getApiClient()).createFlinkSqlJobGraph("pact-demo",
                999L, new CreateFlinkSqlJobGraphRequest().graphType(CreateFlinkSqlJobGraphRequest.GraphTypeEnum.SIMPLE_GRAPH)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.16001"));
    }

    @Pact(consumer = "dlirun-java-client")
    RequestResponsePact checkOnTheSimulatingService(PactDslWithProvider builder) {
        return builder
                .given("project pact-demo holds job 141 never run")
                .uponReceiving("a check (gen-graph) of a job on a service that simulates its runs")
                .method("POST").path("/v3/pact-demo/streaming/jobs/141/gen-graph")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("graph_type", "simple_graph")).build())
                .willRespondWith()
                .status(400)
                .body(error("DLI.0007", ".+", "The service simulates its runs: it cannot check a job's SQL."))
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "checkOnTheSimulatingService")
    void theSimulatingServiceDoesNotCheckSql(MockServer server) {
        assertThatThrownBy(() -> new StreamingJobChecksApi(client(server).getApiClient()).createFlinkSqlJobGraph("pact-demo",
                141L, new CreateFlinkSqlJobGraphRequest().graphType(CreateFlinkSqlJobGraphRequest.GraphTypeEnum.SIMPLE_GRAPH)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(errorCode(e)).isEqualTo("DLI.0007"));
    }

    private static String errorCode(ApiException e) {
        return readError(e.getResponseBody()).getErrorCode();
    }
}
