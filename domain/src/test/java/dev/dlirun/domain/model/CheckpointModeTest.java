package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointModeTest {

    @Test
    void aModeIsShownByItsNameAndSentByItsNumber() {
        assertThat(CheckpointMode.EXACTLY_ONCE.wireName()).isEqualTo("exactly_once");
        assertThat(CheckpointMode.AT_LEAST_ONCE).hasToString("at_least_once");
        assertThat(CheckpointMode.AT_LEAST_ONCE.number()).isEqualTo(2);
    }

    @Test
    void onlyOneAndTwoAndTheirNamesAreModes() {
        assertThat(CheckpointMode.fromNumber(1)).contains(CheckpointMode.EXACTLY_ONCE);
        assertThat(CheckpointMode.fromNumber(3)).isEmpty();
        assertThat(CheckpointMode.fromName("EXACTLY_ONCE")).contains(CheckpointMode.EXACTLY_ONCE);
        assertThat(CheckpointMode.fromName("1")).contains(CheckpointMode.EXACTLY_ONCE);
        assertThat(CheckpointMode.fromName("once")).isEmpty();
        assertThat(CheckpointMode.fromName(null)).isEmpty();
    }
}
