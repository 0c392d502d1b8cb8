package dev.dlirun.domain.definition;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * Which of a project's jobs a list shows ({@code contract.md} 7.5): those matching every filter given, by creation
 * time (then id), one page of them.
 *
 * @param namePrefix   jobs whose name starts with this
 * @param userName     jobs created by this user
 * @param tag          jobs carrying this tag (its key and value)
 * @param rootJobId    jobs whose root job is this one ({@code -1}: jobs of no root job, which every job here is)
 * @param ascending    oldest first; newest first otherwise (DLI's default)
 * @param limit        how many jobs a page holds at most: 1 to 100
 * @param offset       how many matching jobs come before the page
 * @param withDetail   whether each job is shown whole, or as a summary
 */
public record JobQuery(
        ProjectId projectId,
        Optional<JobType> type,
        Optional<JobStatus> status,
        Optional<String> queueName,
        Optional<String> namePrefix,
        Optional<String> userName,
        Optional<JobTag> tag,
        Optional<Long> rootJobId,
        boolean ascending,
        int limit,
        long offset,
        boolean withDetail) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    public JobQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(rootJobId, "rootJobId");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be an integer from 1 to " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
    }

    /** Every job of the project, newest first, the first page of DLI's default size. */
    public static JobQuery all(ProjectId projectId) {
        return new JobQuery(projectId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, DEFAULT_LIMIT, 0, false);
    }
}
