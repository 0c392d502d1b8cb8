package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.DliCredentials;
import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.dli.FakeDli;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators see of the running service: metrics that move, request ids that travel, readiness that follows DLI. */
class OperationsTest {

    private static final String SEED = "{\"job_ids\": [131, 130], \"resume_savepoint\": true}";

    private static HttpResponse<String> call(RunningService service, String path, String requestId, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsMoveWithRealRequests() throws Exception {
        try (RunningService service = new RunningService(RunningService.simulatedApiExamples())) {
            call(service, "/v1.0/demo/streaming/jobs/run", null, SEED);
            call(service, "/v1.0/demo/streaming/jobs/run", null, "{\"job_ids\": [131, 999]}");
            call(service, "/v1.0/demo/streaming/jobs/run", null, "{\"job_ids\": []}");
            call(service, "/v1.0/demo/streaming/jobs/stop", null, "{\"job_ids\": [131, 999]}");

            String metrics = call(service, "/metrics", null, null).body();

            assertThat(metrics)
                    .contains("dlirun_jobs_outcomes_total{outcome=\"submitted\"} 2.0")
                    .contains("dlirun_jobs_outcomes_total{outcome=\"not_startable\"} 1.0")
                    .contains("dlirun_jobs_outcomes_total{outcome=\"not_found\"} 1.0")
                    .contains("dlirun_stops_outcomes_total{outcome=\"delivered\"} 1.0")
                    .contains("dlirun_stops_outcomes_total{outcome=\"not_found\"} 1.0")
                    .contains("http_server_requests_seconds_count{method=\"POST\","
                            + "route=\"/v1.0/{project_id}/streaming/jobs/run\",status=\"200\"} 2")
                    .contains("http_server_requests_seconds_count{method=\"POST\","
                            + "route=\"/v1.0/{project_id}/streaming/jobs/run\",status=\"400\"} 1")
                    .contains("http_server_requests_seconds_bucket{")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void theRequestIdComesBackAndReachesDli() throws Exception {
        try (FakeDli dli = FakeDli.start().withJob(ProjectId.of("p1"), 131, JobStatus.JOB_INIT, false);
             RunningService service = new RunningService(ServerConfig.simulated(0)
                     .withDli(DliSettings.defaults(dli.endpoint(), new DliCredentials.AkSk("AK", "SK"))))) {
            var answer = call(service, "/v1.0/p1/streaming/jobs/run", "trace-abc.123", "{\"job_ids\": [131]}");

            assertThat(answer.headers().firstValue("X-Request-Id")).contains("trace-abc.123");
            assertThat(dli.received()).hasSize(2)
                    .allSatisfy(request -> assertThat(request.header("X-Request-Id")).isEqualTo("trace-abc.123"));
            assertThat(call(service, "/metrics", null, null).body())
                    .contains("dlirun_backend_calls_seconds_count{operation=\"lookup\",outcome=\"200\"} 1")
                    .contains("dlirun_backend_calls_seconds_count{operation=\"run\",outcome=\"200\"} 1");
        }
    }

    @Test
    void readinessTurnsFalseWhenDliIsDownAndTrueWhenItReturns() throws Exception {
        FakeDli dli = FakeDli.start();
        int port = dli.endpoint().getPort();
        try (RunningService service = new RunningService(ServerConfig.simulated(0).withReadinessCache(Duration.ZERO)
                .withDli(DliSettings.defaults(dli.endpoint(), new DliCredentials.AkSk("AK", "SK"))))) {
            // Ready once the DLI client's start-up warm-up has ended.
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (call(service, "/health/ready", null, null).statusCode() != 200) {
                assertThat(System.nanoTime()).as("ready within 30 s").isLessThan(until);
                Thread.sleep(20);
            }

            dli.close();
            var down = call(service, "/health/ready", null, null);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"", "the backend cannot be reached");
            assertThat(call(service, "/health/live", null, null).statusCode()).as("still alive").isEqualTo(200);

            dli = FakeDli.startOn(port);
            assertThat(call(service, "/health/ready", null, null).statusCode()).isEqualTo(200);
        } finally {
            dli.close();
        }
    }
}
