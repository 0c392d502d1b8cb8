package dev.dlirun.domain.graph;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A check of a job's SQL before it runs (DLI's {@code gen-graph}): what to describe, and the fields of the body that
 * stand in for the job's own for this check only (the job itself does not change).
 *
 * @param type          the graph to describe
 * @param overrides     the job's fields as the check takes them instead: only those of {@link #OVERRIDABLE}
 * @param jobType       the kind of job the caller says it is checking (forwarded to DLI; the local engine plans the
 *                      job as the kind it is)
 * @param staticEstimator whether DLI should estimate the job's resources (forwarded to DLI; the local engine does not)
 */
public record GraphCheck(GraphType type, JobFields overrides, Optional<String> jobType,
                         Optional<Boolean> staticEstimator) {

    /** The fields of DLI's {@code gen-graph} body that are fields of the job. */
    public static final Set<JobField> OVERRIDABLE = Set.of(JobField.SQL_BODY, JobField.PARALLEL_NUMBER,
            JobField.CU_NUMBER, JobField.MANAGER_CU_NUMBER, JobField.TM_CUS, JobField.TM_SLOT_NUM,
            JobField.OPERATOR_CONFIG, JobField.STATIC_ESTIMATOR_CONFIG, JobField.FLINK_VERSION);

    public GraphCheck {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(staticEstimator, "staticEstimator");
        for (JobField field : overrides.names()) {
            if (!OVERRIDABLE.contains(field)) {
                throw new InvalidInputException(field.wireName(), "is not a field of a graph check");
            }
        }
    }

    /** A check of the job as it is defined. */
    public static GraphCheck of(GraphType type) {
        return new GraphCheck(type, JobFields.EMPTY, Optional.empty(), Optional.empty());
    }
}
