package dev.dlirun.adapters.client.local.model;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.stop.StopMode;

import java.util.Objects;
import java.util.Set;

import static dev.dlirun.domain.model.JobStatus.JOB_CANCELING;
import static dev.dlirun.domain.model.JobStatus.JOB_CANCEL_SUCCESS;
import static dev.dlirun.domain.model.JobStatus.JOB_FINISH;
import static dev.dlirun.domain.model.JobStatus.JOB_RUNNING;
import static dev.dlirun.domain.model.JobStatus.JOB_RUNNING_EXCEPTION;
import static dev.dlirun.domain.model.JobStatus.JOB_SAVEPOINTING;
import static dev.dlirun.domain.model.JobStatus.JOB_SUBMITTING;
import static dev.dlirun.domain.model.JobStatus.JOB_SUBMIT_FAIL;

/**
 * What can happen to a job's run, and how each event moves it: the local engine's state machine, in one place. Each
 * event names the statuses it may move a run from ({@link #leaves()}) and the run it makes ({@link #after}); a run in
 * any other status is left as it is ({@link JobRun#on}). The claims, the launches, the observer, the savepoints and a
 * restart of the service name events; none of them chooses a status.
 */
public sealed interface RunEvent {

    /** The statuses this event moves a run from. */
    Set<JobStatus> leaves();

    /** The run after this event at {@code now}, for a run in one of {@link #leaves()}. */
    JobRun after(JobRun run, long now);

    String CANCELLED_OUTSIDE = "The job was cancelled outside this service (e.g. in Flink's web UI).";
    String LOST = "The job runtime no longer knows this job (its cluster may have restarted, or forgotten the ended "
            + "job); run it again.";
    String STOPPED_WITHOUT_CHECKPOINT = "The job stopped when the service stopped and had no checkpoint to resume "
            + "from; run it again.";
    String RESTARTED_FROM_CHECKPOINT = "Restarted from its latest checkpoint after the service restarted.";
    String SAVEPOINT_INTERRUPTED = "The service stopped while this job's savepoint was being taken; the job was not "
            + "stopped with a savepoint.";

    // ------------------------------------------------------------------------------------------------ claims

    /**
     * A run claims the job for launch {@code launch}, restoring {@code restore} (or nothing), allowed to drop the state
     * of operators the job no longer has or not: a startable job.
     */
    record LaunchClaimed(RuntimeJobId launch, boolean fromSavepoint, String restore, boolean allowNonRestoredState)
            implements RunEvent {
        public LaunchClaimed {
            Objects.requireNonNull(launch, "launch");
        }

        /** A claim that restores all of its state, or none. */
        public LaunchClaimed(RuntimeJobId launch, boolean fromSavepoint, String restore) {
            this(launch, fromSavepoint, restore, false);
        }

        public Set<JobStatus> leaves() {
            return StatusGroups.STARTABLE;
        }

        public JobRun after(JobRun run, long now) {
            return run.launching(launch, fromSavepoint, restore, allowNonRestoredState, null, now);
        }
    }

    /**
     * A stop claims the job: a savepoint is taken before it stops ({@code job_savepointing}, of a running job only),
     * or it is cancelled ({@code job_canceling}, of a starting, running or failing job).
     */
    record StopClaimed(StopMode mode) implements RunEvent {
        public StopClaimed {
            Objects.requireNonNull(mode, "mode");
        }

        public Set<JobStatus> leaves() {
            return mode.takesSavepoint() ? Set.of(JOB_RUNNING) : StatusGroups.ALIVE;
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(mode.takesSavepoint() ? JOB_SAVEPOINTING : JOB_CANCELING, null, now);
        }
    }

    // ---------------------------------------------------------------------------------------------- launches

    /** The launch waits for the runtime, saying why. */
    record LaunchWaiting(String why) implements RunEvent {
        public Set<JobStatus> leaves() {
            return Set.of(JOB_SUBMITTING);
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(JOB_SUBMITTING, why, now);
        }
    }

    /** The runtime refused the launch, or it could not be made: {@code job_submit_fail}, saying why. */
    record LaunchFailed(String why) implements RunEvent {
        public Set<JobStatus> leaves() {
            return Set.of(JOB_SUBMITTING);
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(JOB_SUBMIT_FAIL, why, now);
        }
    }

    /** A job stopped before it was launched: there is nothing to run, so it is cancelled at once. */
    record StoppedBeforeLaunch() implements RunEvent {
        public Set<JobStatus> leaves() {
            return Set.of(JOB_CANCELING);
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(JOB_CANCEL_SUCCESS, null, now);
        }
    }

    /** A job claimed by an older version of the service, which recorded no launch id: it gets {@code launch}. */
    record LaunchRecorded(RuntimeJobId launch) implements RunEvent {
        public LaunchRecorded {
            Objects.requireNonNull(launch, "launch");
        }

        public Set<JobStatus> leaves() {
            return Set.of(JOB_SUBMITTING);
        }

        public JobRun after(JobRun run, long now) {
            return run.launching(launch, run.resumedFromSavepoint(),
                    run.resumedFromSavepoint() ? run.savepointPath() : null, run.allowNonRestoredState(), null, now);
        }
    }

    /** A restart of the service launches a job that ran again, as {@code launch}, from its {@code checkpoint}. */
    record RestartedFromCheckpoint(RuntimeJobId launch, String checkpoint) implements RunEvent {
        public RestartedFromCheckpoint {
            Objects.requireNonNull(launch, "launch");
            Objects.requireNonNull(checkpoint, "checkpoint");
        }

        public Set<JobStatus> leaves() {
            return Set.of(JOB_RUNNING, JOB_RUNNING_EXCEPTION);
        }

        public JobRun after(JobRun run, long now) {
            return run.launching(launch, false, checkpoint, false, RESTARTED_FROM_CHECKPOINT, now);
        }
    }

    // ----------------------------------------------------------------------------------- what the runtime says

    /**
     * All the job's tasks run: a starting job runs (its start time now), a failing one has recovered. Running but
     * with tasks still waiting for slots is not this.
     */
    record TasksRunning() implements RunEvent {
        public Set<JobStatus> leaves() {
            return Set.of(JOB_SUBMITTING, JOB_RUNNING_EXCEPTION);
        }

        public JobRun after(JobRun run, long now) {
            return run.status() == JOB_SUBMITTING ? run.running(now) : run.moved(JOB_RUNNING, null, now);
        }
    }

    /** The job fails and restarts; {@code why} is the runtime's root cause. */
    record Failing(String why) implements RunEvent {
        public Set<JobStatus> leaves() {
            return Set.of(JOB_SUBMITTING, JOB_RUNNING);
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(JOB_RUNNING_EXCEPTION, why, now);
        }
    }

    /**
     * The job failed for good: {@code job_submit_fail} if it never ran, {@code job_running_exception} otherwise, with
     * the root cause. A job being cancelled has stopped, as its stop wanted.
     */
    record Failed(boolean beforeRunning, String why) implements RunEvent {
        public Set<JobStatus> leaves() {
            return StatusGroups.ALIVE_OR_CANCELING;
        }

        public JobRun after(JobRun run, long now) {
            if (run.status() == JOB_CANCELING) {
                return run.moved(JOB_CANCEL_SUCCESS, run.statusDesc(), now);
            }
            return run.moved(beforeRunning ? JOB_SUBMIT_FAIL : JOB_RUNNING_EXCEPTION, why, now);
        }
    }

    /** The job is being cancelled, and not by this service. */
    record CancellingOutside() implements RunEvent {
        public Set<JobStatus> leaves() {
            return StatusGroups.ALIVE;
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(JOB_CANCELING, CANCELLED_OUTSIDE, now);
        }
    }

    /** The job was cancelled: by a stop (which it keeps saying why, if it did), or behind the service's back. */
    record Cancelled() implements RunEvent {
        public Set<JobStatus> leaves() {
            return StatusGroups.ALIVE_OR_CANCELING;
        }

        public JobRun after(JobRun run, long now) {
            return run.status() == JOB_CANCELING ? run.moved(JOB_CANCEL_SUCCESS, run.statusDesc(), now)
                    : run.moved(JOB_CANCEL_SUCCESS, CANCELLED_OUTSIDE, now);
        }
    }

    /**
     * The job ended by itself. A job stopped with a savepoint finishes too, but its stop settles it (with the
     * savepoint's path): this leaves {@code job_savepointing} alone. A job being cancelled has stopped, as its stop
     * wanted.
     */
    record Finished() implements RunEvent {
        public Set<JobStatus> leaves() {
            return StatusGroups.ALIVE_OR_CANCELING;
        }

        public JobRun after(JobRun run, long now) {
            return run.status() == JOB_CANCELING ? run.moved(JOB_CANCEL_SUCCESS, run.statusDesc(), now)
                    : run.moved(JOB_FINISH, null, now);
        }
    }

    /**
     * The runtime does not have the job's launch (any more): a job being cancelled is cancelled; any other ends in
     * {@code job_running_exception}, saying {@code why} (e.g. {@link #LOST}, or why a restart could not resume it).
     */
    record Gone(String why) implements RunEvent {
        public Gone {
            Objects.requireNonNull(why, "why");
        }

        public Set<JobStatus> leaves() {
            return StatusGroups.ACTIVE;
        }

        public JobRun after(JobRun run, long now) {
            return run.status() == JOB_CANCELING ? run.moved(JOB_CANCEL_SUCCESS, null, now)
                    : run.moved(JOB_RUNNING_EXCEPTION, why, now);
        }
    }

    // -------------------------------------------------------------------------------------------- savepoints

    /** A savepoint of the running job completed: it is the job's savepoint now, and the job runs on. */
    record SavepointTaken(String path) implements RunEvent {
        public SavepointTaken {
            Objects.requireNonNull(path, "path");
        }

        public Set<JobStatus> leaves() {
            return StatusGroups.ACTIVE;
        }

        public JobRun after(JobRun run, long now) {
            return run.withSavepoint(path, null, now);
        }
    }

    /** A triggered savepoint failed; the job runs on, saying why. */
    record TriggeredSavepointFailed(String why) implements RunEvent {
        public Set<JobStatus> leaves() {
            return Set.of(JOB_RUNNING);
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(JOB_RUNNING, why, now);
        }
    }

    /** The stop's savepoint completed: the job stopped, its state kept in the savepoint at {@code path}. */
    record StoppedWithSavepoint(String path) implements RunEvent {
        public StoppedWithSavepoint {
            Objects.requireNonNull(path, "path");
        }

        public Set<JobStatus> leaves() {
            return Set.of(JOB_SAVEPOINTING);
        }

        public JobRun after(JobRun run, long now) {
            return run.withSavepoint(path, null, now).moved(JOB_CANCEL_SUCCESS, null, now);
        }
    }

    /**
     * The stop's savepoint failed, or a restart found it interrupted while the job still runs: the job was not
     * stopped, and runs on saying why.
     */
    record StopWithSavepointFailed(String why) implements RunEvent {
        public Set<JobStatus> leaves() {
            return Set.of(JOB_SAVEPOINTING);
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(JOB_RUNNING, why, now);
        }
    }

    /** A caller imported the savepoint at {@code path} into a job that is not starting, running or stopping. */
    record SavepointImported(String path) implements RunEvent {
        public SavepointImported {
            Objects.requireNonNull(path, "path");
        }

        public Set<JobStatus> leaves() {
            return StatusGroups.INACTIVE;
        }

        public JobRun after(JobRun run, long now) {
            return run.withSavepoint(path, run.statusDesc(), now);
        }
    }

    /** The job's definition changed: its run is as it was, updated now. */
    record Redefined() implements RunEvent {
        public Set<JobStatus> leaves() {
            return StatusGroups.ALL;
        }

        public JobRun after(JobRun run, long now) {
            return run.moved(run.status(), run.statusDesc(), now);
        }
    }
}
