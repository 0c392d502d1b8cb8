package dev.dlirun.domain.insight;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobExceptionsTest {

    private static final JobExceptions.Failure LATEST = new JobExceptions.Failure(
            "NumberFormatException: For input string: \"x\"", 2000, Optional.of("Source: numbers[1] (1/1)"),
            Optional.of("localhost:6121"));
    private static final JobExceptions.Failure EARLIER = new JobExceptions.Failure(
            "NoResourceAvailableException: Could not acquire the minimum required resources.", 1000,
            Optional.empty(), Optional.empty());

    @Test
    void theRootCauseIsTheNewestFailure() {
        JobExceptions exceptions = new JobExceptions(List.of(LATEST, EARLIER), true);

        assertThat(exceptions.rootCause()).contains(LATEST);
        assertThat(exceptions.truncated()).isTrue();
        assertThat(exceptions.failures()).containsExactly(LATEST, EARLIER);
    }

    @Test
    void aRunThatNeverFailedHasNoRootCause() {
        JobExceptions none = new JobExceptions(List.of(), false);

        assertThat(none.rootCause()).isEmpty();
        assertThat(none.truncated()).isFalse();
    }

    @Test
    void theFailuresAreACopyThatCannotChange() {
        List<JobExceptions.Failure> failures = new ArrayList<>(List.of(LATEST));
        JobExceptions exceptions = new JobExceptions(failures, false);
        failures.add(EARLIER);

        assertThat(exceptions.failures()).containsExactly(LATEST);
        assertThatThrownBy(() -> exceptions.failures().add(EARLIER)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFailureKeepsItsCauseTimeTaskAndLocation() {
        assertThat(LATEST).returns("NumberFormatException: For input string: \"x\"", JobExceptions.Failure::cause)
                .returns(2000L, JobExceptions.Failure::timestamp)
                .returns(Optional.of("Source: numbers[1] (1/1)"), JobExceptions.Failure::taskName)
                .returns(Optional.of("localhost:6121"), JobExceptions.Failure::location);
        assertThatThrownBy(() -> new JobExceptions.Failure(null, 0, Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("cause");
        assertThatThrownBy(() -> new JobExceptions.Failure("c", 0, null, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("taskName");
        assertThatThrownBy(() -> new JobExceptions.Failure("c", 0, Optional.empty(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("location");
    }
}
