package dev.dlirun.domain.port.out;

import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.InspectJobs;

import java.util.List;
import java.util.Map;

/** Driven port: what a backend can tell of its jobs at work. Throws as {@link InspectJobs} says. */
public interface JobInsight {

    ExecutionGraph executionGraph(ProjectId projectId, JobId id, Deadline deadline);

    /**
     * The numbers of each of {@code ids} (distinct), by id.
     *
     * @throws dev.dlirun.domain.model.JobNotFoundException naming the first id the project does not hold
     */
    Map<JobId, JobMetrics> metrics(ProjectId projectId, List<JobId> ids, Deadline deadline);

    JobExceptions exceptions(ProjectId projectId, JobId id, Deadline deadline);

    JobCheckpoints checkpoints(ProjectId projectId, JobId id, Deadline deadline);
}
