package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The whole service, wired as main() wires it, on a free loopback port; and a plain HTTP client for it. */
final class RunningService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final DliRunServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    RunningService(ServerConfig config) {
        this.server = DliRunServer.start(config, Clock.systemUTC());
    }

    /**
     * Jobs in the statuses the API page's examples need (startable ones with savepoints, one without, one of another
     * project), for the tests of the API around the runs: {@code jobs/api-examples.json}.
     */
    static Path apiExamples() {
        try {
            return Path.of(RunningService.class.getResource("/jobs/api-examples.json").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The API examples' jobs on simulated runs that stay {@code job_submitting} through any test. */
    static ServerConfig simulatedApiExamples() {
        return ServerConfig.simulated(0).withJobsFile(apiExamples()).withLaunchDelay(Duration.ofMinutes(10));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.address().getPort();
    }

    record Answer(int status, JsonNode json) {
    }

    Answer run(String projectId, String body) {
        return post(projectId, "run", body);
    }

    Answer stop(String projectId, String body) {
        return post(projectId, "stop", body);
    }

    /** A POST to {@code .../streaming/jobs/<path>}. */
    Answer post(String projectId, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1.0/" + projectId + "/streaming/jobs/"
                        + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return exchange(request);
    }

    /** A request of {@code method} to {@code path}, with a JSON body (or none). */
    Answer send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return exchange(request);
    }

    private Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** The job's {@code job_detail}, as a caller reads it. */
    JsonNode detail(String projectId, long id) {
        Answer answer = get("/v1.0/" + projectId + "/streaming/jobs/" + id);
        if (answer.status() != 200) {
            throw new AssertionError("job " + id + " of " + projectId + " answered " + answer.status() + ": " + answer.json());
        }
        return answer.json().get("job_detail");
    }

    /** Follows the job's detail, as a caller would, until it shows {@code status}; answers that detail. */
    JsonNode awaitStatus(String projectId, long id, String status, Duration timeout) throws InterruptedException {
        return awaitStatus(projectId, id, status, timeout, Duration.ofMillis(100));
    }

    /** As {@link #awaitStatus(String, long, String, Duration)}, asking every {@code poll}. */
    JsonNode awaitStatus(String projectId, long id, String status, Duration timeout, Duration poll)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode detail = detail(projectId, id);
        while (!detail.get("status").asText().equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " of " + projectId + " did not reach " + status + " in "
                        + timeout + "; it is " + detail);
            }
            Thread.sleep(poll.toMillis());
            detail = detail(projectId, id);
        }
        return detail;
    }

    LocalJob job(String projectId, long id) {
        return LocalServers.catalogue(server).find(ProjectId.of(projectId), JobId.of(id)).orElseThrow();
    }

    @Override
    public void close() {
        server.close();
    }
}
