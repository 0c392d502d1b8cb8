package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.UpgradeJobs;
import dev.dlirun.domain.port.out.JobUpgrades;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeRequest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Upgrades jobs through the backend: each request within its time budget (the upgrade itself goes on in the backend
 * after the answer), a wait for it to settle never longer than the service's most ({@code --max-wait}).
 */
public final class UpgradeService implements UpgradeJobs {

    private final JobUpgrades upgrades;
    private final Duration budget;
    private final Duration most;

    /**
     * @param budget how long one request may take
     * @param most   the longest a caller may wait for an upgrade to settle
     */
    public UpgradeService(JobUpgrades upgrades, Duration budget, Duration most) {
        this.upgrades = Objects.requireNonNull(upgrades, "upgrades");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.most = Objects.requireNonNull(most, "most");
        if (most.isNegative()) {
            throw new IllegalArgumentException("the longest wait cannot be negative");
        }
    }

    @Override
    public JobUpgrade start(ProjectId projectId, JobId id, UpgradeRequest request) {
        return upgrades.startUpgrade(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(request, "request"), Deadline.after(budget));
    }

    @Override
    public Optional<JobUpgrade> show(ProjectId projectId, JobId id, UpgradeId upgradeId) {
        return upgrades.findUpgrade(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(upgradeId, "upgradeId"), Deadline.after(budget));
    }

    @Override
    public Optional<JobUpgrade> latest(ProjectId projectId, JobId id) {
        return upgrades.latestUpgrade(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Deadline.after(budget));
    }

    @Override
    public Duration applied(Duration requested) {
        return java.util.Collections.min(java.util.List.of(requested, most));
    }

    @Override
    public CompletionStage<JobUpgrade> awaitSettled(ProjectId projectId, JobId id, UpgradeId upgradeId,
                                                    Duration requested) {
        return upgrades.awaitUpgrade(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(upgradeId, "upgradeId"), applied(requested));
    }
}
