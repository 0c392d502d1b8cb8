package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.time.Instant;
import java.util.List;

/**
 * The jobs the local engine starts with when no jobs file is given, so that the service can be tried at once.
 * The README lists them; keep the two in step.
 */
public final class DemoCatalogue {

    /** The demo project: its jobs 131, 130, 138 and 137 answer the API page's example request with four "true". */
    public static final ProjectId PROJECT = ProjectId.of("demo");
    /** A second project, holding a job 131 of its own, to show that projects do not see each other's jobs. */
    public static final ProjectId OTHER_PROJECT = ProjectId.of("demo-other");

    private DemoCatalogue() {
    }

    public static List<LocalJob> jobs(Instant now) {
        return List.of(
                job(PROJECT, 131, "orders-enrich", JobType.FLINK_OPENSOURCE_SQL_JOB, JobStatus.JOB_CANCEL_SUCCESS, true, now),
                job(PROJECT, 130, "clicks-sessionize", JobType.FLINK_OPENSOURCE_SQL_JOB, JobStatus.JOB_FINISH, true, now),
                job(PROJECT, 138, "payments-fraud-score", JobType.FLINK_JAR_JOB, JobStatus.JOB_SUBMIT_FAIL, true, now),
                job(PROJECT, 137, "inventory-sync", JobType.FLINK_SQL_JOB, JobStatus.JOB_IDLE, true, now),
                job(PROJECT, 140, "metrics-rollup", JobType.FLINK_OPENSOURCE_SQL_JOB, JobStatus.JOB_RUNNING, true, now),
                job(PROJECT, 141, "logs-archive", JobType.FLINK_SQL_JOB, JobStatus.JOB_INIT, false, now),
                job(PROJECT, 142, "alerts-fanout", JobType.FLINK_JAR_JOB, JobStatus.JOB_CANCELING, true, now),
                job(OTHER_PROJECT, 131, "other-team-job", JobType.FLINK_SQL_JOB, JobStatus.JOB_INIT, false, now));
    }

    private static LocalJob job(ProjectId project, long id, String name, JobType type, JobStatus status,
                                boolean hasSavepoint, Instant now) {
        String savepoints = hasSavepoint ? "obs://dlirun-demo/savepoints/" + project + "/" + id : null;
        return LocalJob.created(project, JobId.of(id), name, type, status, hasSavepoint, savepoints, now);
    }
}
