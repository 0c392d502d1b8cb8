package dev.dlirun.bootstrap;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Java client's pact (written by {@code JavaClientConsumerPactTest} in api-spec/java-client) replayed against
 * the real server: real wiring, the local engine as backend, a fresh server per interaction whose catalogue the
 * interaction's provider state fills. Any drift of the server from what the client relies on fails the build, and
 * so does finding no pact to verify (pact-jvm's default; {@code ProviderPactFileTest} checks it too).
 */
@Provider("dlirun")
@PactFolder(ProviderPactTest.PACTS)
class ProviderPactTest {

    static final String PACTS = "../api-spec/java-client/target/pacts";
    private static final ProjectId PROJECT = ProjectId.of("pact-demo");

    private DliRunServer server;

    @BeforeEach
    void startAnEmptyServer(PactVerificationContext context) throws IOException {
        Path noJobs = Files.createTempFile("no-jobs", ".json");
        Files.writeString(noJobs, "[]");
        server = DliRunServer.start(ServerConfig.simulated(0).withJobsFile(noJobs).withLaunchDelay(Duration.ZERO),
                Clock.systemUTC());
        Files.delete(noJobs);
        context.setTarget(new HttpTestTarget("127.0.0.1", server.address().getPort()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void theServerKeepsTheClientsPact(PactVerificationContext context) {
        context.verifyInteraction();
    }

    private void job(long id, JobStatus status, boolean hasSavepoint) {
        LocalServers.catalogue(server).addIfAbsent(LocalJob.created(PROJECT, JobId.of(id), JobDefinition.named("orders-enrich",
                JobType.FLINK_OPENSOURCE_SQL_JOB), status, hasSavepoint,
                hasSavepoint ? "obs://pact/savepoints/" + id : null, Instant.parse("2026-11-24T00:00:00Z")));
    }

    /** A job really run (on the simulated runtime), so that it can be stopped and take savepoints. */
    private void running(long id) throws Exception {
        job(id, JobStatus.JOB_INIT, false);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.address().getPort() + "/v1.0/pact-demo/streaming/jobs/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [" + id + "]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (!answer.body().contains("\"true\"")) {
            throw new IllegalStateException("job " + id + " was not run: " + answer.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (LocalServers.catalogue(server).find(PROJECT, JobId.of(id)).orElseThrow().status() != JobStatus.JOB_RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + id + " did not get running");
            }
            Thread.sleep(10);
        }
    }

    @State("project pact-demo holds job 140 running and job 141 never run")
    void aRunningJobAndANewOne() throws Exception {
        running(140);
        job(141, JobStatus.JOB_INIT, false);
    }

    @State("project pact-demo holds job 140 running")
    void aRunningJob() throws Exception {
        running(140);
    }

    @State("project pact-demo holds job 141 never run")
    void aNewJob() {
        job(141, JobStatus.JOB_INIT, false);
    }

    @State("project pact-demo holds jar job 150 never run")
    void aJarJob() {
        LocalServers.catalogue(server).addIfAbsent(LocalJob.created(PROJECT, JobId.of(150), JobDefinition.named("word-count",
                JobType.FLINK_JAR_JOB), JobStatus.JOB_INIT, false, null, Instant.parse("2026-11-24T00:00:00Z")));
    }

    @State("project pact-demo holds no job 999")
    void noJob() {
    }

    @State("project pact-demo holds jobs 131, 130, 138 and 137, all startable with savepoints")
    void fourStartableJobs() {
        job(131, JobStatus.JOB_CANCEL_SUCCESS, true);
        job(130, JobStatus.JOB_FINISH, true);
        job(138, JobStatus.JOB_SUBMIT_FAIL, true);
        job(137, JobStatus.JOB_IDLE, true);
    }

    @State("project pact-demo holds job 131 startable with a savepoint, job 140 running, "
            + "job 141 startable without a savepoint, and no job 999")
    void oneOfEachKind() {
        job(131, JobStatus.JOB_CANCEL_SUCCESS, true);
        job(140, JobStatus.JOB_RUNNING, true);
        job(141, JobStatus.JOB_INIT, false);
    }

    @State("project pact-demo holds job 141 startable without a savepoint")
    void aJobWithoutSavepoint() {
        job(141, JobStatus.JOB_INIT, false);
    }

    @State("project pact-demo holds job 131, finished, with a savepoint")
    void aFinishedJob() {
        job(131, JobStatus.JOB_FINISH, true);
    }

    // -------------------------------------------------------------------- templates and transfers, by the API

    private static final String TEMPLATE = "{\"name\": \"clicks-template\", \"desc\": \"Counts clicks per user\", "
            + "\"job_type\": \"flink_opensource_sql_job\", \"sql_body\": \"CREATE TABLE clicks (user_id INT) WITH "
            + "('connector' = 'datagen'); CREATE TABLE counts (user_id INT, n BIGINT) WITH ('connector' = 'blackhole'); "
            + "INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id;\"}";

    /** Sends a request to the server under test and insists on a 200 holding {@code expected}: a state that did not take fails loudly. */
    private String call(String method, String path, String body, String expected) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.address().getPort() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().contains(expected)) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    @State("project pact-demo holds no template")
    void noTemplate() {
    }

    @State("project pact-demo holds template 1, clicks-template")
    void aTemplate() throws Exception {
        call("POST", "/v1.0/pact-demo/streaming/job-templates", TEMPLATE, "\"template_id\":1,");
    }

    @State("project pact-other holds template 1 and project pact-demo holds none")
    void aTemplateOfAnotherProject() throws Exception {
        call("POST", "/v1.0/pact-other/streaming/job-templates", TEMPLATE, "\"template_id\":1,");
    }

    @State("project pact-demo holds an export of job 141 in obs://pact/exports, and job 141 is deleted")
    void anExportOfADeletedJob() throws Exception {
        job(141, JobStatus.JOB_INIT, false);
        call("POST", "/v1.0/pact-demo/streaming/jobs/export",
                "{\"obs_dir\": \"obs://pact/exports\", \"is_selected\": true, \"job_selected\": [141]}",
                "obs://pact/exports/jobs_");
        call("DELETE", "/v1.0/pact-demo/streaming/jobs/141", null, "\"is_success\":\"true\"");
    }
}
