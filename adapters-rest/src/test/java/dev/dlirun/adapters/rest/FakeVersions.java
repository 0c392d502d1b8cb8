package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageVersions;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;

import java.util.List;

/**
 * The version use cases as the REST tests want them: record the last call, answer what the test gives, and throw
 * what the test says.
 */
final class FakeVersions implements ManageVersions {

    /** What the fake was last asked: the operation, and the query or the job and version. */
    record Call(String operation, ProjectId projectId, JobId id, Object argument) {
    }

    volatile Call lastCall;
    /** What a list answers: none unless the test says otherwise. */
    volatile VersionPage page;
    /** What a show or a rollback answers. */
    volatile JobVersion version;
    private volatile RuntimeException failure;

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    void reset() {
        lastCall = null;
        page = null;
        version = null;
        failure = null;
    }

    @Override
    public VersionPage list(VersionQuery query) {
        lastCall = new Call("list", query.projectId(), query.jobId(), query);
        throwIfTold();
        VersionPage told = page;
        return told != null ? told : new VersionPage(0, List.of());
    }

    @Override
    public JobVersion show(ProjectId projectId, JobId id, int number) {
        lastCall = new Call("show", projectId, id, number);
        throwIfTold();
        return version;
    }

    @Override
    public JobVersion rollback(ProjectId projectId, JobId id, int number) {
        lastCall = new Call("rollback", projectId, id, number);
        throwIfTold();
        return version;
    }

    private void throwIfTold() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
