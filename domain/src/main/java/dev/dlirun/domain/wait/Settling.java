package dev.dlirun.domain.wait;

import dev.dlirun.domain.model.JobStatus;

import java.util.Set;

/**
 * When a job has settled after an operation (contract 8.5): it is no longer on its way. After a run, every status but
 * {@code job_submitting} (running with all its tasks, failed, finished, or stopped since); after a stop, every status
 * but {@code job_canceling} and {@code job_savepointing} (stopped, back to running because its savepoint failed, or
 * {@code job_cancel_fail}).
 */
public enum Settling {
    AFTER_RUN(Set.of(JobStatus.JOB_SUBMITTING)),
    AFTER_STOP(Set.of(JobStatus.JOB_CANCELING, JobStatus.JOB_SAVEPOINTING));

    private final Set<JobStatus> onItsWay;

    Settling(Set<JobStatus> onItsWay) {
        this.onItsWay = onItsWay;
    }

    public boolean settled(JobStatus status) {
        return !onItsWay.contains(status);
    }
}
