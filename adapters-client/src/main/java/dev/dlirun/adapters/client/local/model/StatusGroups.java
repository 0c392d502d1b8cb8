package dev.dlirun.adapters.client.local.model;

import dev.dlirun.domain.model.JobStatus;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.dlirun.domain.model.JobStatus.JOB_CANCELING;
import static dev.dlirun.domain.model.JobStatus.JOB_RUNNING;
import static dev.dlirun.domain.model.JobStatus.JOB_RUNNING_EXCEPTION;
import static dev.dlirun.domain.model.JobStatus.JOB_SAVEPOINTING;
import static dev.dlirun.domain.model.JobStatus.JOB_SUBMITTING;

/** The groups of statuses the events of a run move from. */
final class StatusGroups {

    /** On its way up, running, or failing. */
    static final Set<JobStatus> ALIVE = Set.of(JOB_SUBMITTING, JOB_RUNNING, JOB_RUNNING_EXCEPTION);
    static final Set<JobStatus> ALIVE_OR_CANCELING = Set.of(JOB_SUBMITTING, JOB_RUNNING, JOB_RUNNING_EXCEPTION,
            JOB_CANCELING);
    /** May have a launch under way or running: alive, or stopping. */
    static final Set<JobStatus> ACTIVE = Set.of(JOB_SUBMITTING, JOB_RUNNING, JOB_RUNNING_EXCEPTION, JOB_CANCELING,
            JOB_SAVEPOINTING);
    static final Set<JobStatus> INACTIVE = where(status -> !ACTIVE.contains(status));
    static final Set<JobStatus> STARTABLE = where(JobStatus::isStartable);
    static final Set<JobStatus> ALL = where(status -> true);

    private StatusGroups() {
    }

    private static Set<JobStatus> where(Predicate<JobStatus> test) {
        return Arrays.stream(JobStatus.values()).filter(test).collect(Collectors.toUnmodifiableSet());
    }
}
