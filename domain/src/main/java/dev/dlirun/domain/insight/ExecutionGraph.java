package dev.dlirun.domain.insight;

import java.util.Objects;

/**
 * A job's latest run as the engine that runs it sees it (DLI's {@code execute_graph}): Flink's view of the job as a
 * whole. Times are epoch milliseconds, as Flink gives them: {@code endTime} is -1 while the run has not ended, and
 * {@code duration} is the time it has run so far (-1 when the engine does not say).
 *
 * @param runId     the run's id in the engine (a Flink JobID)
 * @param state     the engine's state of the run, as it names it (e.g. {@code RUNNING}, {@code FINISHED})
 * @param stoppable whether the engine can stop the run gracefully (Flink's "stoppable": only some sources are)
 */
public record ExecutionGraph(String runId, String name, String state, boolean stoppable, long startTime,
                             long endTime, long duration) {

    public ExecutionGraph {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        if (duration < -1) {
            throw new IllegalArgumentException("a run's duration is -1 (not known) or more, not " + duration);
        }
    }
}
