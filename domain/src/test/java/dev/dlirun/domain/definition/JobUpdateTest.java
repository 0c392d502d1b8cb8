package dev.dlirun.domain.definition;

import dev.dlirun.domain.state.StateVerdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobUpdateTest {

    @Test
    void anUpdateSaysWhenAndWhatTheStateCheckSaysIfOneWasMade() {
        Instant when = Instant.ofEpochMilli(1_763_946_000_000L);
        assertThat(JobUpdate.at(when)).isEqualTo(new JobUpdate(when, Optional.empty()));
        assertThat(new JobUpdate(when, Optional.of(StateVerdict.unknown("x"))).stateCheck())
                .contains(StateVerdict.unknown("x"));
        assertThatThrownBy(() -> new JobUpdate(null, Optional.empty())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new JobUpdate(when, null)).isInstanceOf(NullPointerException.class);
    }
}
