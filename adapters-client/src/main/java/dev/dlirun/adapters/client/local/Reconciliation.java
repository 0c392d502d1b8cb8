package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a start of the service does with the jobs a previous run left starting, running or stopping, once the runtime
 * can be asked. Nothing acknowledged is lost and nothing runs twice:
 * <ul>
 *     <li>a job the runtime still runs (a remote cluster's jobs outlive the service) is followed again;</li>
 *     <li>a job that was still being submitted is launched, under the runtime id recorded with its claim;</li>
 *     <li>a job that ran on a runtime whose jobs stop with the service is started again from its latest completed
 *     checkpoint, with its state; without one it ends in {@code job_running_exception} saying it must be run again:
 *     never silently restarted from nothing;</li>
 *     <li>a job the runtime no longer knows ends, saying so.</li>
 * </ul>
 * Each move is a compare-and-set on the state the job was found in, so a job changed since is left alone.
 */
final class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    static final String STOPPED_WITHOUT_CHECKPOINT = "The job stopped when the service stopped and had no checkpoint "
            + "to resume from; run it again.";
    static final String RESTARTED_FROM_CHECKPOINT = "Restarted from its latest checkpoint after the service restarted.";
    static final String SAVEPOINT_INTERRUPTED = "The service stopped while this job's savepoint was being taken; the "
            + "job was not stopped with a savepoint.";

    private final JobRuntime runtime;
    private final LocalJobEngine.JobRuns runs;
    private final Launches launches;
    private final StatusObserver observer;
    private final List<LocalJob> leftOver;

    Reconciliation(JobRuntime runtime, LocalJobEngine.JobRuns runs, Launches launches, StatusObserver observer,
                   List<LocalJob> leftOver) {
        this.runtime = runtime;
        this.runs = runs;
        this.launches = launches;
        this.observer = observer;
        this.leftOver = List.copyOf(leftOver);
    }

    /** @throws dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException when the runtime cannot be asked */
    void run() {
        if (leftOver.isEmpty()) {
            return;
        }
        Map<RuntimeJobId, ObservedJob> alive = runtime.jobsOutliveTheService() ? runtime.observe() : Map.of();
        int followed = 0;
        int launched = 0;
        int ended = 0;
        for (LocalJob job : leftOver) {
            RuntimeJobId launch = job.run().runtimeJobId();
            if (launch != null && alive.containsKey(launch)) {
                adopt(job, launch);
                followed++;
            } else if (job.status() == JobStatus.JOB_SUBMITTING) {
                launched += relaunch(job) ? 1 : 0;
            } else if ((job.status() == JobStatus.JOB_RUNNING || job.status() == JobStatus.JOB_RUNNING_EXCEPTION)
                    && !runtime.jobsOutliveTheService()) {
                if (restartFromCheckpoint(job)) {
                    launched++;
                } else {
                    end(job, JobStatus.JOB_RUNNING_EXCEPTION, STOPPED_WITHOUT_CHECKPOINT);
                    ended++;
                }
            } else {
                switch (job.status()) {
                    case JOB_CANCELING -> end(job, JobStatus.JOB_CANCEL_SUCCESS, null);
                    case JOB_SAVEPOINTING -> end(job, JobStatus.JOB_RUNNING_EXCEPTION, SAVEPOINT_INTERRUPTED);
                    default -> end(job, JobStatus.JOB_RUNNING_EXCEPTION, StatusObserver.LOST);
                }
                ended++;
            }
        }
        LOG.info("Took up {} jobs the service left when it last stopped: {} still running, {} launched again, {} ended",
                leftOver.size(), followed, launched, ended);
    }

    /** A job the runtime still has: followed again; a stop the service did not see through is made again or undone. */
    private void adopt(LocalJob job, RuntimeJobId launch) {
        if (job.status() == JobStatus.JOB_SAVEPOINTING) {
            runs.move(job.projectId(), job.id(), launch, Set.of(JobStatus.JOB_SAVEPOINTING),
                    run -> run.moved(JobStatus.JOB_RUNNING, SAVEPOINT_INTERRUPTED, runs.now()));
        } else if (job.status() == JobStatus.JOB_CANCELING) {
            runtime.cancel(launch);
        }
        observer.follow(launch, job.projectId(), job.id(), false);
    }

    private boolean relaunch(LocalJob job) {
        if (job.run().runtimeJobId() != null) {
            return launches.launch(job);
        }
        // Claimed by an older version of the service, which recorded no runtime id: record one first.
        Optional<LocalJob> claimed = runs.moveUnlaunched(job.projectId(), job.id(), Set.of(JobStatus.JOB_SUBMITTING),
                        run -> run.launching(RuntimeJobId.generate(), run.resumedFromSavepoint(),
                                run.resumedFromSavepoint() ? run.savepointPath() : null, null, runs.now()))
                .filter(stored -> stored.run().runtimeJobId() != null && stored.status() == JobStatus.JOB_SUBMITTING);
        return claimed.isPresent() && launches.launch(claimed.get());
    }

    private boolean restartFromCheckpoint(LocalJob job) {
        RuntimeJobId launch = job.run().runtimeJobId();
        if (launch == null || !job.definition().config().checkpointEnabled()) {
            return false;
        }
        Optional<String> checkpoint = runtime.latestCheckpoint(job.projectId(), job.id(), launch);
        if (checkpoint.isEmpty()) {
            return false;
        }
        LOG.info("Job {} of project {} restarts from its checkpoint {}", job.id(), job.projectId(), checkpoint.get());
        Optional<LocalJob> claimed = runs.move(job.projectId(), job.id(), launch, Set.of(job.status()),
                        run -> run.launching(RuntimeJobId.generate(), false, checkpoint.get(),
                                RESTARTED_FROM_CHECKPOINT, runs.now()))
                .filter(stored -> stored.status() == JobStatus.JOB_SUBMITTING && !stored.isLaunch(launch));
        return claimed.isPresent() && launches.launch(claimed.get());
    }

    private void end(LocalJob job, JobStatus status, String why) {
        RuntimeJobId launch = job.run().runtimeJobId();
        Set<JobStatus> from = Set.of(job.status());
        if (launch == null) {
            runs.moveUnlaunched(job.projectId(), job.id(), from, run -> run.moved(status, why, runs.now()));
        } else {
            runs.move(job.projectId(), job.id(), launch, from, run -> run.moved(status, why, runs.now()));
        }
    }
}
