package dev.dlirun.domain.version;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionReasonTest {

    @Test
    void eachReasonHasItsWireNameAndIsFoundByIt() {
        assertThat(VersionReason.values()).extracting(VersionReason::wireName)
                .containsExactly("create", "update", "rollback", "import", "upgrade", "upgrade_rolled_back");
        for (VersionReason reason : VersionReason.values()) {
            assertThat(VersionReason.fromWireName(reason.wireName())).contains(reason);
        }
    }

    @Test
    void aNameNoReasonHasIsNone() {
        assertThat(VersionReason.fromWireName("CREATE")).isEmpty();
        assertThat(VersionReason.fromWireName("delete")).isEmpty();
    }
}
