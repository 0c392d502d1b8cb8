package dev.dlirun.domain.wait;

import dev.dlirun.domain.model.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SettlingTest {

    @Test
    void afterARunEveryStatusButSubmittingHasSettled() {
        assertThat(Arrays.stream(JobStatus.values()).filter(status -> !Settling.AFTER_RUN.settled(status)))
                .containsExactly(JobStatus.JOB_SUBMITTING);
    }

    @Test
    void afterAStopEveryStatusButCancelingAndSavepointingHasSettled() {
        assertThat(Arrays.stream(JobStatus.values()).filter(status -> !Settling.AFTER_STOP.settled(status)))
                .containsExactlyInAnyOrder(JobStatus.JOB_CANCELING, JobStatus.JOB_SAVEPOINTING);
        assertThat(Settling.AFTER_STOP.settled(JobStatus.JOB_RUNNING)).as("its savepoint failed").isTrue();
    }
}
