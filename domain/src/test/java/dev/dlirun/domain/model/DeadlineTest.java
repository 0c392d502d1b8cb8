package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    @Test
    void aDeadlineInTheFutureHasTimeLeftAndIsNotExpired() {
        Deadline deadline = Deadline.after(Duration.ofHours(1));

        assertThat(deadline.expired()).isFalse();
        assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofHours(1)).isGreaterThan(Duration.ofMinutes(59));
    }

    @Test
    void aDeadlineOfNoTimeIsExpiredWithNothingLeft() {
        Deadline deadline = Deadline.after(Duration.ZERO);

        assertThat(deadline.expired()).isTrue();
        assertThat(deadline.remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDeadlineCannotLieInThePast() {
        assertThatThrownBy(() -> Deadline.after(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeadlineShowsTheTimeLeft() {
        assertThat(Deadline.after(Duration.ZERO)).hasToString("Deadline[0 ms left]");
        assertThat(Deadline.after(Duration.ofHours(1)).toString()).matches("Deadline\\[3[0-9]{6} ms left]");
    }
}
