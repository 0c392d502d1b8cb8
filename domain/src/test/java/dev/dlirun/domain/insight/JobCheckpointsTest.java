package dev.dlirun.domain.insight;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobCheckpointsTest {

    private static final JobCheckpoints.Completed COMPLETED = new JobCheckpoints.Completed(7, 1000, 1250, 250, 4096,
            1024);
    private static final JobCheckpoints.Failed FAILED = new JobCheckpoints.Failed(8, 2000, 2100,
            Optional.of("Checkpoint expired before completing."));

    @Test
    void aRunWithCheckpointingKeepsItsCountsAndLatestCheckpoints() {
        JobCheckpoints checkpoints = new JobCheckpoints(true, 7, 1, 1, Optional.of(COMPLETED), Optional.of(FAILED));

        assertThat(checkpoints).returns(true, JobCheckpoints::enabled).returns(7L, JobCheckpoints::completed)
                .returns(1L, JobCheckpoints::failed).returns(1L, JobCheckpoints::inProgress)
                .returns(Optional.of(COMPLETED), JobCheckpoints::latestCompleted)
                .returns(Optional.of(FAILED), JobCheckpoints::latestFailed);
        assertThat(COMPLETED).returns(7L, JobCheckpoints.Completed::id)
                .returns(1000L, JobCheckpoints.Completed::triggerTime)
                .returns(1250L, JobCheckpoints.Completed::completionTime)
                .returns(250L, JobCheckpoints.Completed::duration).returns(4096L, JobCheckpoints.Completed::stateSize)
                .returns(1024L, JobCheckpoints.Completed::checkpointedSize);
        assertThat(FAILED).returns(8L, JobCheckpoints.Failed::id).returns(2000L, JobCheckpoints.Failed::triggerTime)
                .returns(2100L, JobCheckpoints.Failed::failureTime)
                .returns(Optional.of("Checkpoint expired before completing."), JobCheckpoints.Failed::reason);
    }

    @Test
    void aRunWithCheckpointingMayHaveNoneYet() {
        assertThat(new JobCheckpoints(true, 0, 0, 0, Optional.empty(), Optional.empty()).completed()).isZero();
    }

    @Test
    void aRunWithoutCheckpointingHasNoneOfAnyKind() {
        assertThat(new JobCheckpoints(false, 0, 0, 0, Optional.empty(), Optional.empty()).enabled()).isFalse();
        assertRefusedWithoutCheckpointing(new Object[]{1L, 0L, 0L, Optional.empty(), Optional.empty()});
        assertRefusedWithoutCheckpointing(new Object[]{0L, 1L, 0L, Optional.empty(), Optional.empty()});
        assertRefusedWithoutCheckpointing(new Object[]{0L, 0L, 1L, Optional.empty(), Optional.empty()});
        assertRefusedWithoutCheckpointing(new Object[]{0L, 0L, 0L, Optional.of(COMPLETED), Optional.empty()});
        assertRefusedWithoutCheckpointing(new Object[]{0L, 0L, 0L, Optional.empty(), Optional.of(FAILED)});
    }

    @SuppressWarnings("unchecked")
    private static void assertRefusedWithoutCheckpointing(Object[] values) {
        assertThatThrownBy(() -> new JobCheckpoints(false, (Long) values[0], (Long) values[1], (Long) values[2],
                (Optional<JobCheckpoints.Completed>) values[3], (Optional<JobCheckpoints.Failed>) values[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a run without checkpointing has no checkpoints");
    }

    @Test
    void negativeCountsAreRefused() {
        for (long[] counts : new long[][]{{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}}) {
            assertThatThrownBy(() -> new JobCheckpoints(true, counts[0], counts[1], counts[2], Optional.empty(),
                    Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("counts of checkpoints cannot be negative");
        }
    }

    @Test
    void theLatestCheckpointsAndAFailuresReasonAreOptionalsNeverNull() {
        assertThatThrownBy(() -> new JobCheckpoints(true, 0, 0, 0, null, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("latestCompleted");
        assertThatThrownBy(() -> new JobCheckpoints(true, 0, 0, 0, Optional.empty(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("latestFailed");
        assertThatThrownBy(() -> new JobCheckpoints.Failed(1, 0, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("reason");
        assertThat(new JobCheckpoints.Failed(1, 0, 0, Optional.empty()).reason()).isEmpty();
    }
}
