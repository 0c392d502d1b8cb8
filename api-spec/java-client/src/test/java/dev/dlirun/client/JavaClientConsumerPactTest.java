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
import dev.dlirun.client.invoker.ApiException;
import dev.dlirun.client.model.BatchRunFlinkJobsRequest;
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
}
