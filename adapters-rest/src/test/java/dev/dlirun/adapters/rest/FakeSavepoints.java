package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageSavepoints;

import java.util.Optional;

/** The savepoint use cases as the REST tests want them: record the last call, and throw what the test says. */
final class FakeSavepoints implements ManageSavepoints {

    /** What the fake was last asked: the operation, the job and the path. */
    record Call(String operation, ProjectId projectId, JobId id, Optional<String> path) {
    }

    volatile Call lastCall;
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

    private void throwIfTold() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
