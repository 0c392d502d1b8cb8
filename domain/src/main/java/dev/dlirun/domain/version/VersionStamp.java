package dev.dlirun.domain.version;

import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * What a change of a job's definition says of the version it makes, beside the definition itself: why, who, and for
 * a rollback, the version it brings back.
 */
public record VersionStamp(VersionReason why, String createdBy, Optional<Integer> rolledBackFrom) {

    public VersionStamp {
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(rolledBackFrom, "rolledBackFrom");
        if ((why == VersionReason.ROLLBACK) != rolledBackFrom.isPresent()) {
            throw new IllegalArgumentException("a rollback, and only a rollback, names the version it rolled back to");
        }
    }

    /**
     * A version made {@code why} (not a rollback) in the project: no request here names a user (the job detail's
     * {@code user_name} is DLI's, which the local engine does not have), so the project is who made it.
     */
    public static VersionStamp of(VersionReason why, ProjectId projectId) {
        return new VersionStamp(why, projectId.value(), Optional.empty());
    }

    /** A rollback to version {@code to} in the project. */
    public static VersionStamp rollback(ProjectId projectId, int to) {
        return new VersionStamp(VersionReason.ROLLBACK, projectId.value(), Optional.of(to));
    }
}
