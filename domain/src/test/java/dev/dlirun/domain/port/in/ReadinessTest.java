package dev.dlirun.domain.port.in;

import dev.dlirun.domain.port.in.CheckReadiness.Readiness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

    @Test
    void readyHasNoProblemAndNotReadySaysWhy() {
        assertThat(Readiness.up()).returns(true, Readiness::ready).extracting(Readiness::problem).isEqualTo(
                java.util.Optional.empty());
        assertThat(Readiness.down("the backend cannot be reached")).returns(false, Readiness::ready)
                .extracting(Readiness::problem).isEqualTo(java.util.Optional.of("the backend cannot be reached"));
    }
}
