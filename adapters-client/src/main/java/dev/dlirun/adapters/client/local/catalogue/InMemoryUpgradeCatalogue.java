package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.UpgradeRecord;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.upgrade.UpgradeId;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Upgrades kept in memory, for a catalogue in memory. */
final class InMemoryUpgradeCatalogue implements UpgradeCatalogue {

    private final Map<UpgradeId, UpgradeRecord> upgrades = new ConcurrentHashMap<>();

    @Override
    public void save(UpgradeRecord upgrade) {
        upgrades.put(upgrade.id(), upgrade);
    }

    @Override
    public Optional<UpgradeRecord> find(ProjectId projectId, UpgradeId id) {
        return Optional.ofNullable(upgrades.get(id)).filter(upgrade -> upgrade.projectId().equals(projectId));
    }

    @Override
    public Optional<UpgradeRecord> latest(ProjectId projectId, JobId jobId) {
        return upgrades.values().stream()
                .filter(upgrade -> upgrade.projectId().equals(projectId) && upgrade.jobId().equals(jobId))
                .max(Comparator.comparingLong(UpgradeRecord::created));
    }

    @Override
    public List<UpgradeRecord> unsettled() {
        return upgrades.values().stream().filter(upgrade -> !upgrade.settled())
                .sorted(Comparator.comparingLong(UpgradeRecord::created)).toList();
    }
}
