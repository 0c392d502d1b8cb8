package dev.dlirun.domain.definition;

import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** When a job's definition may change ({@code contract.md} 7.4). */
public final class DefinitionRules {

    private DefinitionRules() {
    }

    /**
     * Whether {@code changes} may be made to the job now: through the endpoint of its kind (a SQL job's through
     * {@code sql-jobs}, a jar job's through {@code flink-jobs}), and, while the job runs (any status a run could not
     * start it from), only to the fields of {@link JobField#CHANGEABLE_WHILE_RUNNING}. A field set to the value it
     * already has is no change.
     *
     * @param jarEndpoint whether the update came through the jar jobs' endpoint
     * @return {@link Decision#ALLOW}, or a refusal ({@link JobOutcome.NotChangeable}) saying what to do instead
     */
    public static Decision decideUpdate(JobId id, JobStatus status, JobDefinition current, boolean jarEndpoint,
                                        JobFields changes) {
        boolean jar = current.type() == JobType.FLINK_JAR_JOB;
        if (jar != jarEndpoint) {
            return Decision.refuse(new JobOutcome.NotChangeable(id, "Job " + id + " is a "
                    + current.type().wireName() + "; change it through PUT .../streaming/"
                    + (jar ? "flink-jobs/" : "sql-jobs/") + id + "."));
        }
        if (status.isStartable()) {
            return Decision.ALLOW;
        }
        Set<JobField> changing = EnumSet.noneOf(JobField.class);
        changing.addAll(changes.changing(current.fields()));
        changing.removeAll(JobField.CHANGEABLE_WHILE_RUNNING);
        if (!changing.isEmpty()) {
            return Decision.refuse(new JobOutcome.NotChangeable(id, "Job " + id + " is " + status.wireName()
                    + ": while it runs only " + names(JobField.CHANGEABLE_WHILE_RUNNING) + " may change. Stop it "
                    + "first to change " + names(changing) + "."));
        }
        return Decision.ALLOW;
    }

    private static String names(Set<JobField> fields) {
        return fields.stream().map(JobField::wireName).collect(Collectors.toCollection(TreeSet::new)).stream()
                .collect(Collectors.joining(", "));
    }
}
