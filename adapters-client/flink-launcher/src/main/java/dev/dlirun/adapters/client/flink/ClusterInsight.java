package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.insight.RecordCount;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.metrics.MetricNames;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobIDPathParameter;
import org.apache.flink.runtime.rest.messages.JobVertexIdPathParameter;
import org.apache.flink.runtime.rest.messages.MessagePathParameter;
import org.apache.flink.runtime.rest.messages.MessageQueryParameter;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedMetric;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.MetricsAggregationParameter;
import org.apache.flink.runtime.rest.messages.job.metrics.MetricsFilterParameter;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.JobPlanInfo;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointConfigHeaders;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointConfigInfo;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatistics;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.runtime.rest.util.RestMapperUtils;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static dev.dlirun.adapters.client.flink.ServiceCluster.CALL_TIMEOUT;

/**
 * A launch at work as Flink's REST API tells it, asked of the cluster that holds it: its job as a whole
 * ({@code /jobs/:jobid}), the records its sources and sinks passed on, its exception history
 * ({@code /jobs/:jobid/exceptions}) and its checkpoints ({@code /jobs/:jobid/checkpoints}). Flink keeps all of it
 * after the job ends, while the cluster keeps the job ({@code jobstore.expiration-time}); a launch Flink does not know
 * answers empty.
 */
final class ClusterInsight {

    private final ServiceCluster cluster;
    private final ClusterJobs jobs;

    ClusterInsight(ServiceCluster cluster, ClusterJobs jobs) {
        this.cluster = cluster;
        this.jobs = jobs;
    }

    Optional<ExecutionGraph> executionGraph(RuntimeJobId id) {
        return details(id).map(job -> new ExecutionGraph(job.getJobId().toHexString(), job.getName(),
                job.getJobStatus().name(), job.isStoppable(), job.getStartTime(), job.getEndTime(),
                Math.max(0, job.getDuration())));
    }

    /**
     * Flink counts, for each task (a chain of operators), the records it took from other tasks ({@code read-records})
     * and gave to them ({@code write-records}); it keeps these counts after the job ends, unlike its per-operator
     * metrics. A source's task is one no other task feeds: what it read is what it gave on. A sink's task is one that
     * feeds no other: what it received is what it took. While the job has not ended, the rates are Flink's own
     * current ones (see {@link #currentRate}); once it has ended Flink keeps no per-second rate, and they are the
     * counts over the time each task ran, the average of the run. A source chained with its sink in one task exchanges
     * nothing with other tasks, and is counted as zero.
     */
    Optional<JobMetrics.RunMetrics> metrics(RuntimeJobId id) {
        return details(id).map(job -> {
            Collection<JobPlanInfo.Plan.Node> nodes = job.getPlan() == null ? List.of() : job.getPlan().getNodes();
            Set<String> fed = new HashSet<>();
            Set<String> feeding = new HashSet<>();
            for (JobPlanInfo.Plan.Node node : nodes) {
                if (node.getInputs() != null && !node.getInputs().isEmpty()) {
                    fed.add(node.getId());
                    node.getInputs().forEach(input -> feeding.add(input.getId()));
                }
            }
            List<RecordCount> sources = new ArrayList<>();
            List<RecordCount> sinks = new ArrayList<>();
            double readRate = 0;
            double writeRate = 0;
            boolean ended = job.getJobStatus().isGloballyTerminalState();
            for (JobDetailsInfo.JobVertexDetailsInfo task : job.getJobVertexInfos()) {
                String vertex = task.getJobVertexID().toHexString();
                long records;
                double seconds = Math.max(task.getDuration(), 0) / 1000.0;
                if (!fed.contains(vertex)) {
                    records = task.getJobVertexMetrics().getRecordsWritten();
                    sources.add(new RecordCount(task.getName(), records));
                    readRate += ended ? average(records, seconds)
                            : currentRate(id, task, MetricNames.IO_NUM_RECORDS_OUT_RATE);
                }
                if (!feeding.contains(vertex)) {
                    records = task.getJobVertexMetrics().getRecordsRead();
                    sinks.add(new RecordCount(task.getName(), records));
                    writeRate += ended ? average(records, seconds)
                            : currentRate(id, task, MetricNames.IO_NUM_RECORDS_IN_RATE);
                }
            }
            return new JobMetrics.RunMetrics(sources, sinks, readRate, writeRate);
        });
    }

    private static double average(long records, double seconds) {
        return seconds > 0 ? records / seconds : 0;
    }

    /**
     * A task's current records per second, as Flink measures it: the sum over its subtasks of the task's
     * {@code numRecordsOutPerSecond} (what a source passes on) or {@code numRecordsInPerSecond} (what a sink takes),
     * from {@code /jobs/:jobid/vertices/:vertexid/subtasks/metrics?get=...&agg=sum}. Flink's meter is the records of
     * the last minute per second (it counts the minute from the task's start, so it reads low during the task's first
     * minute), and its REST view refreshes the task managers' metrics every few seconds
     * ({@code metrics.fetcher.update-interval}). A task whose subtasks report no such metric (not yet deployed, or
     * finished within a running job) has no current rate: 0.
     */
    private double currentRate(RuntimeJobId id, JobDetailsInfo.JobVertexDetailsInfo task, String metric) {
        AggregatedSubtaskMetricsParameters parameters = new AggregatedSubtaskMetricsParameters();
        for (MessagePathParameter<?> path : parameters.getPathParameters()) {
            if (path instanceof JobIDPathParameter job) {
                job.resolve(JobID.fromHexString(id.value()));
            } else if (path instanceof JobVertexIdPathParameter vertex) {
                vertex.resolve(task.getJobVertexID());
            }
        }
        for (MessageQueryParameter<?> query : parameters.getQueryParameters()) {
            if (query instanceof MetricsFilterParameter metrics) {
                metrics.resolve(List.of(metric));
            } else if (query instanceof MetricsAggregationParameter aggregations) {
                aggregations.resolve(List.of(MetricsAggregationParameter.AggregationMode.SUM));
            }
        }
        return ask(id, "the rate of " + task.getName(), flink -> flink.sendRequest(
                AggregatedSubtaskMetricsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance()))
                .stream()
                .flatMap(answer -> answer.getMetrics().stream())
                .filter(measured -> metric.equals(measured.getId()) && measured.getSum() != null)
                .mapToDouble(AggregatedMetric::getSum)
                .filter(Double::isFinite)
                .sum();
    }

    /** Flink's exception history, newest first, each failure by the root cause of its trace. */
    Optional<JobExceptions> exceptions(RuntimeJobId id) {
        JobExceptionsMessageParameters parameters = new JobExceptionsMessageParameters();
        parameters.jobPathParameter.resolve(JobID.fromHexString(id.value()));
        return ask(id, "its exception history", flink -> flink.sendRequest(JobExceptionsHeaders.getInstance(),
                parameters, EmptyRequestBody.getInstance())).map(info -> {
            JobExceptionsInfoWithHistory.JobExceptionHistory history = info.getExceptionHistory();
            List<JobExceptions.Failure> failures = history.getEntries().stream()
                    .map(ClusterInsight::failure)
                    .toList();
            return new JobExceptions(failures, history.isTruncated());
        });
    }

    /**
     * One entry of the history. A failure that ends the job (no restart left) is recorded as Flink's own global
     * failure ("Recovery is suppressed"), the task's failure beside it among its concurrent exceptions: the task and
     * its worker are that one's. The root cause is the entry's, whose trace ends with the task's cause.
     */
    private static JobExceptions.Failure failure(JobExceptionsInfoWithHistory.RootExceptionInfo entry) {
        JobExceptionsInfoWithHistory.ExceptionInfo where = entry;
        if (entry.getTaskName() == null && entry.getConcurrentExceptions() != null) {
            where = entry.getConcurrentExceptions().stream().filter(other -> other.getTaskName() != null)
                    .findFirst().orElse(entry);
        }
        return new JobExceptions.Failure(FlinkFailures.rootCauseOfTrace(entry.getStacktrace()), entry.getTimestamp(),
                Optional.ofNullable(where.getTaskName()), Optional.ofNullable(where.getEndpoint()));
    }

    /**
     * Flink's counts of the launch's checkpoints. Flink answers them for a job without checkpointing too (all zero):
     * the job's checkpoint configuration says whether it takes any (an interval of {@code Long.MAX_VALUE} when it
     * does not; 404 on versions that refuse the question).
     */
    Optional<JobCheckpoints> checkpoints(RuntimeJobId id) {
        JobMessageParameters parameters = new JobMessageParameters();
        parameters.jobPathParameter.resolve(JobID.fromHexString(id.value()));
        Optional<CheckpointConfigInfo> config = ask(id, "its checkpoint configuration",
                flink -> flink.sendRequest(CheckpointConfigHeaders.getInstance(), parameters,
                        EmptyRequestBody.getInstance()));
        if (config.isEmpty() || !periodic(config.get())) {
            return details(id).map(known -> new JobCheckpoints(false, 0, 0, 0, Optional.empty(), Optional.empty()));
        }
        Optional<CheckpointingStatistics> statistics = ask(id, "its checkpoints",
                flink -> flink.sendRequest(CheckpointingStatisticsHeaders.getInstance(), parameters,
                        EmptyRequestBody.getInstance()));
        if (statistics.isEmpty()) {
            return Optional.empty();
        }
        CheckpointingStatistics stats = statistics.get();
        CheckpointingStatistics.LatestCheckpoints latest = stats.getLatestCheckpoints();
        Optional<JobCheckpoints.Completed> completed = Optional.ofNullable(latest.getCompletedCheckpointStatistics())
                .map(checkpoint -> new JobCheckpoints.Completed(checkpoint.getId(), checkpoint.getTriggerTimestamp(),
                        checkpoint.getLatestAckTimestamp(), checkpoint.getDuration(), checkpoint.getStateSize(),
                        checkpoint.getCheckpointedSize()));
        Optional<JobCheckpoints.Failed> failed = Optional.ofNullable(latest.getFailedCheckpointStatistics())
                .map(checkpoint -> new JobCheckpoints.Failed(checkpoint.getId(), checkpoint.getTriggerTimestamp(),
                        checkpoint.getFailureTimestamp(), Optional.ofNullable(checkpoint.getFailureMessage())
                        .map(ClusterInsight::firstLine)));
        CheckpointingStatistics.Counts counts = stats.getCounts();
        return Optional.of(new JobCheckpoints(true, counts.getNumberCompletedCheckpoints(),
                counts.getNumberFailedCheckpoints(), counts.getNumberInProgressCheckpoints(), completed, failed));
    }

    /** The external path of the launch's latest completed savepoint, as Flink's checkpoint statistics keep it. */
    Optional<String> latestSavepoint(RuntimeJobId id) {
        JobMessageParameters parameters = new JobMessageParameters();
        parameters.jobPathParameter.resolve(JobID.fromHexString(id.value()));
        return ask(id, "its checkpoints", flink -> flink.sendRequest(CheckpointingStatisticsHeaders.getInstance(),
                parameters, EmptyRequestBody.getInstance()))
                .map(stats -> stats.getLatestCheckpoints().getSavepointStatistics())
                .map(savepoint -> savepoint.getExternalPath())
                .filter(path -> !path.isBlank());
    }

    /**
     * Whether the job takes checkpoints at all. The configuration's Java form has no getters: its interval is read
     * from the JSON Flink's REST API sends.
     */
    private static boolean periodic(CheckpointConfigInfo config) {
        long interval = RestMapperUtils.getStrictObjectMapper().valueToTree(config)
                .path(CheckpointConfigInfo.FIELD_NAME_CHECKPOINT_INTERVAL).asLong(Long.MAX_VALUE);
        return interval > 0 && interval != Long.MAX_VALUE;
    }

    /** A failure message's first line, short: Flink's may carry a stack trace. */
    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= RootCauses.MAX_LENGTH ? line : line.substring(0, RootCauses.MAX_LENGTH - 1) + "…";
    }

    private Optional<JobDetailsInfo> details(RuntimeJobId id) {
        JobID job = JobID.fromHexString(id.value());
        return ask(id, "the job", flink -> flink.getJobDetails(job));
    }

    /** Asks the cluster that holds the launch; empty when Flink does not know it (404). */
    private <T> Optional<T> ask(RuntimeJobId id, String what, Function<RestClusterClient<String>, CompletableFuture<T>> call) {
        cluster.readyClient();
        try {
            return Optional.of(call.apply(jobs.clientOf(id)).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while asking Flink about job " + id, e);
        } catch (ExecutionException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw new RuntimeUnavailableException("cannot ask Flink for " + what + " of job " + id + ": "
                    + RootCauses.describe(e), e);
        } catch (TimeoutException e) {
            throw new RuntimeUnavailableException("Flink did not tell " + what + " of job " + id + " within "
                    + CALL_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static boolean notFound(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RestClientException rest
                    && rest.getHttpResponseStatus().equals(HttpResponseStatus.NOT_FOUND)) {
                return true;
            }
        }
        return false;
    }
}
