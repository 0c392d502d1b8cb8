package dev.dlirun.adapters.rest;

import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.CheckJobGraph;
import dev.dlirun.domain.port.in.CheckJobState;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;
import dev.dlirun.domain.state.StateVerdict;

/**
 * The check use cases (a job's graph, a job's state) as the REST tests want them: record the last call, answer the
 * verdict (or throw what) told.
 */
final class FakeChecks implements CheckJobGraph, CheckJobState {

    record Call(ProjectId projectId, JobId id, GraphCheck check) {
    }

    record StateCall(ProjectId projectId, JobId id, StateCheckRequest request) {
    }

    volatile Call lastCall;
    volatile StateCall lastStateCall;
    volatile StateCheckResult stateResult = new StateCheckResult(StateVerdict.compatible("ok"), "file:/sp",
            StateCheckResult.Source.SAVEPOINT);
    private volatile GraphVerdict verdict = new GraphVerdict.Planned("{\"graph_type\":\"simple_graph\"}");
    private volatile RuntimeException failure;

    void answer(GraphVerdict verdict) {
        this.verdict = verdict;
    }

    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    @Override
    public GraphVerdict check(ProjectId projectId, JobId id, GraphCheck check) {
        lastCall = new Call(projectId, id, check);
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        return verdict;
    }

    @Override
    public StateCheckResult check(ProjectId projectId, JobId id, StateCheckRequest request) {
        lastStateCall = new StateCall(projectId, id, request);
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        return stateResult;
    }
}
