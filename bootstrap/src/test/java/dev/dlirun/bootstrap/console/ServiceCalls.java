package dev.dlirun.bootstrap.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's API called from the test, as a script would, with a token: to set the stage and to check the page. */
final class ServiceCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PackagedServer server;
    private final String token;

    ServiceCalls(PackagedServer server, String token) {
        this.server = server;
        this.token = token;
    }

    JsonNode call(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .timeout(Duration.ofSeconds(60)).header("X-Auth-Token", token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + " answered " + response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a SQL job and answers its id. */
    long createSqlJob(String project, String name, String sql, Map<String, Object> settings) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("sql_body", sql);
        settings.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
        return call("POST", "/v1.0/" + project + "/streaming/sql-jobs", body).path("job").path("job_id").asLong();
    }

    JsonNode detail(String project, long jobId) {
        return call("GET", "/v1.0/" + project + "/streaming/jobs/" + jobId, null).path("job_detail");
    }

    JsonNode run(String project, long... jobIds) {
        return call("POST", "/v1.0/" + project + "/streaming/jobs/run", Map.of("job_ids", jobIds));
    }
}
