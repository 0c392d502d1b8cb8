package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What requests claimed, acted on by the instance that holds the cluster's work ({@link Leadership}): a run claimed
 * ({@code job_submitting}) is launched, a stop claimed is made ({@code job_canceling}: a cancel;
 * {@code job_savepointing}: a stop with a savepoint). A request records the claim on whichever instance it reached; the
 * holder hears of it through the catalogue (at once when it is the holder itself) and acts, once for each claim: a
 * claim is its launch, its status and the time it was written, so a job told of twice is not stopped twice, and a new
 * stop of the same launch (after a savepoint that failed) is a new claim.
 */
final class ClaimedWork {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedWork.class);

    private record Claim(JobStatus status, long writtenAt) {
    }

    private final Launches launches;
    private final JobRuntime runtime;
    private final Savepoints savepoints;
    /** The claim last acted on, by launch, in this holding of the work. */
    private final Map<RuntimeJobId, Claim> acted = new ConcurrentHashMap<>();

    ClaimedWork(Launches launches, JobRuntime runtime, Savepoints savepoints) {
        this.launches = launches;
        this.runtime = runtime;
        this.savepoints = savepoints;
    }

    /** Acts on {@code job} as written, if it holds a claim not acted on yet. */
    void act(LocalJob job) {
        RuntimeJobId launch = job.run().runtimeJobId();
        if (launch == null) {
            return;
        }
        JobStatus status = job.status();
        if (status != JobStatus.JOB_SUBMITTING && status != JobStatus.JOB_CANCELING
                && status != JobStatus.JOB_SAVEPOINTING) {
            acted.remove(launch);
            return;
        }
        Claim claim = new Claim(status, job.updateTime());
        if (claim.equals(acted.put(launch, claim))) {
            return;
        }
        switch (status) {
            case JOB_SUBMITTING -> launches.launch(job);
            case JOB_CANCELING -> runtime.cancel(launch).exceptionally(failure -> {
                // Not launched yet: the launch sees the job canceling and ends it there. Otherwise the observer
                // settles it from what the runtime reports; a cancel that failed is asked again at the next look.
                LOG.debug("Cancelling launch {} of job {}: {}", launch, job.id(), failure.toString());
                acted.remove(launch, claim);
                return null;
            });
            default -> savepoints.stopWithSavepoint(job, launch);
        }
    }

    /**
     * Launches {@code job}, claimed for its latest launch, unless that claim was handed to the runtime already: the
     * one way a launch starts, whoever asks (a claim heard, the take-up, an upgrade's step). Answers {@code false}
     * when the engine is closing and takes no more launches.
     */
    boolean launch(LocalJob job) {
        Claim claim = new Claim(job.status(), job.updateTime());
        if (claim.equals(acted.put(job.run().runtimeJobId(), claim))) {
            return true;
        }
        return launches.launch(job);
    }

    /** Another instance holds the work now: what this one acted on says nothing about the next holding. */
    void forget() {
        acted.clear();
    }
}
