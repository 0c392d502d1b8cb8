package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.rest.server.RestApplication;
import dev.dlirun.adapters.rest.server.RestServer;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.domain.port.in.CheckReadiness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real embedded server on a free loopback port, on the fake use case, and a default
 * {@link HttpClient} to call it (which offers an HTTP/2 upgrade on every request, as callers' clients do).
 */
public final class RestServerHarness implements AutoCloseable {

    static final String RUN_PATH = "/v1.0/p1/streaming/jobs/run";
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeBatchRun useCase = new FakeBatchRun();
    final FakeShowJob showJob = new FakeShowJob();
    final FakeBatchStop stop = new FakeBatchStop();
    final FakeSavepoints savepoints = new FakeSavepoints();
    final FakeAwait await = new FakeAwait();
    final FakeDefinitions definitions = new FakeDefinitions();
    final FakeTemplates templates = new FakeTemplates();
    final FakeTransfers transfers = new FakeTransfers();
    final FakeInspect inspect = new FakeInspect();
    final FakeJobLog logs = new FakeJobLog();
    final FakeChecks checks = new FakeChecks();
    final FakeVersions versions = new FakeVersions();
    final FakeUpgrades upgrades = new FakeUpgrades();
    private final RestServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    RestServerHarness() {
        this(RestSettings.defaults());
    }

    RestServerHarness(RestSettings settings) {
        this(settings, CheckReadiness.Readiness::up, Telemetry.inMemory());
    }

    RestServerHarness(RestSettings settings, CheckReadiness readiness, Telemetry telemetry) {
        server = RestServer.start("127.0.0.1", 0,
                RestApplication.create(new JobUseCases(useCase, stop, showJob, savepoints, await, definitions, templates,
                        transfers, inspect, logs, checks, checks, versions, upgrades), readiness,
                        telemetry, settings), settings);
    }

    int port() {
        return server.address().getPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    HttpRequest.Builder request(String path) {
        // A generous guard against a hang, not a performance assertion.
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    Answer postJson(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    java.util.concurrent.CompletableFuture<Answer> sendAsync(HttpRequest.Builder request) {
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(Answer::new);
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
    }

    public record Answer(HttpResponse<String> response) {
        public int status() {
            return response.statusCode();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return response.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }
    }
}
