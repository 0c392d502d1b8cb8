package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageSavepoints;

import java.util.Optional;

/**
 * The savepoint use cases as the REST tests want them: record the last call, answer the history the test gives, and
 * throw what the test says.
 */
final class FakeSavepoints implements ManageSavepoints {

    /** What the fake was last asked: the operation, the job and the path. */
    record Call(String operation, ProjectId projectId, JobId id, Optional<String> path) {
    }

    volatile Call lastCall;
    /** What a history answers: no savepoints unless the test says otherwise. */
    volatile JobSavepoints history;
    private volatile RuntimeException failure;

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public void trigger(ProjectId projectId, JobId id, Optional<String> directory) {
        lastCall = new Call("trigger", projectId, id, directory);
        throwIfTold();
    }

    @Override
    public void importSavepoint(ProjectId projectId, JobId id, String path) {
        lastCall = new Call("import", projectId, id, Optional.of(path));
        throwIfTold();
    }

    @Override
    public JobSavepoints history(ProjectId projectId, JobId id) {
        lastCall = new Call("history", projectId, id, Optional.empty());
        throwIfTold();
        JobSavepoints told = history;
        return told != null ? told : new JobSavepoints(id, Optional.empty(), java.util.List.of());
    }

    private void throwIfTold() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
