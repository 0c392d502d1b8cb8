package dev.dlirun.domain.definition;

import dev.dlirun.domain.state.StateVerdict;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an update of a job's definition did: when, and, for a job that is not running and has a savepoint, what the
 * state check says of the changed job against that savepoint (a run with {@code resume_savepoint} would restore it).
 *
 * @param stateCheck empty when no check was made: nothing that decides how state restores changed, the job has no
 *                   savepoint, or the backend checks no state
 */
public record JobUpdate(Instant updateTime, Optional<StateVerdict> stateCheck) {

    public JobUpdate {
        Objects.requireNonNull(updateTime, "updateTime");
        Objects.requireNonNull(stateCheck, "stateCheck");
    }

    /** An update that says nothing of state. */
    public static JobUpdate at(Instant updateTime) {
        return new JobUpdate(updateTime, Optional.empty());
    }
}
