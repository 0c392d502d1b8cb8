package dev.dlirun.client;

import dev.dlirun.client.api.StreamingJobsApi;
import dev.dlirun.client.invoker.ApiClient;
import dev.dlirun.client.model.FlinkSuccessResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Makes a {@link StreamingJobsApi} (generated from the service's spec) with safe defaults: a 5 s connect timeout,
 * a 30 s read timeout, and, when asked, every request signed with AK/SK or carrying an IAM token.
 *
 * <pre>{@code
 * StreamingJobsApi api = DliRunClient.at(URI.create("http://127.0.0.1:8080")).build();
 * List<FlinkSuccessResponse> outcomes = api.batchRunFlinkJobs("demo",
 *         new BatchRunFlinkJobsRequest().jobIds(List.of(131L, 130L)).resumeSavepoint(true));
 * }</pre>
 */
public final class DliRunClient {

    /** How long to wait for a connection, unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for an answer, unless told otherwise. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private DliRunClient() {
    }

    /** A client of the service at {@code baseUri}, e.g. {@code http://127.0.0.1:8080}. */
    public static Builder at(URI baseUri) {
        return new Builder(baseUri);
    }

    /** Whether an outcome says its job's submission was delivered ({@code is_success} is {@code "true"}). */
    public static boolean delivered(FlinkSuccessResponse outcome) {
        return outcome.getIsSuccess() == FlinkSuccessResponse.IsSuccessEnum.TRUE;
    }

    public static final class Builder {
        private final URI baseUri;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
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
            HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(connectTimeout);
            if ("http".equalsIgnoreCase(baseUri.getScheme())) {
                // Over plain HTTP the JDK would offer an upgrade to HTTP/2 (h2c) that the service never takes.
                // Over HTTPS it keeps its default: HTTP/2 when the other side agrees (ALPN), HTTP/1.1 otherwise.
                http.version(HttpClient.Version.HTTP_1_1);
            }
            RequestSigner requestSigner = signer;
            ApiClient client = new ApiClient() {
                @Override
                public HttpClient getHttpClient() {
                    HttpClient plain = super.getHttpClient();
                    return requestSigner == RequestSigner.NONE ? plain : new SigningHttpClient(plain, requestSigner);
                }
            };
            client.setHttpClientBuilder(http);
            client.updateBaseUri(baseUri.toString().replaceAll("/+$", ""));
            client.setConnectTimeout(connectTimeout);
            client.setReadTimeout(readTimeout);
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
