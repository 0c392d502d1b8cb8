package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * Which of a project's templates a list shows: those matching every filter given, by creation time (then id), one
 * page of them.
 *
 * @param nameContains templates whose name contains this (DLI's template list filters by a part of the name)
 * @param tag          templates carrying this tag (its key and value)
 * @param ascending    oldest first; newest first otherwise (DLI's default, as for jobs)
 * @param limit        how many templates a page holds at most: 1 to 100
 * @param offset       how many matching templates come before the page
 */
public record TemplateQuery(ProjectId projectId, Optional<String> nameContains, Optional<JobTag> tag,
                            boolean ascending, int limit, long offset) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    public TemplateQuery {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(nameContains, "nameContains");
        Objects.requireNonNull(tag, "tag");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be an integer from 1 to " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
    }

    /** Every template of the project, newest first, the first page of DLI's default size. */
    public static TemplateQuery all(ProjectId projectId) {
        return new TemplateQuery(projectId, Optional.empty(), Optional.empty(), false, DEFAULT_LIMIT, 0);
    }

    /** Whether {@code template} passes this query's filters (its project and page aside). */
    public boolean matches(JobTemplate template) {
        return nameContains.map(part -> template.name().contains(part)).orElse(true)
                && tag.map(wanted -> template.tags().contains(wanted)).orElse(true);
    }
}
