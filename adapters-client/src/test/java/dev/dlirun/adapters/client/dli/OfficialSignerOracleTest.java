package dev.dlirun.adapters.client.dli;

import dev.dlirun.api.signing.SdkHmacSha256;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Our signer and the official SDK's sign the same request alike. */
class OfficialSignerOracleTest {

    @Test
    void aBatchRunPostIsSignedAsTheSdkSignsIt() {
        byte[] body = "{\"job_ids\":[131,130],\"resume_savepoint\":true}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> ours = SdkHmacSha256.sign(new SdkHmacSha256.Request("POST", "/v1.0/p1/streaming/jobs/run",
                        Map.of(), Map.of("Host", "127.0.0.1:8089", "X-Project-Id", "p1"), body),
                "AK1234", "SECRET", Instant.parse("2026-11-24T10:00:00Z"));

        String sdk = OfficialSigner.authorization("POST", "http://127.0.0.1:8089", "/v1.0/p1/streaming/jobs/run",
                Map.of("X-Project-Id", "p1", "X-Sdk-Date", ours.get("X-Sdk-Date")), body, "AK1234", "SECRET");

        assertThat(ours.get("Authorization")).isEqualTo(sdk);
    }

    @Test
    void aJobDetailGetIsSignedAsTheSdkSignsIt() {
        Map<String, String> ours = SdkHmacSha256.sign(new SdkHmacSha256.Request("GET", "/v1.0/p1/streaming/jobs/131",
                        Map.of(), Map.of("Host", "dli.cn-north-4.myhuaweicloud.com", "X-Project-Id", "p1"), new byte[0]),
                "AK1234", "SECRET", Instant.parse("2026-11-24T10:00:00Z"));

        String sdk = OfficialSigner.authorization("GET", "https://dli.cn-north-4.myhuaweicloud.com",
                "/v1.0/p1/streaming/jobs/131", Map.of("X-Project-Id", "p1", "X-Sdk-Date", ours.get("X-Sdk-Date")),
                new byte[0], "AK1234", "SECRET");

        assertThat(ours.get("Authorization")).isEqualTo(sdk);
    }
}
