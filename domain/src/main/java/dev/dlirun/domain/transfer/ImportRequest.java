package dev.dlirun.domain.transfer;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;

/**
 * An import of the jobs of an export file, or of every export file of a folder, into a project.
 *
 * @param zipFile the file or folder, as the caller names it ({@code obs://bucket/path} or {@code bucket/path})
 * @param cover   whether an imported job whose name a job of the project has overwrites that job; otherwise it is
 *                left out (DLI answers its new id as {@code -1})
 */
public record ImportRequest(ProjectId projectId, String zipFile, boolean cover) {

    public ImportRequest {
        Objects.requireNonNull(projectId, "projectId");
        if (zipFile == null || zipFile.isBlank() || zipFile.length() > ExportRequest.MAX_PATH_LENGTH) {
            throw new InvalidInputException("zip_file", "is required: a path of 1 to "
                    + ExportRequest.MAX_PATH_LENGTH + " characters");
        }
    }
}
