package dev.dlirun.domain.version;

import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;

/**
 * Which of a job's versions a list shows: newest first, one page of them, paged as the jobs' list is.
 *
 * @param limit  how many versions a page holds at most: 1 to {@link JobQuery#MAX_LIMIT}
 * @param offset how many newer versions come before the page
 */
public record VersionQuery(ProjectId projectId, JobId jobId, int limit, long offset) {

    public VersionQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(jobId, "jobId");
        if (limit < 1 || limit > JobQuery.MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be an integer from 1 to " + JobQuery.MAX_LIMIT);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
    }
}
