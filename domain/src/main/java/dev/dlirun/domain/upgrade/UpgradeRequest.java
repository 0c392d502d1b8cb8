package dev.dlirun.domain.upgrade;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.state.StateCheckRequest;

import java.time.Duration;
import java.util.Objects;

/**
 * A one-call upgrade asked for: the new version, as changes to the running job's definition (only the fields that
 * decide how its state is restored, {@link StateCheckRequest#CHANGEABLE}, and at least one of them); how long the new
 * version has to really run (all its tasks running and a checkpoint completed) before the upgrade goes back to the
 * previous version; and whether its restore may drop the state of operators the new version no longer has.
 *
 * @param changes               the new version's fields that differ from the running job's
 * @param timeout               how long the new version has to really run: {@link #MIN_TIMEOUT} to {@link #MAX_TIMEOUT}
 * @param allowNonRestoredState whether the new version's restore may drop state (the check says {@code drops_state})
 */
public record UpgradeRequest(JobFields changes, Duration timeout, boolean allowNonRestoredState) {

    /** The timeout when the caller names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** The shortest timeout: a new version cannot start and complete a checkpoint in less. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    /** The longest timeout: a job is not left half upgraded for longer. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);

    public UpgradeRequest {
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(timeout, "timeout");
        for (JobField field : changes.names()) {
            if (!StateCheckRequest.CHANGEABLE.contains(field)) {
                throw new InvalidInputException(field.wireName(), "is not a field an upgrade changes");
            }
        }
        if (changes.isEmpty()) {
            throw new InvalidInputException("body", "must change at least one of the job's code, parallelism or "
                    + "settings (e.g. sql_body): an upgrade without a change has nothing to upgrade to");
        }
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidInputException("timeout_seconds", "must be from " + MIN_TIMEOUT.toSeconds() + " to "
                    + MAX_TIMEOUT.toSeconds() + " seconds");
        }
    }

    /** An upgrade to {@code changes}, with the default timeout, restoring all of the state. */
    public static UpgradeRequest to(JobFields changes) {
        return new UpgradeRequest(changes, DEFAULT_TIMEOUT, false);
    }
}
