package dev.dlirun.domain.upgrade;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a one-call upgrade of a running job is: the steps under way ({@link #CHECKING} the new definition against the
 * running job's state, {@link #STOPPING} it with a savepoint, {@link #STARTING} the new version from that savepoint,
 * {@link #VERIFYING} that it really runs, {@link #ROLLING_BACK} to the previous version from the same savepoint), and
 * how it settled: {@link #SUCCEEDED} (the new version runs), {@link #ROLLED_BACK} (the previous version runs again),
 * {@link #REFUSED} (the check said no; nothing changed) or {@link #FAILED} (the upgrade could not go on; its why says
 * what the job was left as).
 */
public enum UpgradeStatus {
    CHECKING("checking"),
    STOPPING("stopping"),
    STARTING("starting"),
    VERIFYING("verifying"),
    ROLLING_BACK("rolling_back"),
    SUCCEEDED("succeeded"),
    ROLLED_BACK("rolled_back"),
    REFUSED("refused"),
    FAILED("failed");

    private final String wireName;

    UpgradeStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the upgrade has ended: nothing more happens to it, and another upgrade of its job may begin. */
    public boolean settled() {
        return this == SUCCEEDED || this == ROLLED_BACK || this == REFUSED || this == FAILED;
    }

    public static Optional<UpgradeStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(wireName)).findFirst();
    }
}
