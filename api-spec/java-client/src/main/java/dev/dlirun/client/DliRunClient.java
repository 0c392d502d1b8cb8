package dev.dlirun.client;

import dev.dlirun.client.api.StreamingJobsApi;
import dev.dlirun.client.invoker.ApiClient;
import dev.dlirun.client.model.FlinkSuccessResponse;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Makes a {@link StreamingJobsApi} (generated from the service's spec) with safe defaults: a 5 s connect timeout,
 * a 30 s read timeout, up to 64 connections kept open for reuse (so up to 64 threads can call at once), no
 * automatic retries (a batch run is not idempotent: the caller decides), no redirects followed, and, when asked,
 * every request signed with AK/SK or carrying an IAM token. A client is safe to share between threads.
 *
 * <pre>{@code
 * StreamingJobsApi api = DliRunClient.at(URI.create("http://127.0.0.1:8080")).build();
 * List<FlinkSuccessResponse> outcomes = api.batchRunFlinkJobs("demo",
 *         new BatchRunFlinkJobsRequest().jobIds(List.of(131L, 130L)).resumeSavepoint(true), null);
 * // Or answered once the jobs run (or failed), at most 30 s later, each outcome saying its job's status:
 * outcomes = api.batchRunFlinkJobs("demo", new BatchRunFlinkJobsRequest().jobIds(List.of(131L)),
 *         DliRunClient.waitAtMost(Duration.ofSeconds(30)));
 * }</pre>
 */
public final class DliRunClient {

    /** How long to wait for a connection, unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for an answer, unless told otherwise. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** How many connections a client keeps, unless told otherwise: as many calls can be in flight at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    /** A pooled connection idle this long is checked before reuse, in case the server has closed it meanwhile. */
    private static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(1);

    private DliRunClient() {
    }

    /** A client of the service at {@code baseUri}, e.g. {@code http://127.0.0.1:8080}. */
    public static Builder at(URI baseUri) {
        return new Builder(baseUri);
    }

    /**
     * The {@code Prefer} header value that asks a run or a stop to answer once its jobs have settled, or after
     * {@code most} (whole seconds; the server may cap it): pass it as the {@code prefer} argument. {@code null} there
     * answers at once, as DLI does.
     */
    public static String waitAtMost(Duration most) {
        if (most == null || most.isNegative()) {
            throw new IllegalArgumentException("a wait must not be negative");
        }
        return "wait=" + most.toSeconds();
    }

    /** Whether an outcome says its job's submission was delivered ({@code is_success} is {@code "true"}). */
    public static boolean delivered(FlinkSuccessResponse outcome) {
        return outcome.getIsSuccess() == FlinkSuccessResponse.IsSuccessEnum.TRUE;
    }

    public static final class Builder {
        private final URI baseUri;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private RequestSigner signer = RequestSigner.NONE;

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout);
            return this;
        }

        /** How many calls can be in flight at once (one connection each); more wait for a free connection. */
        public Builder maxConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("a client needs at least one connection");
            }
            this.maxConnections = connections;
            return this;
        }

        /** Signs every request with {@code SDK-HMAC-SHA256}, as Huawei Cloud's SDKs do. */
        public Builder accessKey(String accessKey, String secretKey) {
            this.signer = RequestSigner.akSk(accessKey, secretKey, Clock.systemUTC());
            return this;
        }

        /** Sends {@code X-Auth-Token} with every request. */
        public Builder token(String token) {
            this.signer = RequestSigner.token(token);
            return this;
        }

        public StreamingJobsApi build() {
            HttpClientBuilder http = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setDefaultConnectionConfig(ConnectionConfig.custom()
                                    .setConnectTimeout(Timeout.of(connectTimeout))
                                    .setSocketTimeout(Timeout.of(readTimeout))
                                    .setValidateAfterInactivity(CHECK_AFTER_IDLE)
                                    .build())
                            .setMaxConnTotal(maxConnections)
                            .setMaxConnPerRoute(maxConnections)
                            .build())
                    .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build())
                    .disableAutomaticRetries()
                    .disableRedirectHandling()
                    .disableCookieManagement();
            if (signer != RequestSigner.NONE) {
                http.addRequestInterceptorLast(new SigningInterceptor(signer));
            }
            ApiClient client = new ApiClient(http.build());
            client.setBasePath(baseUri.toString().replaceAll("/+$", ""));
            return new StreamingJobsApi(client);
        }

        private static Duration positive(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive");
            }
            return timeout;
        }
    }
}
