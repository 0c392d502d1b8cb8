package dev.dlirun.domain.upgrade;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpgradeIdTest {

    private static final String HEX = "0123456789abcdef0123456789abcdef";

    @Test
    void anIdIs32LowercaseHexDigitsAndGeneratedOnesDiffer() {
        assertThat(new UpgradeId(HEX).value()).isEqualTo(HEX);
        assertThat(new UpgradeId(HEX)).hasToString(HEX);
        UpgradeId one = UpgradeId.generate();
        assertThat(one.value()).matches("[0-9a-f]{32}");
        assertThat(UpgradeId.generate()).isNotEqualTo(one);
        assertThatThrownBy(() -> new UpgradeId(HEX.toUpperCase())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an upgrade id is 32 lowercase hex digits, not '" + HEX.toUpperCase() + "'");
        assertThatThrownBy(() -> new UpgradeId(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPathSegmentNamesAnUpgradeOnlyWhenItIsAnId() {
        assertThat(UpgradeId.parse(HEX)).contains(new UpgradeId(HEX));
        assertThat(UpgradeId.parse(HEX + "0")).isEmpty();
        assertThat(UpgradeId.parse(HEX.substring(1))).isEmpty();
        assertThat(UpgradeId.parse("../" + HEX.substring(3))).isEmpty();
        assertThat(UpgradeId.parse(null)).isEmpty();
    }

    @Test
    void anUpgradeTheJobDoesNotHaveIsNamedWithItsJob() {
        assertThat(new UpgradeNotFoundException(dev.dlirun.domain.model.JobId.of(7), "nope"))
                .hasMessage("Job 7 has no upgrade nope.");
        assertThatThrownBy(() -> new UpgradeNotFoundException(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UpgradeNotFoundException(dev.dlirun.domain.model.JobId.of(7), null))
                .isInstanceOf(NullPointerException.class);
    }
}
