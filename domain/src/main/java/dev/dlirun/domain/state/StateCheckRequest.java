package dev.dlirun.domain.state;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A state compatibility check asked for (a dry run): the candidate definition, as changes to the job's current one
 * (none: the job as it is), and the state to restore into it (none: the job's current savepoint, or the running job's
 * latest completed checkpoint).
 *
 * @param changes   the candidate's fields that differ from the job's: only those of {@link #CHANGEABLE}
 * @param statePath the savepoint or checkpoint to check, under the service's savepoint or checkpoint storage
 */
public record StateCheckRequest(JobFields changes, Optional<String> statePath) {

    /** The fields of a job that decide how its state is restored: its code, its parallelism and its settings. */
    public static final Set<JobField> CHANGEABLE = Set.of(JobField.SQL_BODY, JobField.PARALLEL_NUMBER,
            JobField.RUNTIME_CONFIG, JobField.UDF_JAR_URL, JobField.ENTRYPOINT, JobField.MAIN_CLASS,
            JobField.ENTRYPOINT_ARGS, JobField.DEPENDENCY_JARS, JobField.DEPENDENCY_FILES, JobField.FLINK_VERSION,
            JobField.TM_SLOT_NUM, JobField.CU_NUMBER, JobField.TM_CUS, JobField.MANAGER_CU_NUMBER,
            JobField.OPERATOR_CONFIG, JobField.CHECKPOINT_ENABLED, JobField.CHECKPOINT_MODE,
            JobField.CHECKPOINT_INTERVAL, JobField.IDLE_STATE_RETENTION);

    public StateCheckRequest {
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(statePath, "statePath");
        for (JobField field : changes.names()) {
            if (!CHANGEABLE.contains(field)) {
                throw new InvalidInputException(field.wireName(), "is not a field of a state check");
            }
        }
        statePath.ifPresent(path -> {
            if (path.isBlank()) {
                throw new InvalidInputException("savepoint_path", "must not be blank");
            }
        });
    }

    /** The job as it is, against its own state. */
    public static StateCheckRequest asItIs() {
        return new StateCheckRequest(JobFields.EMPTY, Optional.empty());
    }
}
