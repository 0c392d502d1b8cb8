package dev.dlirun.adapters.client.dli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DliSettingsTest {

    private static final DliCredentials TOKEN = new DliCredentials.Token("t");

    @ParameterizedTest
    @CsvSource({
            "cn-north-4, https://dli.cn-north-4.myhuaweicloud.com",
            "ap-southeast-1, https://dli.ap-southeast-1.myhuaweicloud.com",
            "eu-west-101, https://dli.eu-west-101.myhuaweicloud.eu"})
    void aRegionNamesItsDliEndpoint(String region, String endpoint) {
        assertThat(DliSettings.endpointOfRegion(region)).isEqualTo(URI.create(endpoint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mars", "cn_north_4", "cn-north-4.evil.com/x", "cn-north-4/"})
    void anythingElseIsNotARegion(String region) {
        assertThatThrownBy(() -> DliSettings.endpointOfRegion(region)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "https://dli.example.com/, https://dli.example.com",
            "https://dli.example.com:443, https://dli.example.com",
            "http://127.0.0.1:80/, http://127.0.0.1",
            "HTTP://127.0.0.1:8089, http://127.0.0.1:8089",
            "https://gw.example.com/dli/, https://gw.example.com/dli"})
    void anEndpointIsKeptAsTheHostItSignsFor(String given, String kept) {
        assertThat(DliSettings.defaults(URI.create(given), TOKEN).endpoint()).isEqualTo(URI.create(kept));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://dli.example.com", "dli.example.com", "https://dli.example.com?x=1",
            "https://user@dli.example.com"})
    void anEndpointMustBeAPlainHttpUrl(String endpoint) {
        assertThatThrownBy(() -> DliSettings.defaults(URI.create(endpoint), TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsNeverShowTheirSecrets() {
        DliCredentials akSk = new DliCredentials.AkSk("HPUAXXXXXXXXXXXX", "very-secret-key");

        assertThat(akSk.toString()).isEqualTo("AK/SK (access key HPUA****)").doesNotContain("very-secret-key");
        assertThat(new DliCredentials.Token("secret-token").toString()).doesNotContain("secret-token");
        assertThat(DliSettings.defaults(URI.create("https://x"), akSk).toString()).doesNotContain("very-secret-key");
    }

    @Test
    void aTokenIsSentAsItIsAndAkSkAsASignature() {
        var request = new dev.dlirun.api.signing.SdkHmacSha256.Request("GET", "/", Map.of(), Map.of("Host", "x"),
                new byte[0]);

        assertThat(new DliCredentials.Token("T").authenticate(request, Instant.EPOCH)).containsOnly(Map.entry("X-Auth-Token", "T"));
        assertThat(new DliCredentials.AkSk("AK", "SK").authenticate(request, Instant.EPOCH))
                .containsKeys("Authorization", "X-Sdk-Date");
    }
}
