package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeRequest;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The use case of upgrading a running job in one call, safely: its new version checked against the job's state, the
 * job stopped with a savepoint, the new version started from it and watched until it really runs; if it does not
 * within the timeout, the previous version started again from the same savepoint. The call answers once the upgrade is
 * under way (it is recorded, and goes on whatever happens to the caller or the service); a caller who prefers to wait
 * asks {@link #awaitSettled}.
 *
 * <p>{@link #start} throws {@link JobNotFoundException} when the project holds no such job,
 * {@link InvalidInputException} when a field of the new version is invalid, {@link OperationNotAllowedException} when
 * the job is not running, another upgrade of it is under way, or the backend cannot upgrade, and
 * {@link BackendUnavailableException} when the backend cannot be asked.
 */
public interface UpgradeJobs {

    /** Begins upgrading the job; answers the upgrade as recorded (checking, or already settled). */
    JobUpgrade start(ProjectId projectId, JobId id, UpgradeRequest request);

    /** The job's upgrade {@code upgradeId}; empty when the job has no such upgrade. */
    Optional<JobUpgrade> show(ProjectId projectId, JobId id, UpgradeId upgradeId);

    /** The job's most recently begun upgrade; empty when it has none. */
    Optional<JobUpgrade> latest(ProjectId projectId, JobId id);

    /** How long a wait of {@code requested} may last here: the request's, capped by the service's most. */
    Duration applied(Duration requested);

    /**
     * Completes once the upgrade has settled, or after {@link #applied} of {@code requested}, with the upgrade as it
     * is then; completes exceptionally with {@link dev.dlirun.domain.model.JobNotFoundException} when there is no such
     * upgrade.
     */
    CompletionStage<JobUpgrade> awaitSettled(ProjectId projectId, JobId id, UpgradeId upgradeId, Duration requested);
}
