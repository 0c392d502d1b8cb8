package dev.dlirun.adapters.client.local.model;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;

/**
 * A savepoint the service took or imported for a job: the history {@code --savepoints-kept} prunes.
 *
 * @param takenAt        epoch milliseconds
 * @param runtimeVersion what took it (e.g. {@code Flink 2.2.1}); for an import, what the service ran when it was
 *                       imported
 * @param version        the number of the job's version whose run took it (for an import, the version current then);
 *                       0 when unknown (recorded before versions were kept, or of a job that had none)
 */
public record SavepointRecord(ProjectId projectId, JobId jobId, String path, long takenAt, Origin origin,
                              String runtimeVersion, int version) {

    /** How the savepoint came to the job. */
    public enum Origin {
        /** Taken by a stop with {@code trigger_savepoint}. */
        STOP,
        /** Taken by a trigger, the job running on. */
        TRIGGER,
        /** Imported by a caller: the caller's files, never deleted by the service. */
        IMPORT
    }

    public SavepointRecord {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(runtimeVersion, "runtimeVersion");
        if (version < 0) {
            throw new IllegalArgumentException("a savepoint's version is 1 or more, or 0 when unknown, not " + version);
        }
    }

    /** Whether a stop of a known version of the job took it: that version's savepoint at stop. */
    public boolean stoppedAVersion() {
        return origin == Origin.STOP && version > 0;
    }

    /** Whether the service took it itself, so that it may delete it once it is no longer kept. */
    public boolean takenByTheService() {
        return origin != Origin.IMPORT;
    }
}
