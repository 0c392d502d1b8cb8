package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.JobsOverviewHeaders;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.dlirun.adapters.client.flink.ServiceCluster.CALL_TIMEOUT;

/**
 * What the clusters have, as Flink's REST API tells it: the launches of the service's cluster and of the projects' own
 * clusters, in the runtime's states, and why one failed. It remembers which cluster has each launch, so that a launch
 * is followed, stopped and asked about where it runs.
 */
final class ClusterJobs {

    private final ServiceCluster cluster;
    /** The clusters of the projects that run code, on the local engine; null on the others. */
    private final CodeClusters code;
    private final SlotQuota quota;
    /**
     * Which cluster has each launch (the local cluster, or a project's own), as the last look at them saw, or as its
     * job client said moments ago.
     */
    private final Map<RuntimeJobId, Where> where = new ConcurrentHashMap<>();

    /** A cluster that has a launch, and since when this runtime knows it. */
    private record Where(RestClusterClient<String> client, long since) {
        /** A launch submitted this long ago that Flink does not list yet is still on its way there. */
        static final long ON_ITS_WAY = TimeUnit.SECONDS.toNanos(60);
    }

    /** @param quota the slots projects hold, given back as their launches are seen to end */
    ClusterJobs(ServiceCluster cluster, CodeClusters code, SlotQuota quota) {
        this.cluster = cluster;
        this.code = code;
        this.quota = quota;
    }

    /** Every launch of every cluster, each where its cluster says it is; the slot quota follows them. */
    Map<RuntimeJobId, ObservedJob> observe() {
        Map<RuntimeJobId, ObservedJob> seen = overview();
        quota.follow(seen);
        if (code != null) {
            long now = System.nanoTime();
            RestClusterClient<String> shared = cluster.client();
            seen.keySet().forEach(id -> where.put(id, new Where(shared, now)));
            for (CodeClusters.Connection connection : code.started()) {
                // A project's cluster (whose JobManager its own code may reach) speaks for its own launches only: it
                // cannot take over a launch another cluster lists.
                overview(connection.client()).forEach((id, job) -> {
                    if (seen.putIfAbsent(id, job) == null) {
                        where.put(id, new Where(connection.client(), now));
                    }
                });
            }
            where.entrySet().removeIf(entry -> !seen.containsKey(entry.getKey())
                    && now - entry.getValue().since() > Where.ON_ITS_WAY);
        }
        return seen;
    }

    /** The launches of the service's cluster. */
    Map<RuntimeJobId, ObservedJob> overview() {
        return overview(cluster.readyClient());
    }

    /** A job client has just submitted {@code id} to the cluster {@code flink}: it is there, though not listed yet. */
    void submitted(RuntimeJobId id, RestClusterClient<String> flink) {
        where.put(id, new Where(flink, System.nanoTime()));
    }

    /** The cluster that has {@code id}, as the last look saw; the local cluster when none has been seen to. */
    RestClusterClient<String> clientOf(RuntimeJobId id) {
        Where known = where.get(id);
        return known != null ? known.client() : cluster.client();
    }

    /** The launches of the cluster {@code flink}. */
    Map<RuntimeJobId, ObservedJob> overview(RestClusterClient<String> flink) {
        Iterable<JobDetails> jobs;
        try {
            jobs = flink.sendRequest(JobsOverviewHeaders.getInstance(), EmptyMessageParameters.getInstance(),
                    EmptyRequestBody.getInstance()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getJobs();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while asking Flink for its jobs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RuntimeUnavailableException("cannot ask the Flink cluster at " + cluster.rest()
                    + " for its jobs: " + RootCauses.describe(e), e);
        }
        Map<RuntimeJobId, ObservedJob> observed = new HashMap<>();
        for (JobDetails job : jobs) {
            RuntimeJobId id = new RuntimeJobId(job.getJobId().toHexString());
            observed.put(id, new ObservedJob(id, state(job.getStatus()), allTasksRunning(job)));
        }
        return observed;
    }

    /**
     * Flink says RUNNING as soon as it schedules a job, while its tasks may still wait for slots (FLINK-34906): a job
     * runs when every task runs (or has finished) and no operator is still to come.
     */
    private static boolean allTasksRunning(JobDetails job) {
        int[] tasks = job.getTasksPerState();
        int running = tasks[ExecutionState.RUNNING.ordinal()] + tasks[ExecutionState.FINISHED.ordinal()];
        return job.getStatus() == JobStatus.RUNNING && job.getNumTasks() > 0 && running == job.getNumTasks()
                && job.getPendingOperators() == 0;
    }

    private static ObservedJob.State state(JobStatus status) {
        return switch (status) {
            case INITIALIZING, CREATED, RECONCILING -> ObservedJob.State.STARTING;
            case RUNNING -> ObservedJob.State.RUNNING;
            case FAILING, RESTARTING -> ObservedJob.State.FAILING;
            case FAILED -> ObservedJob.State.FAILED;
            case CANCELLING -> ObservedJob.State.CANCELLING;
            case CANCELED -> ObservedJob.State.CANCELED;
            case FINISHED -> ObservedJob.State.FINISHED;
            case SUSPENDED -> ObservedJob.State.SUSPENDED;
        };
    }

    /**
     * Why the job failed: the root cause of the latest entry of its exception history. It failed before it ever ran
     * when Flink never put it in RUNNING (it could not even be set up, e.g. its state could not be restored).
     */
    Failure failure(RuntimeJobId id) {
        cluster.readyClient();
        RestClusterClient<String> flink = clientOf(id);
        JobID job = JobID.fromHexString(id.value());
        try {
            JobExceptionsMessageParameters parameters = new JobExceptionsMessageParameters();
            parameters.jobPathParameter.resolve(job);
            JobExceptionsInfoWithHistory exceptions = flink.sendRequest(JobExceptionsHeaders.getInstance(), parameters,
                    EmptyRequestBody.getInstance()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var entries = exceptions.getExceptionHistory().getEntries();
            String cause = entries.isEmpty() ? FlinkFailures.rootCauseOfTrace(null)
                    : FlinkFailures.rootCauseOfTrace(entries.get(0).getStacktrace());
            Long running = flink.getJobDetails(job).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getTimestamps().get(JobStatus.RUNNING);
            return new Failure(cause, running == null || running == 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while asking Flink why a job failed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RuntimeUnavailableException("cannot ask Flink why job " + id + " failed: "
                    + RootCauses.describe(e), e);
        }
    }
}
