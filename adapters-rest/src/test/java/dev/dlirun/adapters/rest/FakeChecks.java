package dev.dlirun.adapters.rest;

import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.CheckJobGraph;

/** The check use case as the REST tests want it: record the last call, answer the verdict (or throw what) told. */
final class FakeChecks implements CheckJobGraph {

    record Call(ProjectId projectId, JobId id, GraphCheck check) {
    }

    volatile Call lastCall;
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
}
