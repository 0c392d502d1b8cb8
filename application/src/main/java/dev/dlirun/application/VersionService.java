package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageVersions;
import dev.dlirun.domain.port.out.JobVersions;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;

import java.time.Duration;
import java.util.Objects;

/** Lists, shows and rolls back to a job's versions through the backend, within the request's time budget. */
public final class VersionService implements ManageVersions {

    private final JobVersions versions;
    private final Duration budget;

    /** @param budget how long one request may take, backend calls included */
    public VersionService(JobVersions versions, Duration budget) {
        this.versions = Objects.requireNonNull(versions, "versions");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public VersionPage list(VersionQuery query) {
        return versions.versions(Objects.requireNonNull(query, "query"), Deadline.after(budget));
    }

    @Override
    public JobVersion show(ProjectId projectId, JobId id, int version) {
        return versions.version(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                requireNumber(version), Deadline.after(budget));
    }

    @Override
    public JobVersion rollback(ProjectId projectId, JobId id, int version) {
        return versions.rollback(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                requireNumber(version), Deadline.after(budget));
    }

    /** A job's versions are numbered from 1: no backend is asked for another. */
    private static int requireNumber(int version) {
        if (version < 1) {
            throw new InvalidInputException("version", "must be 1 or more");
        }
        return version;
    }
}
