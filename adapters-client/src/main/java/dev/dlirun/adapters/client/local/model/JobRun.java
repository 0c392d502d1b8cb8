package dev.dlirun.adapters.client.local.model;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobStatus;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a job's runs are going: the half of a catalogue entry that the engine writes (its owner writes the
 * {@link dev.dlirun.domain.model.JobDefinition}). Times are epoch milliseconds, as DLI writes them. A run changes only
 * by a {@link RunEvent}, which knows the statuses it may move a run from ({@link #on}).
 *
 * @param statusDesc           why the job is in its status, when that needs saying; {@code null} otherwise
 * @param savepointPath        the savepoint a resume restores, or {@code null}
 * @param startTime            when the job last got running, or {@code null} if it never did
 * @param resumedFromSavepoint whether its latest launch was asked to restore its savepoint
 * @param runtimeJobId         the id of its latest launch in the job runtime (a Flink JobID), recorded before the
 *                             launch; {@code null} if it was never launched here
 * @param restorePath          the state its latest launch restores (a savepoint or a checkpoint), or {@code null}
 * @param allowNonRestoredState whether its latest launch may drop the state of operators the job no longer has
 *                              (asked for with the run, off by default)
 */
public record JobRun(
        JobStatus status,
        String statusDesc,
        boolean hasSavepoint,
        String savepointPath,
        Long startTime,
        long updateTime,
        boolean resumedFromSavepoint,
        RuntimeJobId runtimeJobId,
        String restorePath,
        boolean allowNonRestoredState) {

    public JobRun {
        Objects.requireNonNull(status, "status");
    }

    /** A job that has not run here yet, in {@code status} as its catalogue says. */
    public static JobRun initial(JobStatus status, boolean hasSavepoint, String savepointPath, long now) {
        return new JobRun(status, null, hasSavepoint, savepointPath, null, now, false, null, null, false);
    }

    /**
     * The statuses of a run that may have a launch under way or running (starting, running, failing, stopping): what
     * the observer follows, and what a restart of the service looks at again.
     */
    public static Set<JobStatus> activeStatuses() {
        return StatusGroups.ACTIVE;
    }

    /** Whether the run may have a launch under way or running: see {@link #activeStatuses()}. */
    public boolean isActive() {
        return StatusGroups.ACTIVE.contains(status);
    }

    public Optional<RuntimeJobId> launch() {
        return Optional.ofNullable(runtimeJobId);
    }

    /** The run after {@code event} at {@code now}; empty when the event does not apply to a run in this status. */
    public Optional<JobRun> on(RunEvent event, long now) {
        return event.leaves().contains(status) ? Optional.of(event.after(this, now)) : Optional.empty();
    }

    /** The same run in {@code newStatus}, said why (or nothing), at {@code now}. */
    JobRun moved(JobStatus newStatus, String why, long now) {
        return new JobRun(newStatus, why, hasSavepoint, savepointPath, startTime, now, resumedFromSavepoint,
                runtimeJobId, restorePath, allowNonRestoredState);
    }

    /**
     * Claimed for a new launch {@code id}, restoring {@code restore} (or nothing), allowed to drop the state of
     * operators the job no longer has or not.
     */
    JobRun launching(RuntimeJobId id, boolean fromSavepoint, String restore, boolean allowDropping, String why,
                     long now) {
        return new JobRun(JobStatus.JOB_SUBMITTING, why, hasSavepoint, savepointPath, startTime, now, fromSavepoint,
                id, restore, allowDropping);
    }

    /** Running since {@code now}, its start time. */
    JobRun running(long now) {
        return new JobRun(JobStatus.JOB_RUNNING, null, hasSavepoint, savepointPath, now, now, resumedFromSavepoint,
                runtimeJobId, restorePath, allowNonRestoredState);
    }

    /** The same run, its savepoint now the one at {@code path}; said why (or nothing), at {@code now}. */
    JobRun withSavepoint(String path, String why, long now) {
        return new JobRun(status, why, true, path, startTime, now, resumedFromSavepoint, runtimeJobId, restorePath,
                allowNonRestoredState);
    }
}
