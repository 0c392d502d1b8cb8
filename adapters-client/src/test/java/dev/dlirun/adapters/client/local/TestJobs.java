package dev.dlirun.adapters.client.local;

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
}
