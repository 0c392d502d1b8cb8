package dev.dlirun.application;

import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.InspectJobs;
import dev.dlirun.domain.port.out.JobInsight;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asks the backend what its jobs are doing, within the request's time budget. A batch of metrics is checked as the
 * batch operations' are (not empty, at most the configured maximum), asked once per distinct job, and answered in the
 * caller's order.
 */
public final class InspectJobsService implements InspectJobs {

    private final JobInsight insight;
    private final int maxBatchSize;
    private final Duration budget;

    /**
     * @param maxBatchSize the most ids one request for metrics may name, repetitions included
     * @param budget       how long one request may take, backend calls included
     */
    public InspectJobsService(JobInsight insight, int maxBatchSize, Duration budget) {
        this.insight = Objects.requireNonNull(insight, "insight");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, not " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public ExecutionGraph executionGraph(ProjectId projectId, JobId id) {
        return insight.executionGraph(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Deadline.after(budget));
    }

    @Override
    public List<JobMetrics> metrics(ProjectId projectId, List<JobId> ids) {
        Objects.requireNonNull(projectId, "projectId");
        List<JobId> distinct = JobBatches.distinct(ids, maxBatchSize);
        Map<JobId, JobMetrics> measured = insight.metrics(projectId, distinct, Deadline.after(budget));
        JobBatches.requireOneAnswerEach("JobInsight", distinct, measured);
        return ids.stream().map(measured::get).toList();
    }

    @Override
    public JobExceptions exceptions(ProjectId projectId, JobId id) {
        return insight.exceptions(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Deadline.after(budget));
    }

    @Override
    public JobCheckpoints checkpoints(ProjectId projectId, JobId id) {
        return insight.checkpoints(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Deadline.after(budget));
    }
}
