package dev.dlirun.domain.insight;

import java.util.Objects;
import java.util.Optional;

/**
 * The checkpoints of a job's latest run, as its engine counts them.
 *
 * @param enabled    whether the run takes checkpoints at all; one that does not has none of any kind
 * @param completed  how many completed
 * @param failed     how many failed
 * @param inProgress how many are under way now
 */
public record JobCheckpoints(boolean enabled, long completed, long failed, long inProgress, Optional<Completed> latestCompleted,
                             Optional<Failed> latestFailed) {

    public JobCheckpoints {
        if (completed < 0 || failed < 0 || inProgress < 0) {
            throw new IllegalArgumentException("counts of checkpoints cannot be negative");
        }
        Objects.requireNonNull(latestCompleted, "latestCompleted");
        Objects.requireNonNull(latestFailed, "latestFailed");
        if (!enabled && (completed + failed + inProgress > 0 || latestCompleted.isPresent() || latestFailed.isPresent())) {
            throw new IllegalArgumentException("a run without checkpointing has no checkpoints");
        }
    }

    /**
     * A completed checkpoint.
     *
     * @param triggerTime    when it was started, epoch milliseconds
     * @param completionTime when the last task acknowledged it, epoch milliseconds
     * @param duration       from start to end, milliseconds
     * @param stateSize      bytes of state it holds
     * @param checkpointedSize bytes it wrote (less than {@code stateSize} for an incremental checkpoint)
     */
    public record Completed(long id, long triggerTime, long completionTime, long duration, long stateSize,
                            long checkpointedSize) {
    }

    /**
     * A failed checkpoint.
     *
     * @param failureTime when it failed, epoch milliseconds
     * @param reason      why, as the engine says it; empty when it does not
     */
    public record Failed(long id, long triggerTime, long failureTime, Optional<String> reason) {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
