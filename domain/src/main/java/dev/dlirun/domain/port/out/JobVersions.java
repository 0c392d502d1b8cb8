package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageVersions;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;

/**
 * Driven port: the versions the backend keeps of its jobs' definitions; a backend that keeps none refuses each
 * (see {@link ManageVersions} for what each method throws).
 */
public interface JobVersions {

    VersionPage versions(VersionQuery query, Deadline deadline);

    JobVersion version(ProjectId projectId, JobId id, int version, Deadline deadline);

    /** Rolls the job back to {@code version} as one atomic step with the check of its status; answers the new version. */
    JobVersion rollback(ProjectId projectId, JobId id, int version, Deadline deadline);
}
