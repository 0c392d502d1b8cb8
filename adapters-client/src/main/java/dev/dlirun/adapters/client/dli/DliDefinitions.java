package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DLI's job definitions: create, update, list and delete. */
final class DliDefinitions {

    private final DliCalls calls;
    private final DliBatches batches;

    DliDefinitions(DliCalls calls, DliBatches batches) {
        this.calls = calls;
        this.batches = batches;
    }

    NewJob create(ProjectId projectId, JobType type, JobFields fields, Deadline deadline) {
        DliHttp.Answer answer = calls.call(projectId, "POST", definitionPath(projectId, type, Optional.empty()),
                DliAnswers.createRequest(type, fields), "create", "create a job", Optional.empty(), false, deadline);
        DliCalls.requireSuccess(answer, "create a job");
        try {
            return DliAnswers.created(answer);
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException("DLI's answer to a create cannot be read (" + e.getMessage()
                    + "); the job may have been created: list the project's jobs before trying again");
        }
    }

    /** An update is a merge at DLI too: what the caller set is forwarded, nothing else. PUT is idempotent. */
    Instant update(ProjectId projectId, JobId id, boolean jarEndpoint, JobFields changes, Deadline deadline) {
        JobType endpoint = jarEndpoint ? JobType.FLINK_JAR_JOB : JobType.FLINK_OPENSOURCE_SQL_JOB;
        DliHttp.Answer answer = calls.call(projectId, "PUT", definitionPath(projectId, endpoint, Optional.of(id)),
                DliAnswers.updateRequest(changes), "update", "update job " + id, Optional.of(id), true, deadline);
        DliCalls.requireSuccess(answer, "update job " + id);
        try {
            return DliAnswers.updated(answer, calls.clock().instant());
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException(e.getMessage());
        }
    }

    JobPage list(JobQuery query, Deadline deadline) {
        ProjectId project = query.projectId();
        DliHttp.Answer answer = calls.call(project, "GET", "/v1.0/" + project.value() + "/streaming/jobs"
                + DliAnswers.listQuery(query), null, "list", "list jobs", Optional.empty(), true, deadline);
        try {
            return DliAnswers.page(project, answer);
        } catch (DliAnswers.Unreadable e) {
            throw new BackendUnavailableException(e.getMessage());
        }
    }

    /**
     * One job: DLI's per-job delete (a job it does not have is {@link JobOutcome.NotFound}); more: its batch
     * delete, in chunks as runs go, never blindly retried.
     */
    Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        if (ids.size() == 1) {
            JobId id = ids.get(0);
            try {
                DliHttp.Answer answer = calls.call(projectId, "DELETE", DliCalls.jobPath(projectId, id.toString()),
                        null, "delete", "delete job " + id, Optional.of(id), true, deadline);
                DliCalls.requireSuccess(answer, "delete job " + id);
                return Map.of(id, new JobOutcome.Delivered(JobOperation.DELETE, id));
            } catch (JobNotFoundException e) {
                return Map.of(id, new JobOutcome.NotFound(id));
            } catch (OperationNotAllowedException | DuplicateJobNameException e) {
                return Map.of(id, new JobOutcome.BackendRefused(id, Optional.ofNullable(e.getMessage())
                        .filter(m -> !m.isBlank()).orElse("DLI refused to delete job " + id + ".")));
            }
        }
        return batches.delete(projectId, ids, deadline);
    }

    private static String definitionPath(ProjectId project, JobType type, Optional<JobId> id) {
        return "/v1.0/" + project.value() + "/streaming/" + (type == JobType.FLINK_JAR_JOB ? "flink-jobs" : "sql-jobs")
                + id.map(job -> "/" + job).orElse("");
    }
}
