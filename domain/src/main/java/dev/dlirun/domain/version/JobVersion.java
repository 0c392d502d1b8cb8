package dev.dlirun.domain.version;

import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.state.StateVerdict;

import java.util.Objects;
import java.util.Optional;

/**
 * One immutable version of a job's definition: every create, update, rollback and import of a job stores the
 * definition it leaves, numbered 1, 2, ... per job, so that what ran at any time can be told and brought back. Only
 * what is learnt later about that version is added to it: the state check's verdict, and the savepoint taken when it
 * stopped.
 *
 * @param number          its place in the job's history: 1 for the first, one more for each next
 * @param definition      the job's definition as this version left it
 * @param createdBy       who made it (the project, when the request names no user)
 * @param createdAt       when, epoch milliseconds
 * @param stateCheck      the state check's verdict of this definition against the job's savepoint of the time, once
 *                        one was made
 * @param savepointAtStop the savepoint a stop with a savepoint took when a run of this version stopped
 * @param rolledBackFrom  for a rollback, the number of the version whose definition it brought back; empty otherwise
 */
public record JobVersion(
        JobId jobId,
        int number,
        JobDefinition definition,
        String createdBy,
        long createdAt,
        VersionReason why,
        Optional<StateVerdict> stateCheck,
        Optional<String> savepointAtStop,
        Optional<Integer> rolledBackFrom) {

    public JobVersion {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(stateCheck, "stateCheck");
        Objects.requireNonNull(savepointAtStop, "savepointAtStop");
        Objects.requireNonNull(rolledBackFrom, "rolledBackFrom");
        if (number < 1) {
            throw new IllegalArgumentException("a job's versions are numbered from 1, not " + number);
        }
        if (createdBy.isBlank()) {
            throw new IllegalArgumentException("a version needs who made it");
        }
        if (createdAt < 0) {
            throw new IllegalArgumentException("a version cannot be made before 1970, not at " + createdAt);
        }
        if (savepointAtStop.filter(String::isBlank).isPresent()) {
            throw new IllegalArgumentException("a version's savepoint at stop cannot be a blank path");
        }
        if ((why == VersionReason.ROLLBACK) != rolledBackFrom.isPresent()) {
            throw new IllegalArgumentException("a rollback, and only a rollback, names the version it rolled back to");
        }
        rolledBackFrom.ifPresent(from -> {
            if (from < 1 || from >= number) {
                throw new IllegalArgumentException("version " + number + " can only roll back to an earlier version,"
                        + " not to " + from);
            }
        });
    }

    /** The first version of a job, or the next one of a job whose versions end with {@code previous}. */
    public static JobVersion next(JobId jobId, Optional<JobVersion> previous, JobDefinition definition,
                                  VersionStamp stamp, long createdAt) {
        int number = previous.map(version -> version.number() + 1).orElse(1);
        return new JobVersion(jobId, number, definition, stamp.createdBy(), createdAt, stamp.why(), Optional.empty(),
                Optional.empty(), stamp.rolledBackFrom());
    }

    /** This version with the state check's verdict on it. */
    public JobVersion withStateCheck(StateVerdict verdict) {
        return new JobVersion(jobId, number, definition, createdBy, createdAt, why,
                Optional.of(Objects.requireNonNull(verdict, "verdict")), savepointAtStop, rolledBackFrom);
    }

    /** This version with the savepoint a stop of its run took. */
    public JobVersion withSavepointAtStop(String path) {
        return new JobVersion(jobId, number, definition, createdBy, createdAt, why, stateCheck,
                Optional.of(Objects.requireNonNull(path, "path")), rolledBackFrom);
    }
}
