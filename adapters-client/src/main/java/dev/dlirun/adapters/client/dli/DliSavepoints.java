package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Optional;

/** DLI's per-job savepoint calls: trigger one, import one. */
final class DliSavepoints {

    private final DliCalls calls;

    DliSavepoints(DliCalls calls) {
        this.calls = calls;
    }

    void triggerSavepoint(ProjectId projectId, JobId id, Optional<String> directory, Deadline deadline) {
        perJob(projectId, id, "savepoint", DliAnswers.triggerRequest(directory), "trigger a savepoint of", deadline);
    }

    void importSavepoint(ProjectId projectId, JobId id, String path, Deadline deadline) {
        perJob(projectId, id, "import-savepoint", DliAnswers.importRequest(id, path), "import a savepoint into",
                deadline);
    }

    /**
     * One per-job POST to DLI, sent once (retried only when it never left this host). DLI's refusals reach the caller
     * as DLI said them: a job that does not exist, parameters it refuses, an operation its status does not allow.
     */
    private void perJob(ProjectId project, JobId id, String operation, byte[] body, String what, Deadline deadline) {
        DliHttp.Answer answer = calls.call(project, "POST", DliCalls.jobPath(project, id + "/" + operation), body,
                operation, what + " job " + id, Optional.of(id), false, deadline);
        DliCalls.requireSuccess(answer, what + " job " + id);
    }
}
