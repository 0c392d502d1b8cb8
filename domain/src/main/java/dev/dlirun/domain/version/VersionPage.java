package dev.dlirun.domain.version;

import java.util.List;
import java.util.Objects;

/**
 * One page of a job's versions.
 *
 * @param totalCount how many versions the job has, on every page
 * @param versions   the page's versions, newest first
 */
public record VersionPage(long totalCount, List<JobVersion> versions) {
    public VersionPage {
        versions = List.copyOf(Objects.requireNonNull(versions, "versions"));
        if (totalCount < versions.size()) {
            throw new IllegalArgumentException("a page cannot hold more versions (" + versions.size()
                    + ") than the job has (" + totalCount + ")");
        }
    }
}
