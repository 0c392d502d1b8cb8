package dev.dlirun.adapters.client.local.model;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A one-call upgrade as the engine keeps it, one row of the catalogue: the steps it has taken, each recorded before
 * its effect is relied on, so that a restart of the service takes it up where it was. Both definitions are kept here,
 * whole: the upgrade switches the job to {@link #candidate} and, when it rolls back, back to {@link #previous}'s code
 * and settings, whatever else the catalogue keeps of the job's history. Times are epoch milliseconds.
 *
 * @param replaced       the launch the upgrade stops (the running job's when it was checked)
 * @param stopAsked      whether the stop with a savepoint of {@link #replaced} has been asked for
 * @param savepointBefore the job's savepoint path before the stop (to tell the stop's savepoint from an older one)
 * @param savepoint      the state both the new version and a rollback restore, once the stop took it
 * @param newLaunch      the new version's launch, recorded before it is claimed
 * @param rollbackLaunch the previous version's launch of a rollback, recorded before it is claimed
 * @param verifyBy       when the new version must really run by
 * @param why            why the upgrade is where it is, when that needs saying
 */
public record UpgradeRecord(UpgradeId id, ProjectId projectId, JobId jobId, UpgradeStatus status,
                            JobDefinition previous, JobDefinition candidate, Duration timeout,
                            boolean allowNonRestoredState, StateVerdict verdict, RuntimeJobId replaced,
                            boolean stopAsked, String savepointBefore, String savepoint, RuntimeJobId newLaunch,
                            RuntimeJobId rollbackLaunch, Long verifyBy, String why, long created, long updated) {

    public UpgradeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(replaced, "replaced");
    }

    /** A new upgrade of the running job's launch {@code replaced}, checking first. */
    public static UpgradeRecord begun(UpgradeId id, LocalJob job, JobDefinition candidate, Duration timeout,
                                      boolean allowNonRestoredState, long now) {
        return new UpgradeRecord(id, job.projectId(), job.id(), UpgradeStatus.CHECKING, job.definition(), candidate,
                timeout, allowNonRestoredState, null, job.run().runtimeJobId(), false, job.savepointPath(), null, null,
                null, null, null, now, now);
    }

    public boolean settled() {
        return status.settled();
    }

    /** In {@code status} now, saying {@code why} (or, when null, what it said before). */
    public UpgradeRecord moved(UpgradeStatus status, String why, long now) {
        return new UpgradeRecord(id, projectId, jobId, status, previous, candidate, timeout, allowNonRestoredState,
                verdict, replaced, stopAsked, savepointBefore, savepoint, newLaunch, rollbackLaunch, verifyBy,
                why == null ? this.why : why, created, now);
    }

    public UpgradeRecord withVerdict(StateVerdict verdict) {
        return new UpgradeRecord(id, projectId, jobId, status, previous, candidate, timeout, allowNonRestoredState,
                verdict, replaced, stopAsked, savepointBefore, savepoint, newLaunch, rollbackLaunch, verifyBy, why,
                created, updated);
    }

    /** Stopping {@code launch} (asked for or not yet). */
    public UpgradeRecord stopping(RuntimeJobId launch, boolean asked) {
        return new UpgradeRecord(id, projectId, jobId, status, previous, candidate, timeout, allowNonRestoredState,
                verdict, launch, asked, savepointBefore, savepoint, newLaunch, rollbackLaunch, verifyBy, why, created,
                updated);
    }

    /** Restoring {@code state}, the new version as {@code launch}, to really run by {@code verifyBy}. */
    public UpgradeRecord starting(String state, RuntimeJobId launch, Long verifyBy) {
        return new UpgradeRecord(id, projectId, jobId, status, previous, candidate, timeout, allowNonRestoredState,
                verdict, replaced, stopAsked, savepointBefore, state, launch, rollbackLaunch, verifyBy, why, created,
                updated);
    }

    /** The previous version running again as {@code launch}. */
    public UpgradeRecord rollingBackAs(RuntimeJobId launch) {
        return new UpgradeRecord(id, projectId, jobId, status, previous, candidate, timeout, allowNonRestoredState,
                verdict, replaced, stopAsked, savepointBefore, savepoint, newLaunch, launch, verifyBy, why, created,
                updated);
    }

    /**
     * The fields the upgrade changes: those of {@link StateCheckRequest#CHANGEABLE} whose value differs between the
     * two definitions.
     */
    public Set<JobField> changed() {
        JobFields before = previous.fields().only(StateCheckRequest.CHANGEABLE);
        JobFields after = candidate.fields().only(StateCheckRequest.CHANGEABLE);
        Set<JobField> changed = EnumSet.noneOf(JobField.class);
        changed.addAll(after.changing(before));
        changed.addAll(before.changing(after));
        return changed;
    }

    /**
     * {@code current} with the previous version's code and settings ({@link StateCheckRequest#CHANGEABLE}) again,
     * anything else (a name, a description) as it is now.
     */
    public JobDefinition rolledBack(JobDefinition current) {
        return JobDefinition.from(current.type(), current.fields().without(StateCheckRequest.CHANGEABLE)
                .with(previous.fields().only(StateCheckRequest.CHANGEABLE)));
    }

    /** {@code current} with the new version's code and settings, anything else as it is now. */
    public JobDefinition upgraded(JobDefinition current) {
        return JobDefinition.from(current.type(), current.fields().without(StateCheckRequest.CHANGEABLE)
                .with(candidate.fields().only(StateCheckRequest.CHANGEABLE)));
    }

    /** What a caller is shown of it. */
    public JobUpgrade toUpgrade() {
        Set<JobField> changed = changed();
        return new JobUpgrade(id, jobId, status, previous.fields().only(changed), candidate.fields().only(changed),
                Optional.ofNullable(verdict), Optional.ofNullable(savepoint), Optional.ofNullable(why), timeout,
                allowNonRestoredState, Instant.ofEpochMilli(created), Instant.ofEpochMilli(updated));
    }
}
