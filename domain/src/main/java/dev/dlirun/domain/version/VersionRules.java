package dev.dlirun.domain.version;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.Optional;

/** When a job may be rolled back to one of its versions, and how a version that does not exist is refused. */
public final class VersionRules {

    private VersionRules() {
    }

    /**
     * Whether the job may be rolled back now: a rollback replaces its whole definition, code included, which may
     * change only while no run could be using it, in the statuses a run could start it from (those in which
     * {@link dev.dlirun.domain.definition.DefinitionRules#decideUpdate} lets an update change the code).
     *
     * @return {@link Decision#ALLOW}, or a refusal ({@link JobOutcome.NotChangeable}) saying what to do instead
     */
    public static Decision decideRollback(JobId id, JobStatus status, int version) {
        if (status.isStartable()) {
            return Decision.ALLOW;
        }
        return Decision.refuse(new JobOutcome.NotChangeable(id, "Job " + id + " is " + status.wireName()
                + ": while it runs its code cannot change. Stop it first to roll it back to version " + version + "."));
    }

    /**
     * The refusal of a version the job does not have.
     *
     * @param latest the job's newest version; empty when it has none
     */
    public static InvalidInputException noSuchVersion(JobId id, int version, Optional<Integer> latest) {
        return new InvalidInputException("version", version + " is not a version of job " + id + latest
                .map(last -> " (its versions are 1 to " + last + ")").orElse(" (it has no versions)"));
    }
}
