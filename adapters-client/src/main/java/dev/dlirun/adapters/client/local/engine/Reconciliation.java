package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a start of the service does with the jobs a previous run left starting, running or stopping, once the runtime
 * can be asked, before the observer starts. Nothing acknowledged is lost and nothing runs twice:
 * <ul>
 *     <li>a job the runtime still runs (a remote cluster's jobs outlive the service) is left to the observer; a stop
 *     the service did not see through is made again (a cancel) or undone (a savepoint, which the job did not
 *     take);</li>
 *     <li>a job that was still being submitted is launched, under the runtime id recorded with its claim;</li>
 *     <li>a job that ran on a runtime whose jobs stop with the service is started again from its latest completed
 *     checkpoint, with its state; without one it ends in {@code job_running_exception} saying it must be run again:
 *     never silently restarted from nothing;</li>
 *     <li>a job the runtime no longer knows ends, saying so.</li>
 * </ul>
 * Each is an event of the job's launch as it was found ({@link JobRuns}), so a job changed since is left alone.
 */
final class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final JobRuntime runtime;
    private final JobRuns runs;
    /** Launches a job claimed for its latest launch, once; answers false when no more launches are taken. */
    private final java.util.function.Predicate<LocalJob> launcher;
    private final java.util.function.Consumer<LocalJob> stopAgain;

    /**
     * @param stopAgain when not null, a stop with a savepoint found under way is made again through it rather than
     *                  undone: the instance that held the work before may have died before making it, and the request
     *                  that claimed it was acknowledged. Null: a start of the only instance, which made every stop it
     *                  claimed itself and died with it.
     */
    Reconciliation(JobRuntime runtime, JobRuns runs, java.util.function.Predicate<LocalJob> launcher,
                   java.util.function.Consumer<LocalJob> stopAgain) {
        this.runtime = runtime;
        this.runs = runs;
        this.launcher = launcher;
        this.stopAgain = stopAgain;
    }

    /**
     * Takes up {@code leftOver}, the jobs the catalogue held active when the service started.
     *
     * @return the jobs the observer is to follow: those the runtime still has, and those launched again (a launch
     *         under its recorded id writes nothing the observer would hear of)
     * @throws dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException when the runtime cannot be asked
     */
    List<LocalJob> run(List<LocalJob> leftOver) {
        if (leftOver.isEmpty()) {
            return List.of();
        }
        Map<RuntimeJobId, ObservedJob> alive = runtime.jobsOutliveTheService() ? runtime.observe() : Map.of();
        List<LocalJob> adopted = new ArrayList<>();
        List<LocalJob> relaunched = new ArrayList<>();
        int ended = 0;
        for (LocalJob job : leftOver) {
            RuntimeJobId launch = job.run().runtimeJobId();
            if (launch != null && alive.containsKey(launch)) {
                adopt(job, launch, alive.get(launch));
                adopted.add(job);
            } else if (job.status() == JobStatus.JOB_SUBMITTING) {
                relaunch(job).ifPresent(relaunched::add);
            } else if ((job.status() == JobStatus.JOB_RUNNING || job.status() == JobStatus.JOB_RUNNING_EXCEPTION)
                    && !runtime.jobsOutliveTheService()) {
                Optional<LocalJob> restarted = restartFromCheckpoint(job);
                if (restarted.isPresent()) {
                    relaunched.add(restarted.get());
                } else {
                    end(job, RunEvent.STOPPED_WITHOUT_CHECKPOINT);
                    ended++;
                }
            } else {
                // A job being cancelled is cancelled; one stopping with a savepoint was not stopped.
                end(job, job.status() == JobStatus.JOB_SAVEPOINTING ? RunEvent.SAVEPOINT_INTERRUPTED : RunEvent.LOST);
                ended++;
            }
        }
        LOG.info("Took up {} jobs the service left when it last stopped: {} still running, {} launched again, {} ended",
                leftOver.size(), adopted.size(), relaunched.size(), ended);
        List<LocalJob> toFollow = new ArrayList<>(adopted);
        toFollow.addAll(relaunched);
        return toFollow;
    }

    /** A job the runtime still has: a stop the service did not see through is made again or undone. */
    private void adopt(LocalJob job, RuntimeJobId launch, ObservedJob seen) {
        if (job.status() == JobStatus.JOB_SAVEPOINTING && stopAgain != null && seen.state() == ObservedJob.State.FINISHED) {
            // The stop with a savepoint was made, and its instance died before it heard: the savepoint is Flink's to
            // tell. Without one (it cannot say), the job has stopped all the same, and the observer says so.
            Optional<String> savepoint = runtime.latestSavepoint(launch);
            savepoint.ifPresent(path -> LOG.info("Job {} of project {} stopped with its savepoint {} while no instance "
                    + "heard it", job.id(), job.projectId(), path));
            runs.apply(job.projectId(), job.id(), launch, savepoint.<RunEvent>map(RunEvent.StoppedWithSavepoint::new)
                    .orElseGet(() -> new RunEvent.StopWithSavepointFailed("The job stopped while the service changed "
                            + "hands; its savepoint's path could not be read from Flink.")));
        } else if (job.status() == JobStatus.JOB_SAVEPOINTING && stopAgain != null) {
            stopAgain.accept(job);
        } else if (job.status() == JobStatus.JOB_SAVEPOINTING) {
            runs.apply(job.projectId(), job.id(), launch,
                    new RunEvent.StopWithSavepointFailed(RunEvent.SAVEPOINT_INTERRUPTED));
        } else if (job.status() == JobStatus.JOB_CANCELING) {
            runtime.cancel(launch);
        }
    }

    /** The job as launched again, if it was. */
    private Optional<LocalJob> relaunch(LocalJob job) {
        if (job.run().runtimeJobId() != null) {
            return launcher.test(job) ? Optional.of(job) : Optional.empty();
        }
        // Claimed by an older version of the service, which recorded no runtime id: record one first.
        Optional<LocalJob> claimed = runs.apply(job.projectId(), job.id(), null,
                        new RunEvent.LaunchRecorded(RuntimeJobId.generate()))
                .filter(stored -> stored.run().runtimeJobId() != null && stored.status() == JobStatus.JOB_SUBMITTING);
        return claimed.filter(launcher);
    }

    /** The job as restarted from its latest checkpoint, if it had one. */
    private Optional<LocalJob> restartFromCheckpoint(LocalJob job) {
        RuntimeJobId launch = job.run().runtimeJobId();
        if (launch == null || !job.definition().config().checkpointEnabled()) {
            return Optional.empty();
        }
        Optional<String> checkpoint = runtime.latestCheckpoint(job.projectId(), job.id(), launch);
        if (checkpoint.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("Job {} of project {} restarts from its checkpoint {}", job.id(), job.projectId(), checkpoint.get());
        Optional<LocalJob> claimed = runs.apply(job.projectId(), job.id(), launch,
                        new RunEvent.RestartedFromCheckpoint(RuntimeJobId.generate(), checkpoint.get()))
                .filter(stored -> stored.status() == JobStatus.JOB_SUBMITTING && !stored.isLaunch(launch));
        return claimed.filter(launcher);
    }

    private void end(LocalJob job, String why) {
        runs.apply(job.projectId(), job.id(), job.run().runtimeJobId(), new RunEvent.Gone(why));
    }
}
