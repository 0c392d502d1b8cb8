package dev.dlirun.domain.upgrade;

import dev.dlirun.domain.model.JobId;

import java.util.Objects;

/**
 * An operation named an upgrade the job does not have (answered as DLI answers a job that does not exist,
 * {@code DLI.16001}): the same answer whether or not the id is another job's or another project's upgrade.
 */
public final class UpgradeNotFoundException extends RuntimeException {

    public UpgradeNotFoundException(JobId jobId, String upgradeId) {
        super("Job " + Objects.requireNonNull(jobId, "jobId") + " has no upgrade "
                + Objects.requireNonNull(upgradeId, "upgradeId") + ".");
    }
}
