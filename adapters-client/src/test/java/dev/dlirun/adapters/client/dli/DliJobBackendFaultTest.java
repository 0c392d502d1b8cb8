package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static dev.dlirun.adapters.client.dli.FakeDli.Fault;
import static dev.dlirun.adapters.client.dli.FakeDli.Route.DETAIL;
import static dev.dlirun.adapters.client.dli.FakeDli.Route.RUN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DLI adapter against a DLI that is slow, throttles, fails, or answers nonsense. */
class DliJobBackendFaultTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(131);
    private static final DliCredentials CREDENTIALS = new DliCredentials.AkSk("AK-TEST", "SK-TEST");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private FakeDli dli() {
        FakeDli dli = FakeDli.start().withJob(PROJECT, 131, JobStatus.JOB_CANCEL_SUCCESS, true)
                .requiring(OfficialSigner.verifies("AK-TEST", "SK-TEST"));
        toClose.add(dli);
        return dli;
    }

    private DliJobBackend adapter(URI endpoint) {
        return adapter(DliSettings.defaults(endpoint, CREDENTIALS)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(50)));
    }

    private DliJobBackend adapter(DliSettings settings) {
        DliJobBackend adapter = new DliJobBackend(settings, Clock.systemUTC());
        toClose.add(adapter);
        return adapter;
    }

    private static Deadline seconds(long n) {
        return Deadline.after(Duration.ofSeconds(n));
    }

    private static JobLookupResult lookUp(DliJobBackend adapter, Deadline deadline) {
        return adapter.findJobs(PROJECT, List.of(ID), deadline).get(ID);
    }

    private static JobOutcome run(DliJobBackend adapter, Deadline deadline) {
        return adapter.submit(PROJECT, List.of(new Job(PROJECT, ID, JobStatus.JOB_CANCEL_SUCCESS, true)),
                StartMode.FRESH, deadline).get(ID);
    }

    // ---------------------------------------------------------------------------------------------- lookups

    @Test
    void aThrottledLookupWaitsTheRetryAfterAndThenSucceeds() {
        FakeDli dli = dli().failNext(DETAIL, Fault.status(429, "{\"error_code\":\"APIGW.0308\",\"error_msg\":\"throttled\"}")
                .withHeader("Retry-After", "1"));

        JobLookupResult result = lookUp(adapter(dli.endpoint()), seconds(10));

        assertThat(result).isInstanceOf(JobLookupResult.Found.class);
        var calls = dli.received();
        assertThat(calls).hasSize(2);
        assertThat(Duration.ofNanos(calls.get(1).atNanos() - calls.get(0).atNanos())).isGreaterThan(Duration.ofMillis(900));
    }

    @Test
    void aLookupAnswered503IsRetriedUntilItSucceeds() {
        FakeDli dli = dli().failNext(DETAIL, Fault.status(503, "{}"), Fault.status(502, "{}"));

        assertThat(lookUp(adapter(dli.endpoint()), seconds(10))).isInstanceOf(JobLookupResult.Found.class);
        assertThat(dli.calls(DETAIL)).isEqualTo(3);
    }

    @Test
    void aLookupThatKeepsFailingGivesUpAfterTheConfiguredAttempts() {
        Fault unavailable = Fault.status(503, "{}");
        FakeDli dli = dli().failNext(DETAIL, unavailable, unavailable, unavailable, unavailable, unavailable);

        assertThat(lookUp(adapter(dli.endpoint()), seconds(10)))
                .isEqualTo(new JobLookupResult.Unavailable("DLI answered HTTP 503"));
        assertThat(dli.calls(DETAIL)).isEqualTo(4);
    }

    @Test
    void aDroppedConnectionDuringALookupIsRetried() {
        FakeDli dli = dli().failNext(DETAIL, Fault.dropConnection());

        assertThat(lookUp(adapter(dli.endpoint()), seconds(10))).isInstanceOf(JobLookupResult.Found.class);
        assertThat(dli.calls(DETAIL)).isEqualTo(2);
    }

    @Test
    void lookupsSlowerThanTheDeadlineAnswerUnavailableByTheDeadline() {
        FakeDli dli = dli().answeringAfter(Duration.ofSeconds(3));
        List<JobId> ids = LongStream.rangeClosed(1, 5).mapToObj(JobId::of).toList();

        long start = System.nanoTime();
        var results = adapter(dli.endpoint()).findJobs(PROJECT, ids, Deadline.after(Duration.ofMillis(300)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(results).hasSize(5).allSatisfy((id, result) ->
                assertThat(result).isInstanceOf(JobLookupResult.Unavailable.class));
        // A generous bound: the point is that the answer does not wait for DLI's 3 s.
        assertThat(took).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void malformedJsonOrAWrongContentTypeMakeALookupUnavailableWithoutRetrying() {
        FakeDli dli = dli().failNext(DETAIL, Fault.status(200, "{\"is_success\": \"true\", \"job_detail\": {"),
                new Fault(200, Map.of("Content-Type", "text/html"), "<html>gateway</html>", Duration.ZERO, false));
        DliJobBackend adapter = adapter(dli.endpoint());

        assertThat(lookUp(adapter, seconds(10))).isInstanceOf(JobLookupResult.Unavailable.class);
        assertThat(lookUp(adapter, seconds(10))).isInstanceOf(JobLookupResult.Unavailable.class);
        assertThat(dli.calls(DETAIL)).isEqualTo(2);
    }

    @Test
    void aJobInAStatusThisServiceDoesNotKnowIsRefusedWithTheReason() {
        FakeDli dli = dli().failNext(DETAIL, Fault.status(200,
                "{\"is_success\":\"true\",\"job_detail\":{\"job_id\":131,\"status\":\"job_teleporting\"}}"));

        assertThat(lookUp(adapter(dli.endpoint()), seconds(10))).isEqualTo(
                new JobLookupResult.Refused("DLI reports job 131 in a status this service does not know."));
    }

    @Test
    void otherDliErrorsOfALookupAreRefusalsWithDlisCodeAndMessage() {
        FakeDli dli = dli().failNext(DETAIL, Fault.status(400, "{\"error_code\":\"DLI.0003\",\"error_msg\":\"Permission denied.\"}"));

        assertThat(lookUp(adapter(dli.endpoint()), seconds(10)))
                .isEqualTo(new JobLookupResult.Refused("DLI.0003: Permission denied."));
    }

    @Test
    void dliRefusingOurCredentialsFailsTheLookupForTheOperator() {
        FakeDli dli = dli();
        DliJobBackend wrongSecret = adapter(DliSettings.defaults(dli.endpoint(), new DliCredentials.AkSk("AK-TEST", "WRONG")));

        assertThatThrownBy(() -> lookUp(wrongSecret, seconds(10))).isInstanceOf(BackendCredentialsRejectedException.class);
        assertThatThrownBy(() -> wrongSecret.findJob(PROJECT, ID, seconds(10)))
                .isInstanceOf(BackendCredentialsRejectedException.class);
    }

    @Test
    void aDliThatRefusesConnectionsLeavesEveryLookupUnavailable() throws IOException {
        DliJobBackend adapter = adapter(URI.create("http://127.0.0.1:" + freePort()));

        assertThat(adapter.findJobs(PROJECT, List.of(ID, JobId.of(2)), seconds(10)).values())
                .allMatch(r -> r instanceof JobLookupResult.Unavailable);
        assertThatThrownBy(() -> adapter.findJob(PROJECT, ID, seconds(10))).isInstanceOf(BackendUnavailableException.class);
    }

    // ---------------------------------------------------------------------------------------------- batch runs

    @Test
    void aBatchRunAnswered503IsNotRetriedAndItsJobsAreUncertain() {
        FakeDli dli = dli().failNext(RUN, Fault.status(503, "{}"));

        JobOutcome outcome = run(adapter(dli.endpoint()), seconds(10));

        assertThat(outcome).isEqualTo(new JobOutcome.Uncertain(JobOperation.RUN, ID, "DLI answered HTTP 503"));
        assertThat(outcome.message()).contains("check its status");
        assertThat(dli.calls(RUN)).isEqualTo(1);
    }

    @Test
    void aBatchRunSlowerThanTheDeadlineIsUncertainByTheDeadlineAndNotRetried() {
        FakeDli dli = dli().failNext(RUN, Fault.status(200, "[{\"is_success\":\"true\"}]").after(Duration.ofSeconds(3)));

        long start = System.nanoTime();
        JobOutcome outcome = run(adapter(dli.endpoint()), Deadline.after(Duration.ofMillis(400)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome).isInstanceOf(JobOutcome.Uncertain.class);
        assertThat(took).isLessThan(Duration.ofMillis(2000));
        assertThat(dli.calls(RUN)).isEqualTo(1);
    }

    @Test
    void aBatchRunWhoseConnectionDropsIsUncertainAndNotRetried() {
        FakeDli dli = dli().failNext(RUN, Fault.dropConnection());

        assertThat(run(adapter(dli.endpoint()), seconds(10)))
                .isEqualTo(new JobOutcome.Uncertain(JobOperation.RUN, ID, "the connection to DLI failed"));
        assertThat(dli.calls(RUN)).isEqualTo(1);
    }

    @Test
    void aBatchRunThatNeverReachedDliIsRetriedAndDeliveredOnce() throws Exception {
        int port = freePort();
        DliJobBackend adapter = adapter(DliSettings.defaults(URI.create("http://127.0.0.1:" + port), CREDENTIALS)
                .withRetries(4, Duration.ofMillis(600), Duration.ofSeconds(1)));
        // DLI comes up while the adapter waits before its second attempt.
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(100);
                toClose.add(FakeDli.startOn(port).withJob(PROJECT, 131, JobStatus.JOB_CANCEL_SUCCESS, true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        later.start();

        JobOutcome outcome = run(adapter, seconds(10));
        later.join();

        assertThat(outcome).isEqualTo(new JobOutcome.Delivered(JobOperation.RUN, ID));
        FakeDli dli = (FakeDli) toClose.get(toClose.size() - 1);
        assertThat(dli.calls(RUN)).isEqualTo(1);
        assertThat(dli.timesStarted(PROJECT, 131)).isEqualTo(1);
    }

    @Test
    void aBatchRunToADliThatRefusesConnectionsSaysItsJobsWereNotStarted() throws IOException {
        JobOutcome outcome = run(adapter(URI.create("http://127.0.0.1:" + freePort())), seconds(10));

        assertThat(outcome).isEqualTo(new JobOutcome.BackendUnavailable(JobOperation.RUN, ID));
    }

    @Test
    void aThrottledBatchRunIsRefusedWithoutRetry() {
        FakeDli dli = dli().failNext(RUN, Fault.status(429, "{}").withHeader("Retry-After", "1"));

        JobOutcome outcome = run(adapter(dli.endpoint()), seconds(10));

        assertThat(outcome).isInstanceOf(JobOutcome.BackendRefused.class);
        assertThat(outcome.message()).contains("throttling").contains("Retry later");
        assertThat(dli.calls(RUN)).isEqualTo(1);
    }

    @Test
    void dlisErrorBodyBecomesTheReasonOfEachJob() {
        FakeDli dli = dli().failNext(RUN, Fault.status(400,
                "{\"error_code\":\"DLI.13024\",\"error_msg\":\"No job-running queue selected\"}"));

        assertThat(run(adapter(dli.endpoint()), seconds(10)))
                .isEqualTo(new JobOutcome.BackendRefused(ID, "DLI.13024: No job-running queue selected"));
    }

    @Test
    void dliRefusingOurCredentialsOnABatchRunRefusesItsJobsForTheOperator() {
        FakeDli dli = dli();
        DliJobBackend wrongSecret = adapter(DliSettings.defaults(dli.endpoint(), new DliCredentials.AkSk("AK-TEST", "WRONG")));

        assertThat(run(wrongSecret, seconds(10))).isEqualTo(new JobOutcome.BackendRefused(ID,
                "DLI refused this service's credentials; its operator must fix them."));
        assertThat(dli.statusOf(PROJECT, 131)).contains(JobStatus.JOB_CANCEL_SUCCESS);
    }

    @Test
    void isSuccessIsReadAsAStringOrABoolean() {
        FakeDli dli = dli().withBooleanIsSuccess().withJob(PROJECT, 140, JobStatus.JOB_RUNNING, true);
        DliJobBackend adapter = adapter(dli.endpoint());

        var outcomes = adapter.submit(PROJECT, List.of(new Job(PROJECT, ID, JobStatus.JOB_CANCEL_SUCCESS, true),
                new Job(PROJECT, JobId.of(140), JobStatus.JOB_INIT, true)), StartMode.FRESH, seconds(10));

        assertThat(outcomes.get(ID)).isEqualTo(new JobOutcome.Delivered(JobOperation.RUN, ID));
        assertThat(outcomes.get(JobId.of(140))).isInstanceOf(JobOutcome.BackendRefused.class);
    }

    @Test
    void aBatchRunAnswerThatCannotBeMatchedToItsJobsIsUncertain() {
        FakeDli dli = dli().failNext(RUN, Fault.status(200, "[{\"is_success\":"), Fault.status(200, "[]"),
                new Fault(200, Map.of("Content-Type", "text/plain"), "ok", Duration.ZERO, false));
        DliJobBackend adapter = adapter(dli.endpoint());

        for (int i = 0; i < 3; i++) {
            assertThat(run(adapter, seconds(10))).isInstanceOf(JobOutcome.Uncertain.class);
        }
        assertThat(dli.calls(RUN)).isEqualTo(3);
    }

    // ------------------------------------------------------------------------------------- shape of the calls

    @Test
    void aBigBatchIsSentInChunksAndEveryJobIsStartedOnce() {
        FakeDli dli = dli();
        List<Job> jobs = new ArrayList<>();
        for (long id = 1; id <= 250; id++) {
            dli.withJob(PROJECT, id, JobStatus.JOB_INIT, false);
            jobs.add(new Job(PROJECT, JobId.of(id), JobStatus.JOB_INIT, false));
        }

        var outcomes = adapter(DliSettings.defaults(dli.endpoint(), CREDENTIALS).withChunkSize(100))
                .submit(PROJECT, jobs, StartMode.FRESH, seconds(10));

        assertThat(outcomes).hasSize(250).allSatisfy((id, o) -> assertThat(o).isEqualTo(new JobOutcome.Delivered(JobOperation.RUN, id)));
        assertThat(dli.calls(RUN)).isEqualTo(3);
        assertThat(LongStream.rangeClosed(1, 250)).allSatisfy(id -> assertThat(dli.timesStarted(PROJECT, id)).isEqualTo(1));
    }

    @Test
    void callsToDliRunInParallelButNoMoreThanTheConfiguredConcurrency() {
        FakeDli dli = dli().answeringAfter(Duration.ofMillis(50));
        List<JobId> ids = LongStream.rangeClosed(1, 40).mapToObj(JobId::of).toList();

        adapter(DliSettings.defaults(dli.endpoint(), CREDENTIALS).withConcurrency(8)).findJobs(PROJECT, ids, seconds(10));

        assertThat(dli.mostCallsInFlight()).isBetween(2, 8);
        assertThat(dli.calls(DETAIL)).isEqualTo(40);
    }

    @Test
    void withATokenEveryCallCarriesItInsteadOfASignature() {
        FakeDli dli = dli().requiring(request -> "T0KEN".equals(request.header("X-Auth-Token")));

        assertThat(lookUp(adapter(DliSettings.defaults(dli.endpoint(), new DliCredentials.Token("T0KEN"))), seconds(10)))
                .isInstanceOf(JobLookupResult.Found.class);
        assertThat(dli.received()).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isNull();
            assertThat(r.header("X-Project-Id")).isEqualTo("p1");
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
