package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends launches and takes their savepoints, each on the cluster that has it: stopped with a savepoint in the job's own
 * savepoints' directory, a savepoint taken while it runs on, cancelled; and every job of a cluster the service stops
 * cancelled first.
 */
final class JobControl {

    // The runtime's lines keep the one logger name, whichever of its classes writes them.
    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobRuntime.class);

    private final FlinkSettings settings;
    private final ServiceCluster cluster;
    private final ClusterJobs jobs;

    JobControl(FlinkSettings settings, ServiceCluster cluster, ClusterJobs jobs) {
        this.settings = settings;
        this.cluster = cluster;
        this.jobs = jobs;
    }

    CompletableFuture<String> stopWithSavepoint(RuntimeJobId id, ProjectId projectId, JobId jobId, Duration timeout) {
        RestClusterClient<String> flink = jobs.clientOf(id);
        if (flink == null || cluster.why() != null) {
            return CompletableFuture.failedFuture(new RuntimeUnavailableException(String.valueOf(cluster.why())));
        }
        return flink.stopWithSavepoint(JobID.fromHexString(id.value()), false,
                        settings.savepointsOf(projectId.value(), jobId.value()), SavepointFormatType.CANONICAL)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletableFuture<String> triggerSavepoint(RuntimeJobId id, URI directory, Duration timeout) {
        RestClusterClient<String> flink = jobs.clientOf(id);
        if (flink == null || cluster.why() != null) {
            return CompletableFuture.failedFuture(new RuntimeUnavailableException(String.valueOf(cluster.why())));
        }
        return flink.triggerSavepoint(JobID.fromHexString(id.value()), directory.toString(),
                        SavepointFormatType.CANONICAL)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Void> cancel(RuntimeJobId id) {
        RestClusterClient<String> flink = jobs.clientOf(id);
        if (flink == null || cluster.why() != null) {
            return CompletableFuture.failedFuture(new RuntimeUnavailableException(String.valueOf(cluster.why())));
        }
        return flink.cancel(JobID.fromHexString(id.value())).thenApply(acknowledged -> null);
    }

    /** Cancels every job of the embedded cluster that has not ended, and waits (ten seconds at most) until they have. */
    void cancelAll(RestClusterClient<String> flink) {
        try {
            for (ObservedJob job : jobs.overview(flink).values()) {
                if (!job.state().isTerminal()) {
                    flink.cancel(JobID.fromHexString(job.id().value()));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline
                    && jobs.overview(flink).values().stream().anyMatch(job -> !job.state().isTerminal())) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not cancel the embedded cluster's jobs before stopping it: {}", e.toString());
        }
    }
}
