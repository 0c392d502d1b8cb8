package dev.dlirun.api.signing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The test vectors of the official SDK's own AKSKSignerTest ({@code contract.md} section 5). */
class SdkHmacSha256Test {

    private static final String DATE = "20191115T033655Z";
    private static final String SK = "SecretKey";

    private static SdkHmacSha256.Request request(String method, String path, Map<String, List<String>> query,
                                                 String host, String body) {
        return new SdkHmacSha256.Request(method, path, query, Map.of("Host", host, "X-Sdk-Date", DATE),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aGetWithAQuery() {
        var request = request("GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
                Map.of("marker", List.of("13551d6b-755d-4757-b956-536f674975c0"), "limit", List.of("2")),
                "service.region.example.com", "");

        assertThat(SdkHmacSha256.signature(request, DATE, SK))
                .isEqualTo("fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d");
    }

    @Test
    void aPostWithABody() {
        var request = request("POST", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123", Map.of(),
                "service.region.example.com", "{\"key\":\"value\"}");

        assertThat(SdkHmacSha256.signature(request, DATE, SK))
                .isEqualTo("b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771");
    }

    @Test
    void theRootPath() {
        assertThat(SdkHmacSha256.signature(request("GET", "/", Map.of(), "example.com", ""), DATE, SK))
                .isEqualTo("919ad8b75d4ad49da0d377e63ee21c4a7a54b752f6bf2878b4adbe9c19927da6");
    }

    @Test
    void signingAddsTheDateAndAnAuthorizationNamingKeyHeadersAndSignature() {
        var request = new SdkHmacSha256.Request("POST", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123", Map.of(),
                Map.of("Host", "service.region.example.com"), "{\"key\":\"value\"}".getBytes(StandardCharsets.UTF_8));

        Map<String, String> headers = SdkHmacSha256.sign(request, "AccessKey", SK, Instant.parse("2019-11-15T03:36:55Z"));

        assertThat(headers).containsEntry("X-Sdk-Date", DATE).containsEntry("Authorization",
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
                        + "Signature=b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771");
    }

    @Test
    void theCanonicalUriEncodesEachSegmentAndEndsWithASlash() {
        assertThat(SdkHmacSha256.canonicalUri("/v1.0/p1/streaming/jobs/run")).isEqualTo("/v1.0/p1/streaming/jobs/run/");
        assertThat(SdkHmacSha256.canonicalUri("/a b/c*d/e~f")).isEqualTo("/a%20b/c%2Ad/e~f/");
        assertThat(SdkHmacSha256.canonicalUri("")).isEqualTo("/");
    }

    @Test
    void headerValuesAreTrimmedAndNamesLowerCasedAndSorted() {
        assertThat(SdkHmacSha256.canonicalHeaders(Map.of("X-Sdk-Date", " d ", "Host", "h")))
                .isEqualTo("host:h\nx-sdk-date:d\n");
        assertThat(SdkHmacSha256.signedHeaders(Map.of("X-Sdk-Date", "d", "Host", "h", "Content-Type", "c")))
                .isEqualTo("content-type;host;x-sdk-date");
    }
}
