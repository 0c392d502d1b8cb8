package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.model.FlinkCompletedCheckpoint;
import dev.dlirun.adapters.rest.generated.model.FlinkFailedCheckpoint;
import dev.dlirun.adapters.rest.generated.model.FlinkJobCheckpoints;
import dev.dlirun.adapters.rest.generated.model.FlinkJobExceptions;
import dev.dlirun.adapters.rest.generated.model.FlinkJobExecutionGraph;
import dev.dlirun.adapters.rest.generated.model.FlinkJobFailure;
import dev.dlirun.adapters.rest.generated.model.FlinkJobSavepoint;
import dev.dlirun.adapters.rest.generated.model.FlinkJobMetric;
import dev.dlirun.adapters.rest.generated.model.FlinkJobMetricInfo;
import dev.dlirun.adapters.rest.generated.model.FlinkMetric;
import dev.dlirun.adapters.rest.generated.model.FlinkMetricList;
import dev.dlirun.adapters.rest.generated.model.ListFlinkJobSavepointsResponse;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobCheckpointsResponse;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobExceptionsResponse;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobExecutionGraphResponse;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkMetricResponse;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.insight.RecordCount;
import dev.dlirun.domain.model.JobSavepoints;

import java.util.List;

/**
 * How a job at work is answered: DLI's shapes for the execution graph ({@code is_success} a string) and the metrics
 * ({@code is_success} a boolean, as the SDK reads each), and the extensions' shapes for exceptions, checkpoints and a
 * job's savepoint history.
 */
final class JobInsightMapping {

    private JobInsightMapping() {
    }

    static ShowFlinkJobExecutionGraphResponse toResponse(ExecutionGraph graph) {
        return new ShowFlinkJobExecutionGraphResponse()
                .isSuccess(ShowFlinkJobExecutionGraphResponse.IsSuccessEnum.TRUE)
                .message("")
                .executeGraph(new FlinkJobExecutionGraph()
                        .jid(graph.runId())
                        .name(graph.name())
                        .isStoppable(graph.stoppable())
                        .state(graph.state())
                        .startTime(graph.startTime())
                        .endTime(graph.endTime())
                        .duration(graph.duration()));
    }

    static ShowFlinkMetricResponse toResponse(List<JobMetrics> metrics) {
        return new ShowFlinkMetricResponse()
                .isSuccess(true)
                .message("")
                .metrics(new FlinkMetric().jobs(metrics.stream().map(JobInsightMapping::toElement).toList()));
    }

    private static FlinkMetricList toElement(JobMetrics job) {
        FlinkMetricList element = new FlinkMetricList().jobId(job.jobId().value());
        job.run().ifPresent(run -> element.metrics(new FlinkJobMetric()
                .sources(counts(run.sources()))
                .sinks(counts(run.sinks()))
                .totalReadRate(run.totalReadRate())
                .totalWriteRate(run.totalWriteRate())));
        job.whyNone().ifPresent(element::metricsUnavailable);
        return element;
    }

    private static List<FlinkJobMetricInfo> counts(List<RecordCount> counts) {
        return counts.stream().map(count -> new FlinkJobMetricInfo().name(count.name()).records(count.records()))
                .toList();
    }

    static ShowFlinkJobExceptionsResponse toResponse(JobExceptions exceptions) {
        return new ShowFlinkJobExceptionsResponse()
                .isSuccess(ShowFlinkJobExceptionsResponse.IsSuccessEnum.TRUE)
                .message("")
                .exceptions(new FlinkJobExceptions()
                        .rootCause(exceptions.rootCause().map(JobInsightMapping::toFailure).orElse(null))
                        .history(exceptions.failures().stream().map(JobInsightMapping::toFailure).toList())
                        .truncated(exceptions.truncated()));
    }

    private static FlinkJobFailure toFailure(JobExceptions.Failure failure) {
        return new FlinkJobFailure()
                .cause(failure.cause())
                .timestamp(failure.timestamp())
                .taskName(failure.taskName().orElse(null))
                .location(failure.location().orElse(null));
    }

    static ShowFlinkJobCheckpointsResponse toResponse(JobCheckpoints checkpoints) {
        return new ShowFlinkJobCheckpointsResponse()
                .isSuccess(ShowFlinkJobCheckpointsResponse.IsSuccessEnum.TRUE)
                .message("")
                .checkpoints(new FlinkJobCheckpoints()
                        .enabled(checkpoints.enabled())
                        .completed(checkpoints.completed())
                        .failed(checkpoints.failed())
                        .inProgress(checkpoints.inProgress())
                        .latestCompleted(checkpoints.latestCompleted().map(completed -> new FlinkCompletedCheckpoint()
                                .id(completed.id())
                                .triggerTime(completed.triggerTime())
                                .completionTime(completed.completionTime())
                                .duration(completed.duration())
                                .stateSize(completed.stateSize())
                                .checkpointedSize(completed.checkpointedSize())).orElse(null))
                        .latestFailed(checkpoints.latestFailed().map(failed -> new FlinkFailedCheckpoint()
                                .id(failed.id())
                                .triggerTime(failed.triggerTime())
                                .failureTime(failed.failureTime())
                                .reason(failed.reason().orElse(null))).orElse(null)));
    }

    static ListFlinkJobSavepointsResponse toResponse(JobSavepoints history) {
        return new ListFlinkJobSavepointsResponse()
                .isSuccess(ListFlinkJobSavepointsResponse.IsSuccessEnum.TRUE)
                .message("")
                .jobId(history.jobId().value())
                .savepoints(history.savepoints().stream().map(savepoint -> new FlinkJobSavepoint()
                        .path(savepoint.path())
                        .takenAt(savepoint.takenAt())
                        .origin(switch (savepoint.origin()) {
                            case STOP -> FlinkJobSavepoint.OriginEnum.STOP;
                            case TRIGGER -> FlinkJobSavepoint.OriginEnum.TRIGGER;
                            case IMPORT -> FlinkJobSavepoint.OriginEnum.IMPORT;
                        })
                        .current(history.isCurrent(savepoint))).toList());
    }
}
