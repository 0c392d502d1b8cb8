package dev.dlirun.adapters.client.local.model;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the local engine's catalogue keeps it: what it is ({@link JobDefinition}, written by its owner) apart from
 * how its runs go ({@link JobRun}, written by the engine).
 *
 * @param createTime epoch milliseconds
 */
public record LocalJob(ProjectId projectId, JobId id, JobDefinition definition, long createTime, JobRun run) {

    public LocalJob {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(run, "run");
    }

    /** A job as it is first put in a catalogue, created at {@code now}. */
    public static LocalJob created(ProjectId projectId, JobId id, JobDefinition definition, JobStatus status,
                                   boolean hasSavepoint, String savepointPath, Instant now) {
        return new LocalJob(projectId, id, definition, now.toEpochMilli(),
                JobRun.initial(status, hasSavepoint, savepointPath, now.toEpochMilli()));
    }

    public String name() {
        return definition.name();
    }

    public JobType jobType() {
        return definition.type();
    }

    public JobStatus status() {
        return run.status();
    }

    public boolean hasSavepoint() {
        return run.hasSavepoint();
    }

    public String savepointPath() {
        return run.savepointPath();
    }

    public Long startTime() {
        return run.startTime();
    }

    public long updateTime() {
        return run.updateTime();
    }

    public boolean resumedFromSavepoint() {
        return run.resumedFromSavepoint();
    }

    /** Whether {@code launch} is this job's latest launch. */
    public boolean isLaunch(RuntimeJobId launch) {
        return launch.equals(run.runtimeJobId());
    }

    /** The same job with its definition replaced. */
    public LocalJob with(JobDefinition newDefinition) {
        return new LocalJob(projectId, id, newDefinition, createTime, run);
    }

    /** The same job with its run state replaced. */
    public LocalJob with(JobRun newRun) {
        return new LocalJob(projectId, id, definition, createTime, newRun);
    }

    /** What the batch-run rules see of this job. */
    public Job toJob() {
        return new Job(projectId, id, run.status(), run.hasSavepoint());
    }

    /** What a caller may learn about this job. */
    public JobDetail toDetail() {
        return new JobDetail(toJob(), definition.name(), Optional.of(definition.type()),
                Optional.ofNullable(run.statusDesc()), Instant.ofEpochMilli(createTime),
                Optional.ofNullable(run.startTime()).map(Instant::ofEpochMilli), Instant.ofEpochMilli(run.updateTime()),
                definition.queueName(), Optional.ofNullable(run.savepointPath()), Optional.of(definition),
                Optional.of(run.allowNonRestoredState()));
    }
}
