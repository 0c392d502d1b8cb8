package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDetailTest {

    private static final Job JOB = new Job(ProjectId.of("p1"), JobId.of(1), JobStatus.JOB_RUNNING, true);
    private static final Instant AT = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void aBackendThatSaysNothingOfDroppingStateLeavesItEmpty() {
        JobDetail detail = new JobDetail(JOB, "n", Optional.empty(), Optional.empty(), AT, Optional.empty(), AT,
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(detail.allowNonRestoredState()).isEmpty();
        assertThat(new JobDetail(JOB, "n", Optional.empty(), Optional.empty(), AT, Optional.empty(), AT,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true)).allowNonRestoredState())
                .contains(true);
        assertThatThrownBy(() -> new JobDetail(JOB, "n", Optional.empty(), Optional.empty(), AT, Optional.empty(), AT,
                Optional.empty(), Optional.empty(), Optional.empty(), null)).isInstanceOf(NullPointerException.class);
    }
}
