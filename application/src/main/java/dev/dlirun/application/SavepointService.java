package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageSavepoints;
import dev.dlirun.domain.port.out.SavepointControl;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Triggers, imports and lists savepoints through the backend, within the request's time budget. */
public final class SavepointService implements ManageSavepoints {

    private static final String SAVEPOINT_PATH = "savepoint_path";

    private final SavepointControl control;
    private final Duration budget;

    /** @param budget how long one request may take, backend calls included */
    public SavepointService(SavepointControl control, Duration budget) {
        this.control = Objects.requireNonNull(control, "control");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public void trigger(ProjectId projectId, JobId id, Optional<String> directory) {
        directory.ifPresent(SavepointService::requireText);
        control.triggerSavepoint(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                directory, Deadline.after(budget));
    }

    @Override
    public void importSavepoint(ProjectId projectId, JobId id, String path) {
        if (path == null) {
            throw new InvalidInputException(SAVEPOINT_PATH, "is required");
        }
        requireText(path);
        control.importSavepoint(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"), path,
                Deadline.after(budget));
    }

    @Override
    public JobSavepoints history(ProjectId projectId, JobId id) {
        return control.history(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Deadline.after(budget));
    }

    private static void requireText(String path) {
        if (path.isBlank()) {
            throw new InvalidInputException(SAVEPOINT_PATH, "must not be blank");
        }
    }
}
