package dev.dlirun.domain.transfer;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An export of a project's jobs (their definitions, not their state) to a file in {@code obsDir}.
 *
 * @param obsDir   where the file goes, as the caller names it ({@code obs://bucket/path} or {@code bucket/path});
 *                 the backend decides what it may name
 * @param selected the jobs to export, each once, in the order first named; empty: every job of the project
 */
public record ExportRequest(ProjectId projectId, String obsDir, Optional<List<JobId>> selected) {

    public static final int MAX_PATH_LENGTH = 1024;

    public ExportRequest {
        Objects.requireNonNull(projectId, "projectId");
        if (obsDir == null || obsDir.isBlank() || obsDir.length() > MAX_PATH_LENGTH) {
            throw new InvalidInputException("obs_dir", "is required: a path of 1 to " + MAX_PATH_LENGTH
                    + " characters");
        }
        Objects.requireNonNull(selected, "selected");
        selected = selected.map(ids -> {
            if (ids.isEmpty()) {
                throw new InvalidInputException("job_selected", "must name at least one job when is_selected is "
                        + "true");
            }
            return List.copyOf(new LinkedHashSet<>(ids));
        });
    }
}
