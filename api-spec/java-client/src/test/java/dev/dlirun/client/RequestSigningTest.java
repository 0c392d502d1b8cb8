package dev.dlirun.client;

import com.sun.net.httpserver.HttpServer;
import dev.dlirun.api.signing.SdkHmacSha256;
import dev.dlirun.client.invoker.ApiException;
import dev.dlirun.client.model.BatchRunFlinkJobsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the client puts on the wire and how it uses connections: it signs what it sends (the server can recompute
 * the signature from what arrived), speaks plain HTTP/1.1 over plain HTTP, serves many threads at once, gives up
 * on a silent server after its read timeout, and never sends a batch run twice on its own.
 */
class RequestSigningTest {

    private record Arrived(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final AtomicReference<Arrived> arrived = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** What the server does with each request before it answers. */
    private volatile Runnable beforeAnswering = () -> { };
    private final HttpServer server = start();

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.setExecutor(Executors.newFixedThreadPool(CALLERS + 2));
            http.createContext("/", exchange -> {
                requests.incrementAndGet();
                arrived.set(new Arrived(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
                beforeAnswering.run();
                byte[] answer = "[{\"is_success\":\"true\",\"message\":\"ok\"}]".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final int CALLERS = 20;

    @AfterEach
    void stop() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void anAkSkClientSignsEachRequestOverItsBody() throws ApiException {
        var api = DliRunClient.at(base()).accessKey("AKCLIENT", "SKCLIENT").build();

        api.batchRunFlinkJobs("p1", new BatchRunFlinkJobsRequest().jobIds(List.of(131L)).resumeSavepoint(true), null);

        Arrived request = arrived.get();
        Matcher auth = Pattern.compile("SDK-HMAC-SHA256 Access=AKCLIENT, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})")
                .matcher(request.header("Authorization"));
        assertThat(auth.matches()).as(request.header("Authorization")).isTrue();
        assertThat(auth.group(1)).isEqualTo("content-type;host;x-sdk-date");
        Map<String, String> signed = Map.of("Host", request.header("Host"), "Content-Type", request.header("Content-Type"),
                "X-Sdk-Date", request.header("X-Sdk-Date"));
        String expected = SdkHmacSha256.signature(new SdkHmacSha256.Request(request.method(), request.path(), Map.of(),
                signed, request.body()), request.header("X-Sdk-Date"), "SKCLIENT");
        assertThat(auth.group(2)).isEqualTo(expected);
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"job_ids\":[131]");
    }

    @Test
    void aTokenClientSendsItsToken() throws ApiException {
        DliRunClient.at(base()).token("T0KEN").build().batchRunFlinkJobs("p1",
                new BatchRunFlinkJobsRequest().jobIds(List.of(1L)), null);

        assertThat(arrived.get().header("X-Auth-Token")).isEqualTo("T0KEN");
        assertThat(arrived.get().header("Authorization")).isNull();
    }

    @Test
    void aPlainClientSendsNoCredentials() throws ApiException {
        var outcomes = DliRunClient.at(base()).build().batchRunFlinkJobs("p1",
                new BatchRunFlinkJobsRequest().jobIds(List.of(1L)), null);

        assertThat(outcomes).singleElement().matches(DliRunClient::delivered);
        assertThat(arrived.get().header("Authorization")).isNull();
        assertThat(arrived.get().header("X-Auth-Token")).isNull();
    }

    @Test
    void overPlainHttpTheClientOffersNoUpgradeToHttp2() throws ApiException {
        DliRunClient.at(base()).build().batchRunFlinkJobs("p1", new BatchRunFlinkJobsRequest().jobIds(List.of(1L)), null);

        assertThat(arrived.get().header("Upgrade")).isNull();
        assertThat(arrived.get().header("HTTP2-Settings")).isNull();
    }

    @Test
    void manyThreadsCallAtOnceEachOnAConnectionOfItsOwn() throws Exception {
        // The server holds every request until all the callers' requests have arrived: a client that let fewer
        // calls than that through at once would never see an answer.
        CountDownLatch allArrived = new CountDownLatch(CALLERS);
        AtomicInteger answeredBeforeAllArrived = new AtomicInteger();
        beforeAnswering = () -> {
            allArrived.countDown();
            try {
                if (!allArrived.await(5, TimeUnit.SECONDS)) {
                    answeredBeforeAllArrived.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        var api = DliRunClient.at(base()).build();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                calls.add(callers.submit(() -> api.batchRunFlinkJobs("p1",
                        new BatchRunFlinkJobsRequest().jobIds(List.of(1L)), null).size()));
            }
            for (Future<Integer> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(answeredBeforeAllArrived).as("requests answered before all the callers' had arrived").hasValue(0);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aSilentServerIsGivenUpOnAfterTheReadTimeoutAndTheBatchIsNotSentAgain() {
        CountDownLatch release = new CountDownLatch(1);
        beforeAnswering = () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        var api = DliRunClient.at(base()).readTimeout(Duration.ofMillis(300)).build();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> api.batchRunFlinkJobs("p1", new BatchRunFlinkJobsRequest().jobIds(List.of(1L)), null))
                    .isInstanceOf(ApiException.class)
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
        }
        assertThat(requests.get()).as("requests that arrived").isEqualTo(1);
    }
}
