package dev.dlirun.application;

import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.CheckJobGraph;
import dev.dlirun.domain.port.out.JobGraphs;

import java.time.Duration;
import java.util.Objects;

/** Checks a job's SQL through the backend, within the request's time budget. */
public final class JobGraphService implements CheckJobGraph {

    private final JobGraphs graphs;
    private final Duration budget;

    /** @param budget how long one request may take, the backend's check included */
    public JobGraphService(JobGraphs graphs, Duration budget) {
        this.graphs = Objects.requireNonNull(graphs, "graphs");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public GraphVerdict check(ProjectId projectId, JobId id, GraphCheck check) {
        return graphs.graph(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(check, "check"), Deadline.after(budget));
    }
}
