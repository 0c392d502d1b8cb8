package dev.dlirun.domain.run;

import dev.dlirun.domain.model.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartModeTest {

    @Test
    void aRunRestoresAllOfItsSavepointUnlessDroppingStateIsAskedFor() {
        assertThat(StartMode.of(false, false)).isEqualTo(StartMode.FRESH);
        assertThat(StartMode.of(true, false)).isEqualTo(StartMode.RESUME_FROM_LATEST_SAVEPOINT);
        assertThat(StartMode.of(true, true)).isEqualTo(StartMode.RESUME_ALLOWING_NON_RESTORED_STATE);
        assertThat(StartMode.resumingSavepoint(true)).isEqualTo(StartMode.RESUME_FROM_LATEST_SAVEPOINT);
        assertThat(StartMode.resumingSavepoint(false)).isEqualTo(StartMode.FRESH);
    }

    @Test
    void onlyAResumeMayDropStateAndBothResumesRestoreTheSavepoint() {
        assertThatThrownBy(() -> StartMode.of(false, true)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("allow_non_restored_state");
        assertThat(StartMode.FRESH.resumesFromSavepoint()).isFalse();
        assertThat(StartMode.RESUME_FROM_LATEST_SAVEPOINT.resumesFromSavepoint()).isTrue();
        assertThat(StartMode.RESUME_ALLOWING_NON_RESTORED_STATE.resumesFromSavepoint()).isTrue();
        assertThat(StartMode.FRESH.allowsNonRestoredState()).isFalse();
        assertThat(StartMode.RESUME_FROM_LATEST_SAVEPOINT.allowsNonRestoredState()).isFalse();
        assertThat(StartMode.RESUME_ALLOWING_NON_RESTORED_STATE.allowsNonRestoredState()).isTrue();
    }
}
