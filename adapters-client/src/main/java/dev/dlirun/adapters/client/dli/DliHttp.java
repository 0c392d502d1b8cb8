package dev.dlirun.adapters.client.dli;

import dev.dlirun.api.signing.SdkHmacSha256;
import dev.dlirun.domain.model.ProjectId;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One HTTP exchange with DLI: builds the request, authenticates it, sends it. No retries, no interpretation. */
final class DliHttp {

    /** The logging context key under which the inbound request's id travels; DLI gets it as X-Request-Id. */
    static final String REQUEST_ID = "request_id";

    /** What DLI answered. */
    record Answer(int status, java.net.http.HttpHeaders headers, byte[] body) {

        boolean isJson() {
            return headers.firstValue("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).contains("json")).orElse(false);
        }

        /** DLI's (or its gateway's) {@code Retry-After}: seconds, or an HTTP date. */
        Optional<Duration> retryAfter(Clock clock) {
            return headers.firstValue("Retry-After").flatMap(value -> {
                try {
                    return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
                } catch (NumberFormatException notSeconds) {
                    try {
                        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                        Duration wait = Duration.between(clock.instant(), at.toInstant());
                        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                    } catch (DateTimeParseException notADate) {
                        return Optional.empty();
                    }
                }
            });
        }
    }

    private final DliSettings settings;
    private final HttpClient client;
    private final Clock clock;
    private final String host;

    DliHttp(DliSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        URI endpoint = settings.endpoint();
        this.host = endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort());
        // HTTP/1.1 on purpose: one connection per call in flight, pooled, predictable behind any gateway.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param path    below the endpoint, e.g. {@code /v1.0/p1/streaming/jobs/run}
     * @param body    JSON to send, or {@code null} for none
     * @param timeout how long to wait for the answer
     */
    Answer exchange(String method, ProjectId project, String path, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request(method, project, path, body, timeout),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    /** The request {@link #exchange} sends: signed, with the inbound request's id. */
    HttpRequest request(String method, ProjectId project, String path, byte[] body, Duration timeout) {
        String rawPath = settings.endpoint().getRawPath() + path;
        byte[] payload = body == null ? new byte[0] : body;
        Map<String, String> signed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        signed.put("Host", host);
        signed.put("X-Project-Id", project.value());
        Map<String, String> auth = settings.credentials()
                .authenticate(new SdkHmacSha256.Request(method, rawPath, Map.of(), signed, payload), clock.instant());

        HttpRequest.Builder request = HttpRequest.newBuilder(settings.endpoint().resolve(rawPath))
                .timeout(timeout)
                .header("X-Project-Id", project.value())
                .header("Accept", "application/json")
                .header("User-Agent", "dlirun");
        auth.forEach(request::header);
        String requestId = MDC.get(REQUEST_ID);
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json;charset=UTF-8")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
        }
        return request.build();
    }
}
