package dev.dlirun.adapters.client.local.engine.alert;

import dev.dlirun.adapters.client.local.model.AlertKind;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class AlertDetectorsTest {

    private static final long MINUTE = 60_000;

    @Test
    void threeRestartsWithinTheWindowMakeOneLoopHoweverManyFollow() {
        RestartLoops<String> loops = new RestartLoops<>(3, Duration.ofMinutes(5));

        assertThat(loops.failed("a", 0)).isFalse();
        assertThat(loops.failed("a", MINUTE)).isFalse();
        assertThat(loops.failed("a", 2 * MINUTE)).isTrue();
        assertThat(IntStream.range(3, 30).filter(i -> loops.failed("a", i * MINUTE / 2))).isEmpty();
    }

    @Test
    void restartsFurtherApartThanTheWindowAreNoLoop() {
        RestartLoops<String> loops = new RestartLoops<>(3, Duration.ofMinutes(5));

        assertThat(IntStream.range(0, 10).filter(i -> loops.failed("a", i * 3 * MINUTE))).isEmpty();
    }

    @Test
    void aLoopAfterAWindowWithoutRestartsIsANewEpisodeAndEachLaunchHasItsOwn() {
        RestartLoops<String> loops = new RestartLoops<>(2, Duration.ofMinutes(1));
        assertThat(loops.failed("a", 0)).isFalse();
        assertThat(loops.failed("a", 1000)).isTrue();
        assertThat(loops.failed("b", 1500)).isFalse();
        assertThat(loops.failed("a", 2000)).isFalse();

        assertThat(loops.failed("a", 2000 + MINUTE)).isFalse();
        assertThat(loops.failed("a", 3000 + MINUTE)).isTrue();
        loops.forget("b");
        assertThat(loops.failed("b", 3000 + MINUTE)).isFalse();
    }

    @Test
    void anUnreachableClusterIsReportedOnceAfterTheGraceAndOnceWhenItAnswersAgain() {
        ClusterReachability cluster = new ClusterReachability(Duration.ofSeconds(30));

        assertThat(cluster.reachable(0)).isEmpty();
        assertThat(cluster.unreachable(1000)).isEmpty();
        assertThat(cluster.unreachable(20_000)).isEmpty();
        assertThat(cluster.unreachable(31_000)).contains(AlertKind.CLUSTER_UNREACHABLE);
        assertThat(cluster.unreachable(60_000)).isEmpty();
        assertThat(cluster.reachable(61_000)).contains(AlertKind.CLUSTER_RECOVERED);
        assertThat(cluster.reachable(62_000)).isEmpty();
    }

    @Test
    void aClusterThatAnswersAgainWithinTheGraceIsNotReported() {
        ClusterReachability cluster = new ClusterReachability(Duration.ofSeconds(30));

        assertThat(cluster.unreachable(0)).isEmpty();
        assertThat(cluster.reachable(29_000)).isEmpty();
        assertThat(cluster.unreachable(40_000)).isEmpty();
        assertThat(cluster.unreachable(69_000)).isEqualTo(Optional.empty());
        assertThat(cluster.unreachable(70_000)).contains(AlertKind.CLUSTER_UNREACHABLE);
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeUpToFiveMinutes() {
        Duration first = Duration.ofSeconds(1);

        assertThat(AlertDeliverer.retryWait(first, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(AlertDeliverer.retryWait(first, 2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(AlertDeliverer.retryWait(first, 5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(AlertDeliverer.retryWait(first, 40)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theSignatureIsTheHmacOfTimestampDotBodyAndNothingElseVerifies() {
        byte[] secret = "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"alert_id\":\"a\"}".getBytes(StandardCharsets.UTF_8);

        String signature = WebhookBody.signature(secret, 1_765_000_000L, body);

        // Computed independently: printf '1765000000.{"alert_id":"a"}' | openssl dgst -sha256 -hmac '0123456789abcdef-secret'
        assertThat(signature).isEqualTo("sha256=00c3fce686c6b926f20b32fcff9b56236cb2651e7ec02193e88ec0591a8048b3");
        assertThat(WebhookBody.verifies(secret, 1_765_000_000L, body, signature)).isTrue();
        assertThat(WebhookBody.verifies(secret, 1_765_000_001L, body, signature)).isFalse();
        assertThat(WebhookBody.verifies("another secret, 16+".getBytes(StandardCharsets.UTF_8), 1_765_000_000L, body,
                signature)).isFalse();
        assertThat(WebhookBody.verifies(secret, 1_765_000_000L, "{\"alert_id\":\"b\"}".getBytes(StandardCharsets.UTF_8),
                signature)).isFalse();
    }
}
