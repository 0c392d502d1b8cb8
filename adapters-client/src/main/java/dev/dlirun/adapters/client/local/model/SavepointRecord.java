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
 */
public record SavepointRecord(ProjectId projectId, JobId jobId, String path, long takenAt, Origin origin,
                              String runtimeVersion) {

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
    }

    /** Whether the service took it itself, so that it may delete it once it is no longer kept. */
    public boolean takenByTheService() {
        return origin != Origin.IMPORT;
    }
}
