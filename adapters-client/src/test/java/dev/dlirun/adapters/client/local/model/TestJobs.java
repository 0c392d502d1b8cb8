package dev.dlirun.adapters.client.local.model;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.time.Instant;

/** Catalogue entries for tests. */
public final class TestJobs {

    public static final Instant CREATED = Instant.parse("2026-11-24T00:00:00Z");

    private TestJobs() {
    }

    /** A SQL job without code: enough for everything but a real runtime. */
    public static LocalJob job(ProjectId project, long id, JobStatus status, boolean hasSavepoint) {
        return LocalJob.created(project, JobId.of(id), JobDefinition.named("job-" + id, JobType.FLINK_SQL_JOB), status,
                hasSavepoint, hasSavepoint ? "file:///savepoints/" + project + "/" + id : null, CREATED);
    }

    /** {@code job} in {@code status}, its run state otherwise as it was. */
    public static LocalJob inStatus(LocalJob job, JobStatus status) {
        return job.with(job.run().moved(status, null, job.updateTime()));
    }

    // The run's own moves, for tests that write runs of every shape straight to a catalogue.

    public static JobRun moved(JobRun run, JobStatus status, String why, long now) {
        return run.moved(status, why, now);
    }

    public static JobRun launching(JobRun run, RuntimeJobId launch, boolean fromSavepoint, String restore, String why,
                                   long now) {
        return run.launching(launch, fromSavepoint, restore, false, why, now);
    }

    public static JobRun running(JobRun run, long now) {
        return run.running(now);
    }

    /** Stopped with the savepoint at {@code path}. */
    public static JobRun stoppedWithSavepoint(JobRun run, String path, long now) {
        return run.withSavepoint(path, null, now).moved(JobStatus.JOB_CANCEL_SUCCESS, null, now);
    }
}
