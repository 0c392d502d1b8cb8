package dev.dlirun.domain.port.out;

import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.CheckJobGraph;

/** Driven port: a backend's check of a job's SQL, nothing run. Throws as {@link CheckJobGraph} says. */
public interface JobGraphs {

    GraphVerdict graph(ProjectId projectId, JobId id, GraphCheck check, Deadline deadline);
}
