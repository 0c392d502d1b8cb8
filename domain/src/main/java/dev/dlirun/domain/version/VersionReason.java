package dev.dlirun.domain.version;

import java.util.Arrays;
import java.util.Optional;

/** Why a job's definition got a new version, with its name on the wire. */
public enum VersionReason {
    /** The job was created. */
    CREATE("create"),
    /** Its owner updated it. */
    UPDATE("update"),
    /** It was rolled back to an earlier version's definition. */
    ROLLBACK("rollback"),
    /** It was created or overwritten by an import of exported jobs. */
    IMPORT("import"),
    /** A one-call upgrade switched the job to a new definition. */
    UPGRADE("upgrade"),
    /** A one-call upgrade whose new definition did not run switched the job back to the one it had. */
    UPGRADE_ROLLED_BACK("upgrade_rolled_back");

    private final String wireName;

    VersionReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The reason of that wire name; empty for a name no reason has. */
    public static Optional<VersionReason> fromWireName(String name) {
        return Arrays.stream(values()).filter(reason -> reason.wireName.equals(name)).findFirst();
    }
}
