package dev.dlirun.adapters.rest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class WaitPreferenceTest {

    @Test
    void aWaitIsReadAmongOtherPreferencesAndParameters() {
        assertThat(WaitPreference.parse("wait=30")).contains(Duration.ofSeconds(30));
        assertThat(WaitPreference.parse("respond-async, wait=5")).contains(Duration.ofSeconds(5));
        assertThat(WaitPreference.parse("WAIT = 7 ; foo=bar, return=minimal")).contains(Duration.ofSeconds(7));
        assertThat(WaitPreference.parse("wait=\"12\"")).contains(Duration.ofSeconds(12));
        assertThat(WaitPreference.parse("wait=0")).contains(Duration.ZERO);
    }

    @Test
    void whatCannotBeReadIsIgnoredAsRfc7240Says() {
        for (String ignored : new String[]{"", "wait", "wait=", "wait=-1", "wait=1.5", "wait=abc", "wait=10s",
                "respond-async", "wait=9999999999", "x".repeat(300)}) {
            assertThat(WaitPreference.parse(ignored)).as(ignored).isEqualTo(Optional.empty());
        }
        assertThat(WaitPreference.parse(null)).isEmpty();
    }
}
