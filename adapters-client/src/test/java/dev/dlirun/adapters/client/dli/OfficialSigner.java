package dev.dlirun.adapters.client.dli;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The official Huawei Cloud SDK's signer ({@code com.huaweicloud.sdk.core.auth.AKSKSigner}), as the oracle that
 * says what the {@code Authorization} header of a request must be.
 */
public final class OfficialSigner {

    private OfficialSigner() {
    }

    /**
     * Whether a request that arrived at a {@link FakeDli} carries exactly the signature the official SDK computes
     * for it with this AK/SK, over the headers the DLI adapter signs.
     */
    public static Predicate<FakeDli.Received> verifies(String ak, String sk) {
        return request -> {
            String authorization = request.header("Authorization");
            String date = request.header("X-Sdk-Date");
            String project = request.header("X-Project-Id");
            if (authorization == null || date == null || project == null) {
                return false;
            }
            String expected = authorization(request.method(), "http://" + request.header("Host"), request.rawPath(),
                    Map.of("X-Project-Id", project, "X-Sdk-Date", date), request.body(), ak, sk);
            return authorization.equals(expected);
        };
    }

    /**
     * @param endpoint      scheme and authority, e.g. {@code http://127.0.0.1:8089}
     * @param signedHeaders the headers to sign besides {@code Host} (which the SDK takes from the endpoint),
     *                      {@code X-Sdk-Date} among them
     */
    public static String authorization(String method, String endpoint, String path, Map<String, String> signedHeaders,
                                       byte[] body, String ak, String sk) {
        HttpRequest.HttpRequestBuilder request = HttpRequest.newBuilder()
                .withEndpoint(endpoint)
                .withPath(path)
                .withMethod(HttpMethod.valueOf(method))
                .addHeaders(signedHeaders);
        if (body.length > 0) {
            request.withBodyAsString(new String(body, StandardCharsets.UTF_8));
        }
        BasicCredentials credentials = new BasicCredentials().withAk(ak).withSk(sk);
        return AKSKSigner.getInstance().sign(request.build(), credentials).get("Authorization");
    }
}
