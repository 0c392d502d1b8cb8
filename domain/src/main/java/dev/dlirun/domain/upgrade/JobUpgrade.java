package dev.dlirun.domain.upgrade;

import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.state.StateVerdict;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-call upgrade of a job, as it is now: where it is, what it changes, what the state check said, the savepoint
 * both the new version and a rollback restore, and why it ended as it did.
 *
 * @param from                  the fields the upgrade changes, as the previous version had them (a field the previous
 *                              version left unset is absent)
 * @param to                    the same fields, as the new version has them
 * @param verdict               the state check's verdict, once it was made
 * @param savepoint             the savepoint the job was stopped with, once it was taken: what both the new version and
 *                              a rollback restore
 * @param why                   why the upgrade is where it is, when that needs saying (a refusal, what failed, why it
 *                              rolled back)
 * @param timeout               how long the new version has to really run
 * @param allowNonRestoredState whether the new version's restore may drop state
 */
public record JobUpgrade(UpgradeId id, JobId jobId, UpgradeStatus status, JobFields from, JobFields to,
                         Optional<StateVerdict> verdict, Optional<String> savepoint, Optional<String> why,
                         Duration timeout, boolean allowNonRestoredState, Instant created, Instant updated) {

    public JobUpgrade {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(savepoint, "savepoint");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    /** Whether it has ended (see {@link UpgradeStatus#settled}). */
    public boolean settled() {
        return status.settled();
    }
}
