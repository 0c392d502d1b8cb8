package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeRequest;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Driven port: a backend's one-call upgrades of running jobs. Throws as {@code UpgradeJobs} says. */
public interface JobUpgrades {

    JobUpgrade startUpgrade(ProjectId projectId, JobId id, UpgradeRequest request, Deadline deadline);

    Optional<JobUpgrade> findUpgrade(ProjectId projectId, JobId id, UpgradeId upgradeId, Deadline deadline);

    /** The job's most recently begun upgrade. */
    Optional<JobUpgrade> latestUpgrade(ProjectId projectId, JobId id, Deadline deadline);

    /** Completes once the upgrade has settled or {@code atMost} has passed, with the upgrade as it is then. */
    CompletionStage<JobUpgrade> awaitUpgrade(ProjectId projectId, JobId id, UpgradeId upgradeId, Duration atMost);
}
