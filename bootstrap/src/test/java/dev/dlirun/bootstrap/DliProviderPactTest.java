package dev.dlirun.bootstrap;

import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.RequestResponseInteraction;
import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import dev.dlirun.adapters.client.dli.FakeDli;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.regex.Pattern;

/**
 * The DLI client's pact (written by {@code DliConsumerPactTest} in adapters-client: what the service sends to DLI
 * and reads of its answers) replayed against {@link FakeDli}, the stateful stand-in for DLI the DLI adapter's tests
 * run on, so that the fake and the pact cannot drift apart: every interaction the fake models is verified, each
 * on a fresh fake whose jobs, templates and export files the interaction's provider state sets. Real DLI is not
 * reachable from a build; the fake is checked against DLI's documentation and the official SDK's models elsewhere.
 * An interaction the fake did not model would be reported as skipped, by name, rather than passed
 * ({@code DliPactFileTest} fails on one).
 */
@Provider("huawei-dli")
@PactFolder(DliProviderPactTest.PACTS)
class DliProviderPactTest {

    static final String PACTS = "../adapters-client/target/pacts";
    private static final ProjectId PROJECT = ProjectId.of("48cc2c48765f481480c7db940d6409d1");
    /** The requests the fake answers as DLI does; the others it answers 404. */
    private static final Pattern MODELLED = Pattern.compile("(GET /v1\\.0/[^/]+/streaming/jobs/\\d+(/execute-graph)?"
            + "|POST /v1\\.0/[^/]+/streaming/jobs/(run|stop|metrics|export|import|\\d+/savepoint|\\d+/import-savepoint)"
            + "|POST /v3/[^/]+/streaming/jobs/\\d+/gen-graph"
            + "|(GET|POST) /v1\\.0/[^/]+/streaming/job-templates|(PUT|DELETE) /v1\\.0/[^/]+/streaming/job-templates/\\d+"
            + "|GET /v1\\.0/[^/]+/streaming/jobs|POST /v1\\.0/[^/]+/streaming/(sql-jobs|flink-jobs|jobs/delete)"
            + "|PUT /v1\\.0/[^/]+/streaming/(sql-jobs|flink-jobs)/\\d+|DELETE /v1\\.0/[^/]+/streaming/jobs/\\d+)");

    private FakeDli dli;

    @BeforeEach
    void startAnEmptyDli(PactVerificationContext context) {
        dli = FakeDli.start();
        context.setTarget(new HttpTestTarget("127.0.0.1", dli.endpoint().getPort()));
    }

    @AfterEach
    void stop() {
        dli.close();
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void theFakeDliKeepsTheDliClientsPact(PactVerificationContext context) {
        Interaction interaction = context.getInteraction();
        var request = ((RequestResponseInteraction) interaction).getRequest();
        // A request the fake does not model fails here: verified against a 404, it would prove nothing.
        Assertions.assertTrue(modelled(request.getMethod(), request.getPath()),
                () -> "the fake DLI does not model " + request.getMethod() + " " + request.getPath() + " ("
                        + interaction.getDescription() + ")");
        context.verifyInteraction();
    }

    /** Whether the fake answers this request as DLI does (it answers the others 404). */
    static boolean modelled(String method, String path) {
        return MODELLED.matcher(method + " " + path).matches();
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds job 131, cancelled, with a savepoint")
    void aCancelledJob() {
        dli.withJob(PROJECT, 131, JobStatus.JOB_CANCEL_SUCCESS, true);
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds no job 999")
    void noJob() {
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds jobs 131 and 130, both startable with savepoints")
    void twoStartableJobs() {
        dli.withJob(PROJECT, 131, JobStatus.JOB_CANCEL_SUCCESS, true).withJob(PROJECT, 130, JobStatus.JOB_FINISH, true);
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds job 131, startable, and job 140, running")
    void aStartableAndARunningJob() {
        dli.withJob(PROJECT, 131, JobStatus.JOB_CANCEL_SUCCESS, true).withJob(PROJECT, 140, JobStatus.JOB_RUNNING, false);
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 has no queue to run Flink jobs on")
    void noQueue() {
        // The fake has no queues: DLI's refusal of a project without one is given as the fault it is.
        dli.failNext(FakeDli.Route.RUN, FakeDli.Fault.status(400,
                "{\"error_code\": \"DLI.13024\", \"error_msg\": \"No job-running queue selected\"}"));
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running")
    void aRunningJob() {
        dli.withJob(PROJECT, 140, JobStatus.JOB_RUNNING, false);
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running, and no job 999")
    void aRunningJobAndNoOther() {
        aRunningJob();
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds no job named clicks-per-user")
    void noJobNamedClicksPerUser() {
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds jar job 150, stopped")
    void aStoppedJarJob() {
        dli.withJob(PROJECT, 150, JobStatus.JOB_CANCEL_SUCCESS, false);
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds no template")
    void noTemplate() {
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds template 12, clicks-template")
    void aTemplate() {
        dli.withTemplate(PROJECT, 12, "clicks-template", "SELECT 1");
    }

    @State("project 48cc2c48765f481480c7db940d6409d1 holds job 140, running, and an export of it")
    void aRunningJobAndItsExport() {
        aRunningJob();
        dli.withExport(PROJECT, "dlirun-demo/exports/jobs_1763942400000.zip", 140);
    }
}
