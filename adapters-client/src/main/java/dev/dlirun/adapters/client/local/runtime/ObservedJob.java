package dev.dlirun.adapters.client.local.runtime;

import java.util.Objects;

/**
 * A job as its runtime reports it at one moment.
 *
 * @param allTasksRunning whether the job runs and every one of its tasks runs (or has finished): a job is running only
 *                        then, not while its tasks still wait for slots
 */
public record ObservedJob(RuntimeJobId id, State state, boolean allTasksRunning) {

    /** What the runtime says of the job as a whole. */
    public enum State {
        /** Being set up, or scheduled and not yet running. */
        STARTING,
        RUNNING,
        /** Failed and restarting (or about to): still alive. */
        FAILING,
        /** Failed for good. */
        FAILED,
        CANCELLING,
        CANCELED,
        /** Ended by itself (a bounded job), or stopped with a savepoint. */
        FINISHED,
        /** Taken off the cluster without ending, e.g. while the cluster shuts down. */
        SUSPENDED;

        public boolean isTerminal() {
            return this == FAILED || this == CANCELED || this == FINISHED;
        }
    }

    public ObservedJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }
}
