package dev.dlirun.adapters.client.dli;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import au.com.dius.pact.core.model.annotations.Pact;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.model.JobTag;
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
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonArray;
import static au.com.dius.pact.consumer.dsl.LambdaDsl.newJsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What this service relies on from Huawei Cloud DLI, written down as a Pact (consumer {@code dlirun}, provider
 * {@code huawei-dli}): the file it produces, {@code target/pacts/dlirun-huawei-dli.json}, documents exactly the
 * requests the DLI adapter sends and the parts of DLI's answers it reads.
 */
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "huawei-dli", pactVersion = PactSpecVersion.V3)
class DliConsumerPactTest {

    private static final ProjectId PROJECT = ProjectId.of("48cc2c48765f481480c7db940d6409d1");
    private static final String JOBS = "/v1.0/" + PROJECT + "/streaming/jobs/";
    private static final String AUTHORIZATION = "SDK-HMAC-SHA256 Access=\\S+, SignedHeaders=host;x-project-id;x-sdk-date, "
            + "Signature=[0-9a-f]{64}";
    private static final String AUTHORIZATION_EXAMPLE = "SDK-HMAC-SHA256 Access=AKEXAMPLE, "
            + "SignedHeaders=host;x-project-id;x-sdk-date, Signature=" + "0".repeat(64);


    private static au.com.dius.pact.consumer.dsl.PactDslRequestWithPath signedRequest(
            au.com.dius.pact.consumer.dsl.PactDslRequestWithPath request) {
        return request
                .matchHeader("Authorization", AUTHORIZATION, AUTHORIZATION_EXAMPLE)
                .matchHeader("X-Sdk-Date", "\\d{8}T\\d{6}Z", "20261124T100000Z")
                .matchHeader("X-Project-Id", PROJECT.value(), PROJECT.value());
    }

    private static final String DELIVERED = "作业提交请求下发成功";

    /** One element of DLI's batch-run answer, its message matched by type: DLI words it as it likes. */
    private static void outcome(au.com.dius.pact.consumer.dsl.LambdaDslJsonArray outcomes, boolean delivered,
                                String exampleMessage) {
        outcomes.object(o -> {
            o.stringValue("is_success", Boolean.toString(delivered));
            o.stringType("message", exampleMessage);
        });
    }

    private static DliJobBackend adapter(MockServer dli) {
        return new DliJobBackend(DliSettings.defaults(URI.create(dli.getUrl()),
                new DliCredentials.AkSk("AKEXAMPLE", "SKEXAMPLE")), Clock.systemUTC());
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    private static Job job(long id) {
        return new Job(PROJECT, JobId.of(id), JobStatus.JOB_CANCEL_SUCCESS, true);
    }

    // ---------------------------------------------------------------------------------------------- lookup found

    @Pact(consumer = "dlirun")
    RequestResponsePact lookupOfAJobThatExists(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 131, cancelled, with a savepoint")
                .uponReceiving("a job-detail lookup of an existing job")
                .method("GET")
                .path(JOBS + "131"))
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
                .body(newJsonBody(body -> {
                    body.stringMatcher("is_success", "true", "true");
                    body.object("job_detail", detail -> {
                        detail.numberValue("job_id", 131);
                        detail.stringType("name", "orders-enrich");
                        detail.stringValue("job_type", "flink_opensource_sql_job");
                        detail.stringValue("status", "job_cancel_success");
                        detail.booleanValue("has_savepoint", true);
                        detail.numberType("create_time", 1_763_942_400_000L);
                        detail.numberType("update_time", 1_763_946_000_000L);
                        detail.stringType("queue_name", "queue-a");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "lookupOfAJobThatExists")
    void aJobThatExistsIsFoundWithItsStatusAndSavepoint(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.findJobs(PROJECT, List.of(JobId.of(131)), deadline()))
                    .containsExactly(Map.entry(JobId.of(131), new JobLookupResult.Found(job(131))));
        }
    }

    // ------------------------------------------------------------------------------------------ lookup not found

    @Pact(consumer = "dlirun")
    RequestResponsePact lookupOfAJobThatDoesNotExist(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds no job 999")
                .uponReceiving("a job-detail lookup of a job that does not exist")
                .method("GET")
                .path(JOBS + "999"))
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.0002");
                    body.stringType("error_msg", "The object does not exist.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "lookupOfAJobThatDoesNotExist")
    void dlisDoesNotExistAnswerMeansMissing(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.findJobs(PROJECT, List.of(JobId.of(999)), deadline()))
                    .containsExactly(Map.entry(JobId.of(999), JobLookupResult.MISSING));
        }
    }

    // ---------------------------------------------------------------------------------------------- run accepted

    @Pact(consumer = "dlirun")
    RequestResponsePact runOfStartableJobs(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds jobs 131 and 130, both startable with savepoints")
                .uponReceiving("a batch run of two startable jobs, resuming from savepoints")
                .method("POST")
                .path(JOBS + "run"))
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(131).numberValue(130));
                    body.booleanValue("resume_savepoint", true);
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> {
                    outcome(outcomes, true, DELIVERED);
                    outcome(outcomes, true, DELIVERED);
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "runOfStartableJobs")
    void startableJobsAreSubmitted(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.submit(PROJECT, List.of(job(131), job(130)), StartMode.RESUME_FROM_LATEST_SAVEPOINT,
                    deadline())).containsOnly(
                    Map.entry(JobId.of(131), new JobOutcome.Delivered(JobOperation.RUN, JobId.of(131))),
                    Map.entry(JobId.of(130), new JobOutcome.Delivered(JobOperation.RUN, JobId.of(130))));
        }
    }

    // ------------------------------------------------------------------------------------------ run partly refused

    @Pact(consumer = "dlirun")
    RequestResponsePact runOfAStartableAndARunningJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 131, startable, and job 140, running")
                .uponReceiving("a batch run of a startable and a running job")
                .method("POST")
                .path(JOBS + "run"))
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(131).numberValue(140));
                    body.booleanValue("resume_savepoint", false);
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> {
                    outcome(outcomes, true, DELIVERED);
                    outcome(outcomes, false, "The job status job_running does not allow this operation.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "runOfAStartableAndARunningJob")
    void eachJobGetsItsOwnOutcomeAndARefusalKeepsDlisReason(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            var outcomes = adapter.submit(PROJECT, List.of(job(131), job(140)), StartMode.FRESH, deadline());

            assertThat(outcomes.get(JobId.of(131))).isEqualTo(new JobOutcome.Delivered(JobOperation.RUN, JobId.of(131)));
            assertThat(outcomes.get(JobId.of(140))).isEqualTo(new JobOutcome.BackendRefused(JobId.of(140),
                    "The job status job_running does not allow this operation."));
        }
    }

    // ------------------------------------------------------------------------------------------ DLI error body

    @Pact(consumer = "dlirun")
    RequestResponsePact runRefusedWithAnErrorBody(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 has no queue to run Flink jobs on")
                .uponReceiving("a batch run DLI refuses as a whole")
                .method("POST")
                .path(JOBS + "run"))
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(131));
                    body.booleanValue("resume_savepoint", false);
                }).build())
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringType("error_code", "DLI.13024");
                    body.stringType("error_msg", "No job-running queue selected");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "runRefusedWithAnErrorBody")
    void dlisErrorCodeAndMessageBecomeTheJobsReason(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.submit(PROJECT, List.of(job(131)), StartMode.FRESH, deadline()))
                    .containsExactly(Map.entry(JobId.of(131), new JobOutcome.BackendRefused(JobId.of(131),
                            "DLI.13024: No job-running queue selected")));
        }
    }
    // ------------------------------------------------------------------------------- stop, trigger and import

    @Pact(consumer = "dlirun")
    RequestResponsePact stopWithSavepoints(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
                .uponReceiving("a batch stop with a savepoint of a running job")
                .method("POST")
                .path(JOBS + "stop"))
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
                .body(newJsonBody(body -> {
                    body.array("job_ids", ids -> ids.numberValue(140));
                    body.booleanValue("trigger_savepoint", true);
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> outcome(outcomes, true, "作业停止请求下发成功")).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "stopWithSavepoints")
    void aRunningJobIsStoppedWithASavepoint(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.stop(PROJECT, List.of(new Job(PROJECT, JobId.of(140), JobStatus.JOB_RUNNING, false)),
                    StopMode.WITH_SAVEPOINT, deadline())).containsExactly(Map.entry(JobId.of(140), new JobOutcome.Delivered(JobOperation.STOP, JobId.of(140))));
        }
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact triggerOfASavepoint(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
                .uponReceiving("a savepoint triggered of a running job")
                .method("POST")
                .path(JOBS + "140/savepoint"))
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
                .body(newJsonBody(body -> body.stringValue("action", "TRIGGER")).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.stringType("message", "");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "triggerOfASavepoint")
    void aSavepointIsTriggered(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            adapter.triggerSavepoint(PROJECT, JobId.of(140), Optional.empty(), deadline());
        }
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact importIntoAJobThatDoesNotExist(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds no job 999")
                .uponReceiving("a savepoint import into a job that does not exist")
                .method("POST")
                .path(JOBS + "999/import-savepoint"))
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
                .body(newJsonBody(body -> {
                    body.numberValue("job_id", 999);
                    body.stringValue("savepoint_path", "obs://bucket/savepoints/131/savepoint-1");
                }).build())
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.16001");
                    body.stringType("error_msg", "The job does not exist.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "importIntoAJobThatDoesNotExist")
    void dlis16001MeansTheJobDoesNotExist(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThatThrownBy(() -> adapter.importSavepoint(PROJECT, JobId.of(999),
                    "obs://bucket/savepoints/131/savepoint-1", deadline()))
                    .isInstanceOf(JobNotFoundException.class);
        }
    }

    // --------------------------------------------------------------------- jobs managed through DLI's API

    private static final String STREAMING = "/v1.0/" + PROJECT + "/streaming/";

    @Pact(consumer = "dlirun")
    RequestResponsePact createOfASqlJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds no job named clicks-per-user")
                .uponReceiving("a create of a Flink SQL job with the fields its caller set")
                .method("POST")
                .path(STREAMING + "sql-jobs"))
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
                .body(newJsonBody(body -> {
                    body.stringValue("name", "clicks-per-user");
                    body.stringValue("sql_body", "INSERT INTO b SELECT a FROM s");
                    body.numberValue("checkpoint_mode", 1);
                    body.stringValue("queue_name", "q1");
                    body.stringValue("job_type", "flink_opensource_sql_job");
                }).build())
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.object("job", job -> {
                        job.numberType("job_id", 202_511L);
                        job.stringValue("status_name", "job_init");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "createOfASqlJob")
    void aCreateSendsTheCallersFieldsAndReadsTheNewJobsId(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.create(PROJECT, JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(Map.of(
                    "name", "clicks-per-user", "sql_body", "INSERT INTO b SELECT a FROM s", "checkpoint_mode",
                    "exactly_once", "queue_name", "q1")), deadline()))
                    .isEqualTo(new NewJob(JobId.of(202_511), JobStatus.JOB_INIT));
        }
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact updateOfAJarJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds jar job 150, stopped")
                .uponReceiving("an update of a Flink jar job with the fields its caller changed")
                .method("PUT")
                .path(STREAMING + "flink-jobs/150"))
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
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
    @PactTestFor(pactMethod = "updateOfAJarJob")
    void anUpdateSendsOnlyTheChanges(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.update(PROJECT, JobId.of(150), true,
                    JobFields.parse(Map.of("entrypoint_args", "--rate 5")), deadline()))
                    .isEqualTo(dev.dlirun.domain.definition.JobUpdate.at(java.time.Instant.ofEpochMilli(
                            1_763_946_000_000L)));
        }
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact listOfRunningJobs(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
                .uponReceiving("a list of the running jobs, whole")
                .method("GET")
                .path(STREAMING + "jobs")
                .query("status=job_running&order=desc&limit=10&offset=0&show_detail=true"))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.object("job_list", list -> {
                        list.numberType("total_count", 1);
                        list.minArrayLike("jobs", 1, job -> {
                            job.numberType("job_id", 140);
                            job.stringType("name", "orders-enrich");
                            job.stringValue("status", "job_running");
                            job.stringType("job_type", "flink_opensource_sql_job");
                            job.numberType("create_time", 1_763_942_400_000L);
                            job.object("job_config", config -> config.stringType("checkpoint_mode", "exactly_once"));
                        });
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "listOfRunningJobs")
    void aListSendsItsFiltersAndReadsEachJob(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            JobPage page = adapter.list(new JobQuery(PROJECT, java.util.Optional.empty(),
                    java.util.Optional.of(JobStatus.JOB_RUNNING), java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), false, 10, 0,
                    true), deadline());
            assertThat(page.totalCount()).isEqualTo(1);
            assertThat(page.jobs()).singleElement().satisfies(job -> assertThat(job.job().status())
                    .isEqualTo(JobStatus.JOB_RUNNING));
        }
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact deleteOfAJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
                .uponReceiving("a delete of a job")
                .method("DELETE")
                .path(JOBS + "140"))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> body.stringValue("is_success", "true")).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "deleteOfAJob")
    void oneJobIsDeletedWithThePerJobDelete(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            assertThat(adapter.delete(PROJECT, List.of(JobId.of(140)), deadline()))
                    .containsExactly(Map.entry(JobId.of(140), new JobOutcome.Delivered(JobOperation.DELETE, JobId.of(140))));
        }
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact batchDeleteOfJobs(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running, and no job 999")
                .uponReceiving("a batch delete of a job and of one that does not exist")
                .method("POST")
                .path(JOBS + "delete"))
                .matchHeader("Content-Type", "application/json.*", "application/json;charset=UTF-8")
                .body(newJsonBody(body -> body.array("job_ids", ids -> ids.numberValue(140).numberValue(999))).build())
                .willRespondWith()
                .status(200)
                .body(newJsonArray(outcomes -> {
                    outcome(outcomes, true, "The job is successfully deleted.");
                    outcome(outcomes, false, "Job 999 does not exist.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "batchDeleteOfJobs")
    void aBatchDeleteGoesToDlisBatchDelete(MockServer dli) {
        try (DliJobBackend adapter = adapter(dli)) {
            Map<JobId, JobOutcome> outcomes = adapter.delete(PROJECT, List.of(JobId.of(140), JobId.of(999)),
                    deadline());
            assertThat(outcomes.get(JobId.of(140))).isEqualTo(new JobOutcome.Delivered(JobOperation.DELETE, JobId.of(140)));
            assertThat(outcomes.get(JobId.of(999))).isInstanceOf(JobOutcome.BackendRefused.class);
        }
    }

    // ---------------------------------------------------------------------------- issue 29: checks and insight

    @Pact(consumer = "dlirun")
    RequestResponsePact checkOfAJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 131, cancelled, with a savepoint")
                .uponReceiving("a check (gen-graph) of a job's own SQL")
                .method("POST")
                .path("/v3/" + PROJECT + "/streaming/jobs/131/gen-graph")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("graph_type", "simple_graph")).build()))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.stringType("message", "");
                    body.stringType("stream_graph", "{\"nodes\":[]}");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "checkOfAJob")
    void aCheckThatPlansAnswersDlisGraph(MockServer dli) {
        GraphVerdict verdict = adapter(dli).graph(PROJECT, JobId.of(131), GraphCheck.of(GraphType.SIMPLE_GRAPH), deadline());

        assertThat(verdict).isInstanceOfSatisfying(GraphVerdict.Planned.class,
                planned -> assertThat(planned.graph()).isNotBlank());
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact executionGraphOfARunningJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
                .uponReceiving("the execution graph of a running job")
                .method("GET")
                .path(JOBS + "140/execute-graph"))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringValue("is_success", "true");
                    body.object("execute_graph", graph -> {
                        graph.stringType("jid", "0000000000000000000000000000008c");
                        graph.stringType("name", "orders-enrich");
                        graph.booleanType("isStoppable", false);
                        graph.stringValue("state", "RUNNING");
                        graph.numberType("start-time", 1_700_000_000_000L);
                        graph.numberType("end-time", -1);
                        graph.numberType("duration", 1_000);
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "executionGraphOfARunningJob")
    void theExecutionGraphOfARunningJobSaysItRuns(MockServer dli) {
        ExecutionGraph graph = adapter(dli).executionGraph(PROJECT, JobId.of(140), deadline());

        assertThat(graph.state()).isEqualTo("RUNNING");
        assertThat(graph.runId()).isNotBlank();
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact metricsOfARunningJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
                .uponReceiving("the metrics of a running job")
                .method("POST")
                .path(JOBS + "metrics")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.array("job_ids", ids -> ids.numberValue(140))).build()))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.object("metrics", metrics -> metrics.array("jobs", jobs -> jobs.object(job -> {
                        job.numberValue("job_id", 140);
                        job.object("metrics", numbers -> {
                            numbers.eachLike("sources", source -> {
                                source.stringType("name", "Source: orders");
                                source.numberType("records", 1400);
                            });
                            numbers.eachLike("sinks", sink -> {
                                sink.stringType("name", "Sink: enriched");
                                sink.numberType("records", 1400);
                            });
                            numbers.numberType("total_read_rate", 100);
                            numbers.numberType("total_write_rate", 100);
                        });
                    })));
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "metricsOfARunningJob")
    void theMetricsOfARunningJobAreRead(MockServer dli) {
        Map<JobId, JobMetrics> metrics = adapter(dli).metrics(PROJECT, List.of(JobId.of(140)), deadline());

        assertThat(metrics.get(JobId.of(140)).run()).hasValueSatisfying(run -> {
            assertThat(run.sources()).singleElement().satisfies(count -> assertThat(count.records()).isEqualTo(1400));
            assertThat(run.sinks()).hasSize(1);
        });
    }

    // ---------------------------------------------------------------------------- issue 29: templates

    private static final String TEMPLATES = "/v1.0/" + PROJECT + "/streaming/job-templates";

    @Pact(consumer = "dlirun")
    RequestResponsePact createTemplate(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds no template")
                .uponReceiving("a create of a Flink SQL job template")
                .method("POST")
                .path(TEMPLATES)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("name", "clicks-template");
                    body.stringValue("desc", "Counts clicks per user");
                    body.stringValue("sql_body", "SELECT 1");
                    body.stringValue("job_type", "flink_opensource_sql_job");
                    body.array("tags", tags -> tags.object(tag -> {
                        tag.stringValue("key", "team");
                        tag.stringValue("value", "ads");
                    }));
                }).build()))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.object("template", template -> {
                        template.integerType("template_id", 12);
                        template.stringValue("name", "clicks-template");
                        template.numberType("create_time", 1_763_942_400_000L);
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "createTemplate")
    void aTemplateIsCreatedWithTheIdDliGaveIt(MockServer dli) {
        JobTemplate created = adapter(dli).create(PROJECT, new NewTemplate("clicks-template", "Counts clicks per user",
                "SELECT 1", JobType.FLINK_OPENSOURCE_SQL_JOB, List.of(new JobTag("team", "ads"))), deadline());

        assertThat(created.id().value()).isPositive();
        assertThat(created.name()).isEqualTo("clicks-template");
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact listTemplates(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds template 12, clicks-template")
                .uponReceiving("a list of the templates, oldest first")
                .method("GET")
                .path(TEMPLATES)
                .query("offset=0&limit=10&order=asc"))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.booleanValue("is_success", true);
                    body.object("template_list", list -> {
                        list.integerType("total_count", 1);
                        list.eachLike("templates", template -> {
                            template.integerType("template_id", 12);
                            template.stringType("name", "clicks-template");
                            template.stringType("sql_body", "SELECT 1");
                            template.stringValue("job_type", "flink_opensource_sql_job");
                            template.numberType("create_time", 1_763_942_400_000L);
                            template.numberType("update_time", 1_763_942_400_000L);
                        });
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "listTemplates")
    void theTemplatesAreReadWithTheirSql(MockServer dli) {
        TemplatePage page = adapter(dli).list(new TemplateQuery(PROJECT, Optional.empty(), Optional.empty(), true, 10, 0),
                deadline());

        assertThat(page.totalCount()).isEqualTo(1);
        assertThat(page.templates()).singleElement().satisfies(template -> {
            assertThat(template.sqlBody()).isEqualTo("SELECT 1");
            assertThat(template.jobType()).isEqualTo(JobType.FLINK_OPENSOURCE_SQL_JOB);
        });
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact updateTemplate(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds template 12, clicks-template")
                .uponReceiving("an update of a template's description")
                .method("PUT")
                .path(TEMPLATES + "/12")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> body.stringValue("desc", "Counts clicks per user and minute")).build()))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> body.booleanValue("is_success", true)).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "updateTemplate")
    void aTemplateIsUpdatedWithOnlyItsChanges(MockServer dli) {
        adapter(dli).update(PROJECT, TemplateId.of(12), new TemplateChanges(Optional.empty(),
                Optional.of("Counts clicks per user and minute"), Optional.empty()), deadline());
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact deleteMissingTemplate(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds no template")
                .uponReceiving("a delete of a template that does not exist")
                .method("DELETE")
                .path(TEMPLATES + "/999"))
                .willRespondWith()
                .status(400)
                .body(newJsonBody(body -> {
                    body.stringValue("error_code", "DLI.16001");
                    body.stringType("error_msg", "The template does not exist.");
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "deleteMissingTemplate")
    void aTemplateDliDoesNotHoldIsNotFound(MockServer dli) {
        assertThatThrownBy(() -> adapter(dli).delete(PROJECT, TemplateId.of(999), deadline()))
                .isInstanceOf(TemplateNotFoundException.class);
    }

    // ---------------------------------------------------------------------------- issue 29: export and import

    @Pact(consumer = "dlirun")
    RequestResponsePact exportAJob(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
                .uponReceiving("an export of a job to OBS")
                .method("POST")
                .path(JOBS + "export")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("obs_dir", "dlirun-demo/exports");
                    body.booleanValue("is_selected", true);
                    body.array("job_selected", ids -> ids.numberValue(140));
                }).build()))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringMatcher("is_success", "true", "true");
                    body.eachLike("zip_file", PactDslJsonRootValue.stringType("dlirun-demo/exports/jobs_1763942400000.zip"));
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "exportAJob")
    void anExportAnswersTheFilesDliWrote(MockServer dli) {
        List<String> files = adapter(dli).export(new ExportRequest(PROJECT, "dlirun-demo/exports",
                Optional.of(List.of(JobId.of(140)))), deadline());

        assertThat(files).singleElement().asString().isNotBlank();
    }

    @Pact(consumer = "dlirun")
    RequestResponsePact importAFile(PactDslWithProvider builder) {
        return signedRequest(builder
                .given("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running, and an export of it")
                .uponReceiving("an import of an export file, covering jobs of the same name")
                .method("POST")
                .path(JOBS + "import")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(newJsonBody(body -> {
                    body.stringValue("zip_file", "dlirun-demo/exports/jobs_1763942400000.zip");
                    body.booleanValue("is_cover", true);
                }).build()))
                .willRespondWith()
                .status(200)
                .body(newJsonBody(body -> {
                    body.stringMatcher("is_success", "true", "true");
                    body.eachLike("job_mapping", job -> {
                        job.numberValue("old_job_id", 140);
                        job.integerType("new_job_id", 140);
                        job.stringType("remark", "Job successfully updated.");
                    });
                }).build())
                .toPact();
    }

    @Test
    @PactTestFor(pactMethod = "importAFile")
    void anImportAnswersWhatBecameOfEachJob(MockServer dli) {
        List<ImportedJob> mapping = adapter(dli).importJobs(new ImportRequest(PROJECT,
                "dlirun-demo/exports/jobs_1763942400000.zip", true), deadline());

        assertThat(mapping).singleElement().satisfies(job -> assertThat(job.oldJobId()).isEqualTo(140));
    }
}
