package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.UpgradeJobs;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeRequest;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The upgrade use case as the REST tests want it: record the last start and wait, answer the upgrade told (or throw
 * what told); a wait answers {@link #settled}, capped at 60 s.
 */
final class FakeUpgrades implements UpgradeJobs {

    record Start(ProjectId projectId, JobId id, UpgradeRequest request) {
    }

    volatile Start lastStart;
    volatile Duration lastWait;
    volatile JobUpgrade started;
    volatile JobUpgrade settled;
    volatile RuntimeException failure;

    @Override
    public JobUpgrade start(ProjectId projectId, JobId id, UpgradeRequest request) {
        lastStart = new Start(projectId, id, request);
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
        return started;
    }

    @Override
    public Optional<JobUpgrade> show(ProjectId projectId, JobId id, UpgradeId upgradeId) {
        return Optional.ofNullable(started).filter(upgrade -> upgrade.jobId().equals(id)
                && upgrade.id().equals(upgradeId));
    }

    @Override
    public Optional<JobUpgrade> latest(ProjectId projectId, JobId id) {
        return Optional.ofNullable(started).filter(upgrade -> upgrade.jobId().equals(id));
    }

    @Override
    public Duration applied(Duration requested) {
        return requested.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : requested;
    }

    @Override
    public CompletionStage<JobUpgrade> awaitSettled(ProjectId projectId, JobId id, UpgradeId upgradeId,
                                                    Duration requested) {
        lastWait = requested;
        return CompletableFuture.completedFuture(settled);
    }
}
