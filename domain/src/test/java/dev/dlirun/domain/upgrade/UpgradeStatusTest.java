package dev.dlirun.domain.upgrade;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UpgradeStatusTest {

    @Test
    void onlyTheFourEndsAreSettled() {
        assertThat(Arrays.stream(UpgradeStatus.values()).filter(UpgradeStatus::settled).toList())
                .containsExactly(UpgradeStatus.SUCCEEDED, UpgradeStatus.ROLLED_BACK, UpgradeStatus.REFUSED,
                        UpgradeStatus.FAILED);
        for (UpgradeStatus underWay : List.of(UpgradeStatus.CHECKING, UpgradeStatus.STOPPING, UpgradeStatus.STARTING,
                UpgradeStatus.VERIFYING, UpgradeStatus.ROLLING_BACK)) {
            assertThat(underWay.settled()).as(underWay.name()).isFalse();
        }
    }

    @Test
    void eachStatusHasItsNameOnTheWireAndIsReadBackFromIt() {
        assertThat(Arrays.stream(UpgradeStatus.values()).map(UpgradeStatus::wireName).toList())
                .containsExactly("checking", "stopping", "starting", "verifying", "rolling_back", "succeeded",
                        "rolled_back", "refused", "failed");
        for (UpgradeStatus status : UpgradeStatus.values()) {
            assertThat(UpgradeStatus.fromWireName(status.wireName())).contains(status);
        }
        assertThat(UpgradeStatus.fromWireName("ROLLED_BACK")).isEmpty();
        assertThat(UpgradeStatus.fromWireName("done")).isEmpty();
    }
}
