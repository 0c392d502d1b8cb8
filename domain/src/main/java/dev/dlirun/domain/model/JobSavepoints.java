package dev.dlirun.domain.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The savepoint history of one job (an extension of this service's: DLI has no such operation): the savepoints its
 * backend took of it or imported into it, newest first, and the one it restores now.
 *
 * @param jobId      the job
 * @param current    the savepoint the job's savepoint path names, which a run with {@code resume_savepoint} restores;
 *                   empty when it has none (it may name one that is in no entry: e.g. one a jobs file gave it)
 * @param savepoints newest first, whatever order they are given in (those of the same time keep theirs)
 */
public record JobSavepoints(JobId jobId, Optional<String> current, List<Savepoint> savepoints) {

    public JobSavepoints {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(current, "current");
        savepoints = Objects.requireNonNull(savepoints, "savepoints").stream()
                .sorted(Comparator.comparingLong(Savepoint::takenAt).reversed())
                .toList();
    }

    /** Whether {@code savepoint} is the one the job restores now. */
    public boolean isCurrent(Savepoint savepoint) {
        return current.filter(savepoint.path()::equals).isPresent();
    }

    /**
     * One savepoint of the history.
     *
     * @param path    where it is, as the job's savepoint path names it
     * @param takenAt when it was taken or imported, epoch milliseconds
     */
    public record Savepoint(String path, long takenAt, Origin origin) {
        public Savepoint {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(origin, "origin");
            if (path.isBlank()) {
                throw new IllegalArgumentException("a savepoint's path cannot be blank");
            }
            if (takenAt < 0) {
                throw new IllegalArgumentException("a savepoint cannot be taken before 1970, not at " + takenAt);
            }
        }
    }

    /** How a savepoint came to the job. */
    public enum Origin {
        /** Taken by a stop with a savepoint. */
        STOP,
        /** Taken while the job ran on. */
        TRIGGER,
        /** Imported by a caller: the caller's files. */
        IMPORT
    }
}
