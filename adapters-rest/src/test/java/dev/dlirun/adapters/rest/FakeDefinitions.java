package dev.dlirun.adapters.rest;

import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ManageJobs;

import java.time.Instant;
import java.util.List;

/**
 * The definition use cases as the REST tests want them: record what arrived (the fields as the edge read them, the
 * query), answer what the test set, and throw what it says.
 */
final class FakeDefinitions implements ManageJobs {

    /** What the fake was last asked. */
    record Call(String operation, ProjectId projectId, JobId id, JobType type, boolean jarEndpoint, JobFields fields,
                JobQuery query, List<JobId> ids) {
    }

    volatile Call lastCall;
    volatile JobPage page = new JobPage(0, List.of());
    volatile Instant updateTime = Instant.ofEpochMilli(1_763_946_000_000L);
    volatile java.util.Optional<dev.dlirun.domain.state.StateVerdict> stateCheck = java.util.Optional.empty();
    private volatile RuntimeException failure;

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public NewJob create(ProjectId projectId, JobType type, JobFields fields) {
        lastCall = new Call("create", projectId, null, type, false, fields, null, null);
        throwIfTold();
        return new NewJob(JobId.of(100_000), JobStatus.JOB_INIT);
    }

    @Override
    public dev.dlirun.domain.definition.JobUpdate update(ProjectId projectId, JobId id, boolean jarEndpoint,
                                                        JobFields changes) {
        lastCall = new Call("update", projectId, id, null, jarEndpoint, changes, null, null);
        throwIfTold();
        return new dev.dlirun.domain.definition.JobUpdate(updateTime, stateCheck);
    }

    @Override
    public JobPage list(JobQuery query) {
        lastCall = new Call("list", query.projectId(), null, null, false, null, query, null);
        throwIfTold();
        return page;
    }

    @Override
    public void delete(ProjectId projectId, JobId id) {
        lastCall = new Call("delete", projectId, id, null, false, null, null, List.of(id));
        throwIfTold();
    }

    @Override
    public List<JobOutcome> delete(ProjectId projectId, List<JobId> ids) {
        lastCall = new Call("batch delete", projectId, null, null, false, null, null, ids);
        throwIfTold();
        return ids.stream().<JobOutcome>map(id -> id.value() == 999 ? new JobOutcome.NotFound(id)
                : new JobOutcome.Delivered(JobOperation.DELETE, id)).toList();
    }

    private void throwIfTold() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }
}
