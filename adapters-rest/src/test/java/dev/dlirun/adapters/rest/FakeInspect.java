package dev.dlirun.adapters.rest;

import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.InspectJobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The inspect use case as the REST tests want it: answers what the test put in it, by project and job; any other job
 * is not found. Remembers each batch of metrics it was asked for.
 */
final class FakeInspect implements InspectJobs {

    private record Key(ProjectId project, JobId id) {
    }

    private final Map<Key, ExecutionGraph> graphs = new ConcurrentHashMap<>();
    private final Map<Key, JobMetrics> metrics = new ConcurrentHashMap<>();
    private final Map<Key, JobExceptions> exceptions = new ConcurrentHashMap<>();
    private final Map<Key, JobCheckpoints> checkpoints = new ConcurrentHashMap<>();
    final List<List<JobId>> metricBatches = new CopyOnWriteArrayList<>();

    void graph(ProjectId project, JobId id, ExecutionGraph graph) {
        graphs.put(new Key(project, id), graph);
    }

    void metrics(ProjectId project, JobMetrics answer) {
        metrics.put(new Key(project, answer.jobId()), answer);
    }

    void exceptions(ProjectId project, JobId id, JobExceptions answer) {
        exceptions.put(new Key(project, id), answer);
    }

    void checkpoints(ProjectId project, JobId id, JobCheckpoints answer) {
        checkpoints.put(new Key(project, id), answer);
    }

    private static <T> T of(Map<Key, T> answers, ProjectId project, JobId id) {
        T answer = answers.get(new Key(project, id));
        if (answer == null) {
            throw new JobNotFoundException(id);
        }
        return answer;
    }

    @Override
    public ExecutionGraph executionGraph(ProjectId projectId, JobId id) {
        return of(graphs, projectId, id);
    }

    @Override
    public List<JobMetrics> metrics(ProjectId projectId, List<JobId> ids) {
        metricBatches.add(List.copyOf(ids));
        return ids.stream().map(id -> of(metrics, projectId, id)).toList();
    }

    @Override
    public JobExceptions exceptions(ProjectId projectId, JobId id) {
        return of(exceptions, projectId, id);
    }

    @Override
    public JobCheckpoints checkpoints(ProjectId projectId, JobId id) {
        return of(checkpoints, projectId, id);
    }
}
