package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the local engine's catalogue keeps it: DLI's {@code job_detail} fields that the engine knows, and
 * how it was last started. Times are epoch milliseconds, as DLI writes them.
 *
 * @param savepointPath        where the job's savepoints go, or {@code null}
 * @param startTime            when the job last started running, or {@code null} if it never did
 * @param resumedFromSavepoint whether its last start restored the latest savepoint
 */
public record LocalJob(
        ProjectId projectId,
        JobId id,
        String name,
        JobType jobType,
        JobStatus status,
        boolean hasSavepoint,
        String savepointPath,
        long createTime,
        Long startTime,
        long updateTime,
        boolean resumedFromSavepoint) {

    public LocalJob {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(status, "status");
    }

    /** A job as it is first put in a catalogue, created at {@code now}. */
    public static LocalJob created(ProjectId projectId, JobId id, String name, JobType jobType, JobStatus status,
                                   boolean hasSavepoint, String savepointPath, Instant now) {
        return new LocalJob(projectId, id, name, jobType, status, hasSavepoint, savepointPath,
                now.toEpochMilli(), null, now.toEpochMilli(), false);
    }

    /** What the batch-run rules see of this job. */
    public Job toJob() {
        return new Job(projectId, id, status, hasSavepoint);
    }

    /** What a caller may learn about this job. */
    public JobDetail toDetail() {
        return new JobDetail(toJob(), name, Optional.of(jobType), Instant.ofEpochMilli(createTime),
                Optional.ofNullable(startTime).map(Instant::ofEpochMilli), Instant.ofEpochMilli(updateTime),
                Optional.empty(), Optional.ofNullable(savepointPath));
    }

    /** Handed to the launcher; it starts running when the launcher says so. */
    LocalJob submitting(StartMode mode, Instant now) {
        return new LocalJob(projectId, id, name, jobType, JobStatus.JOB_SUBMITTING, hasSavepoint, savepointPath,
                createTime, startTime, now.toEpochMilli(), mode.resumesFromSavepoint());
    }

    LocalJob running(Instant now) {
        return new LocalJob(projectId, id, name, jobType, JobStatus.JOB_RUNNING, hasSavepoint, savepointPath,
                createTime, now.toEpochMilli(), now.toEpochMilli(), resumedFromSavepoint);
    }

    LocalJob submitFailed(Instant now) {
        return new LocalJob(projectId, id, name, jobType, JobStatus.JOB_SUBMIT_FAIL, hasSavepoint, savepointPath,
                createTime, startTime, now.toEpochMilli(), resumedFromSavepoint);
    }
}
