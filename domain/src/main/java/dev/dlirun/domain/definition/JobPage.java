package dev.dlirun.domain.definition;

import dev.dlirun.domain.model.JobDetail;

import java.util.List;
import java.util.Objects;

/**
 * One page of a list.
 *
 * @param totalCount how many jobs match the query, on every page
 * @param jobs       the page's jobs, in the query's order
 */
public record JobPage(long totalCount, List<JobDetail> jobs) {
    public JobPage {
        jobs = List.copyOf(Objects.requireNonNull(jobs, "jobs"));
    }
}
