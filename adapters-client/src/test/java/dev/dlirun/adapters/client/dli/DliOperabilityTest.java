package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What an operator sees of the DLI adapter: readiness, request ids passed on to DLI, call metrics. */
class DliOperabilityTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final DliCredentials KEYS = new DliCredentials.AkSk("AK-TEST", "SK-TEST");

    private final FakeDli dli = FakeDli.start().withJob(PROJECT, 131, JobStatus.JOB_INIT, false)
            .requiring(OfficialSigner.verifies("AK-TEST", "SK-TEST"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        dli.close();
        MDC.clear();
    }

    private DliJobBackend adapter(DliSettings settings) {
        return new DliJobBackend(settings.withRetries(4, Duration.ofMillis(10), Duration.ofMillis(50)),
                Clock.systemUTC(), meters);
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    /**
     * The start-up warm-up rehearses batches (lookups, then runs in chunks of the settings' size) against canned
     * answers on loopback, and sends DLI nothing: the fake hears no call, and the adapter works as before afterwards.
     */
    @Test
    void theWarmUpRehearsesBatchesOnLoopbackSendsNothingToDliAndLeavesTheAdapterAsItWas() {
        try (DliJobBackend adapter = adapter(DliSettings.defaults(dli.endpoint(), KEYS).withChunkSize(40))) {
            int calls = adapter.warmUpNow(500);

            // Two batches of 250: 250 lookups each, then the 250 jobs found run in chunks of 40 (seven calls).
            assertThat(calls).isEqualTo(2 * (250 + 7));
            assertThat(dli.received()).isEmpty();
            assertThat(adapter.findJobs(PROJECT, List.of(JobId.of(131)), deadline())).containsKey(JobId.of(131));
            assertThat(dli.received()).hasSize(1);
        }
    }

    @Test
    void anInstanceIsNotReadyWhileItsStartUpWarmUpRunsAndIsOnceItEnded() throws Exception {
        try (DliJobBackend adapter = adapter(DliSettings.defaults(dli.endpoint(), KEYS).withProbeProject("p1"))) {
            adapter.warmUp();

            assertThatThrownBy(() -> adapter.probe(deadline())).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("warming up");
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    adapter.probe(deadline());
                    break;
                } catch (BackendUnavailableException e) {
                    assertThat(System.nanoTime()).as("ready within 30 s: " + e.getMessage()).isLessThan(until);
                    Thread.sleep(20);
                }
            }
            // The probe's own call is the only one DLI heard: the rehearsal went to loopback.
            assertThat(dli.received()).hasSize(1);
        }
    }

    @Test
    void theProbeSaysWhetherDliCanBeReachedAndAcceptsUs() throws IOException {
        try (DliJobBackend good = adapter(DliSettings.defaults(dli.endpoint(), KEYS).withProbeProject("p1"));
             DliJobBackend wrongKey = adapter(DliSettings.defaults(dli.endpoint(), new DliCredentials.AkSk("AK-TEST", "X"))
                     .withProbeProject("p1"));
             DliJobBackend nowhere = adapter(DliSettings.defaults(URI.create("http://127.0.0.1:" + freePort()), KEYS))) {
            assertThatCode(() -> good.probe(deadline())).doesNotThrowAnyException();
            assertThatThrownBy(() -> wrongKey.probe(deadline())).isInstanceOf(BackendCredentialsRejectedException.class);
            assertThatThrownBy(() -> nowhere.probe(deadline())).isInstanceOf(BackendUnavailableException.class);

            dli.failNext(FakeDli.Route.DETAIL, FakeDli.Fault.status(503, "{}"));
            assertThatThrownBy(() -> good.probe(deadline())).isInstanceOf(BackendUnavailableException.class)
                    .hasMessage("DLI answered HTTP 503");
        }
    }

    @Test
    void theInboundRequestIdReachesDliOnEveryCall() {
        MDC.put("request_id", "req-42");
        try (DliJobBackend adapter = adapter(DliSettings.defaults(dli.endpoint(), KEYS))) {
            var found = adapter.findJobs(PROJECT, List.of(JobId.of(131)), deadline());
            adapter.submit(PROJECT, List.of(new Job(PROJECT, JobId.of(131), JobStatus.JOB_INIT, false)), StartMode.FRESH,
                    deadline());

            assertThat(found).hasSize(1);
        }
        assertThat(dli.received()).hasSize(2).allSatisfy(r -> assertThat(r.header("X-Request-Id")).isEqualTo("req-42"));
    }

    @Test
    void callsAndRetriesAreCountedByOperationAndOutcome() {
        dli.failNext(FakeDli.Route.DETAIL, FakeDli.Fault.status(503, "{}"));
        try (DliJobBackend adapter = adapter(DliSettings.defaults(dli.endpoint(), KEYS))) {
            adapter.findJobs(PROJECT, List.of(JobId.of(131)), deadline());
            adapter.submit(PROJECT, List.of(new Job(PROJECT, JobId.of(131), JobStatus.JOB_INIT, false)), StartMode.FRESH,
                    deadline());
        }

        assertThat(meters.get("dlirun.backend.calls").tags("operation", "lookup", "outcome", "503").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("dlirun.backend.calls").tags("operation", "lookup", "outcome", "200").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("dlirun.backend.calls").tags("operation", "run", "outcome", "200").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("dlirun.backend.retries").tags("operation", "lookup").counter().count()).isEqualTo(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
