package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.UpgradeRecord;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.upgrade.UpgradeId;

import java.util.List;
import java.util.Optional;

/**
 * The one-call upgrades of jobs, one row each, kept where the jobs are: every step of an upgrade is saved here before
 * its effect is relied on, so a restart of the service takes up each unsettled one where it was.
 */
public interface UpgradeCatalogue {

    /** Adds the upgrade, or replaces the one of its id; durable before this returns. */
    void save(UpgradeRecord upgrade);

    Optional<UpgradeRecord> find(ProjectId projectId, UpgradeId id);

    /** The job's most recently begun upgrade. */
    Optional<UpgradeRecord> latest(ProjectId projectId, JobId jobId);

    /** Every upgrade that has not settled, of every project, the oldest first. */
    List<UpgradeRecord> unsettled();
}
