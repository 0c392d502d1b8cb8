package dev.dlirun.adapters.client.flink;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeSettingsTest {

    @Test
    void takesTheShapesDlisCallersWrite() throws Exception {
        Map<String, String> expected = Map.of("table.exec.mini-batch.enabled", "true", "parallelism.default", "2");

        assertThat(RuntimeSettings.parse(Optional.of("{\"table.exec.mini-batch.enabled\": true, "
                + "\"parallelism.default\": 2}"))).isEqualTo(expected);
        assertThat(RuntimeSettings.parse(Optional.of("[{\"key\": \"table.exec.mini-batch.enabled\", \"value\": \"true\"},"
                + " {\"key\": \"parallelism.default\", \"value\": \"2\"}]"))).isEqualTo(expected);
        assertThat(RuntimeSettings.parse(Optional.of("# tuning\ntable.exec.mini-batch.enabled = true\n\n"
                + "parallelism.default=2\n"))).isEqualTo(expected);
        assertThat(RuntimeSettings.parse(Optional.empty())).isEmpty();
        assertThat(RuntimeSettings.parse(Optional.of("  "))).isEmpty();
    }

    @Test
    void anythingElseIsRefusedSayingWhichShapesItTakes() {
        for (String bad : new String[]{"{broken", "[{\"key\": 1}]", "no equals sign", "{\"a\": {\"nested\": 1}}"}) {
            assertThatThrownBy(() -> RuntimeSettings.parse(Optional.of(bad))).as(bad)
                    .isInstanceOf(dev.dlirun.adapters.client.flink.policy.PolicyViolation.class)
                    .hasMessageStartingWith("runtime_config must be a JSON object of settings, a JSON array of "
                            + "{\"key\", \"value\"} or key=value lines; ");
        }
    }
}
