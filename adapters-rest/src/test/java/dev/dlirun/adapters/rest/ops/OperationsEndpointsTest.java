package dev.dlirun.adapters.rest.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dlirun.adapters.rest.auth.AkSkAuthenticator;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.port.in.CheckReadiness;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Liveness, readiness, metrics, the served spec and the access log, on a real embedded server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsEndpointsTest {

    private static final String RUN = "/v1.0/p1/streaming/jobs/run";

    private final AtomicReference<CheckReadiness.Readiness> readiness = new AtomicReference<>(CheckReadiness.Readiness.up());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Callers must sign; operators' endpoints stay open.
    private final Harness server = new Harness(RestSettings.defaults().withAuthenticator(new AkSkAuthenticator(
            List.of(new AkSkAuthenticator.Credential("AK", "SK", Set.of("p1"))), Clock.systemUTC())),
            readiness::get, new Telemetry(registry, () -> "# metrics of the test\n"));

    /** The REST tests' harness, from its package. */
    private static final class Harness extends dev.dlirun.adapters.rest.TestHarnessAccess {
        Harness(RestSettings settings, CheckReadiness readiness, Telemetry telemetry) {
            super(settings, readiness, telemetry);
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void livenessIsUpWithoutCredentials() {
        var answer = server.get("/health/live");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(server.post(RUN, "{\"job_ids\": [1]}").status()).as("the API itself needs credentials").isEqualTo(401);
    }

    @Test
    void readinessFollowsTheBackend() {
        assertThat(server.get("/health/ready").status()).isEqualTo(200);

        readiness.set(CheckReadiness.Readiness.down("the backend cannot be reached: connection refused"));
        var down = server.get("/health/ready");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body()).isEqualTo(
                "{\"status\":\"DOWN\",\"problem\":\"the backend cannot be reached: connection refused\"}");

        readiness.set(CheckReadiness.Readiness.up());
        assertThat(server.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void metricsAreServedAsPrometheusText() {
        var answer = server.get("/metrics");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        assertThat(answer.body()).isEqualTo("# metrics of the test\n");
    }

    @Test
    void requestsAreTimedByRouteTemplateAndStatus() {
        server.post("/v1.0/p1/streaming/jobs/run", "{\"job_ids\": [1]}");
        server.get("/v1.0/p1/streaming/jobs/77");
        server.get("/nowhere");

        assertThat(registry.get("http.server.requests").tags("method", "POST", "status", "401",
                "route", "unmatched").timer().count()).isPositive();
        assertThat(registry.get("http.server.requests").tags("method", "GET", "status", "200", "route", "/health/live")
                .timers()).isNotNull();
        assertThat(registry.find("http.server.requests").tag("route", "/nowhere").timers())
                .as("raw paths never become tags").isEmpty();
    }

    @Test
    void methodsACallerMakesUpAreCountedAsOtherNotOneMeterEach() {
        for (String method : List.of("BREW1", "BREW2", "BREW3")) {
            server.send(method, "/health/live");
        }

        assertThat(registry.find("http.server.requests").tag("method", "BREW1").timers()).isEmpty();
        assertThat(registry.get("http.server.requests").tags("method", "other").timer().count()).isEqualTo(3);
    }

    @Test
    void jobOutcomesAreCountedByKindOnTheirOperationsCounter() {
        HttpMetrics metrics = new HttpMetrics(registry);
        JobId id = JobId.of(1);
        metrics.recordOutcomes(JobOperation.RUN, List.of(new JobOutcome.Delivered(JobOperation.RUN, id),
                new JobOutcome.Uncertain(JobOperation.RUN, id, "x"), new JobOutcome.Delivered(JobOperation.RUN, id)));
        metrics.recordOutcomes(JobOperation.STOP, List.of(new JobOutcome.Uncertain(JobOperation.STOP, id, "x")));

        assertThat(registry.get("dlirun.jobs.outcomes").tag("outcome", "submitted").counter().count()).isEqualTo(2);
        assertThat(registry.get("dlirun.jobs.outcomes").tag("outcome", "submission_uncertain").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("dlirun.stops.outcomes").tag("outcome", "stop_uncertain").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("dlirun.stops.outcomes").tag("outcome", "submitted").counters()).isEmpty();
        assertThatThrownBy(() -> metrics.recordOutcomes(JobOperation.DELETE, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSpecIsServedAsItWasBuilt() throws IOException {
        var answer = server.get("/openapi.yaml");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/yaml");
        assertThat(answer.body()).isEqualTo(Files.readString(
                Path.of("../api-spec/src/main/resources/openapi/dli-batch-run.yaml")));
    }

    @Test
    void eachRequestLeavesOneAccessLineWithoutHeadersOrBody() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger access = (Logger) LoggerFactory.getLogger("dlirun.access");
        access.addAppender(lines);
        try {
            server.post(RUN, "{\"job_ids\": [131, 130], \"secret_field\": \"s3cr3t\"}");
        } finally {
            access.detachAppender(lines);
        }

        ILoggingEvent line = lines.list.get(0);
        assertThat(lines.list).hasSize(1);
        assertThat(line.getFormattedMessage())
                .matches("POST /v1\\.0/p1/streaming/jobs/run 401 \\d+ms jobs=0")
                .doesNotContain("s3cr3t");
        assertThat(line.getMDCPropertyMap()).hasEntrySatisfying("request_id",
                id -> assertThat(id).matches("[0-9a-f]{32}"));
    }
}
