package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkJobResponse;
import dev.dlirun.adapters.rest.generated.model.CreateFlinkSqlJobRequest;
import dev.dlirun.adapters.rest.generated.model.CreatedFlinkJob;
import dev.dlirun.adapters.rest.generated.model.FlinkJobList;
import dev.dlirun.adapters.rest.generated.model.FlinkJobStatus;
import dev.dlirun.adapters.rest.generated.model.FlinkJobType;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.rest.generated.model.ListFlinkJobsResponse;
import dev.dlirun.adapters.rest.generated.model.UpdateFlinkJobResponse;
import dev.dlirun.adapters.rest.generated.model.UpdatedFlinkJob;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge of the operations on a job's definition ({@code contract.md} 7.4, 7.5): create and update bodies in as
 * {@link JobFields}, the list's query parameters in as a {@link JobQuery}, and DLI's answers out.
 */
public final class JobDefinitionRequests {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    private JobDefinitionRequests() {
    }

    /**
     * The fields a create or update body set, by wire name (what the JSON reader read into the generated model, its
     * types already checked), each checked against its rule.
     */
    static JobFields fields(Object body) {
        if (body == null) {
            throw new InvalidInputException(JobRequests.BODY, JobRequests.BODY_RULE);
        }
        return JobFields.parse(JsonMapping.mapper().convertValue(body, FIELDS));
    }

    /** The kind of SQL job a create body asks for; DLI's default when it names none. */
    static JobType sqlType(CreateFlinkSqlJobRequest body) {
        return body == null || body.getJobType() == null ? JobType.FLINK_OPENSOURCE_SQL_JOB
                : JobType.fromWireName(body.getJobType().toString()).orElseThrow();
    }

    /** A list's query, from its parameters (JAX-RS has read their types; the domain checks their ranges). */
    static JobQuery query(String projectId, FlinkJobType type, FlinkJobStatus status, String queueName, String name,
                          String userName, String tags, String order, Integer limit, Long offset, Boolean showDetail,
                          Long rootJobId) {
        boolean ascending;
        if (order == null || order.equals("desc")) {
            ascending = false;
        } else if (order.equals("asc")) {
            ascending = true;
        } else {
            throw new InvalidInputException("order", "must be asc or desc");
        }
        return new JobQuery(ProjectId.of(projectId),
                Optional.ofNullable(type).map(t -> JobType.fromWireName(t.toString()).orElseThrow()),
                Optional.ofNullable(status).map(s -> JobStatus.fromWireName(s.toString()).orElseThrow()),
                Optional.ofNullable(queueName).filter(q -> !q.isEmpty()),
                Optional.ofNullable(name).filter(n -> !n.isEmpty()),
                Optional.ofNullable(userName).filter(u -> !u.isEmpty()),
                Optional.ofNullable(tags).filter(t -> !t.isEmpty()).map(JobDefinitionRequests::tag),
                Optional.ofNullable(rootJobId),
                ascending,
                limit == null ? JobQuery.DEFAULT_LIMIT : limit,
                offset == null ? 0 : offset,
                showDetail != null && showDetail);
    }

    private static JobTag tag(String filter) {
        int equals = filter.indexOf('=');
        if (equals < 1) {
            throw new InvalidInputException("tags", "must be written key=value");
        }
        try {
            return new JobTag(filter.substring(0, equals), filter.substring(equals + 1));
        } catch (InvalidInputException e) {
            throw e.reportedAs("tags " + e.field());
        }
    }

    /** @throws InvalidInputException when {@code raw}, a boolean query parameter as sent, is neither true nor false */
    static void requireBoolean(String name, String raw) {
        if (raw != null && !raw.equals("true") && !raw.equals("false")) {
            throw malformedQueryParameter(name);
        }
    }

    /** What a query parameter of the wrong type (e.g. {@code limit=ten}) breaks. */
    public static InvalidInputException malformedQueryParameter(String name) {
        return switch (name) {
            case "job_type" -> new InvalidInputException(name, "must be one of flink_sql_job, "
                    + "flink_opensource_sql_job, flink_sql_edge_job, flink_jar_job");
            case "status" -> new InvalidInputException(name, "must be a job status, e.g. job_running");
            case "limit" -> new InvalidInputException(name, "must be an integer from 1 to " + JobQuery.MAX_LIMIT);
            case "offset" -> new InvalidInputException(name, "must be 0 or more");
            case "show_detail" -> new InvalidInputException(name, "must be true or false");
            case "root_job_id" -> new InvalidInputException(name, "must be an integer");
            default -> new InvalidInputException(name, "has the wrong type");
        };
    }

    static CreateFlinkJobResponse created(NewJob job) {
        return new CreateFlinkJobResponse()
                .isSuccess(CreateFlinkJobResponse.IsSuccessEnum.TRUE)
                .message("A DLI job is created successfully.")
                .job(new CreatedFlinkJob().jobId(job.id().value())
                        .statusName(FlinkJobStatus.fromValue(job.status().wireName()))
                        .statusDesc(""));
    }

    static UpdateFlinkJobResponse updated(dev.dlirun.domain.definition.JobUpdate update) {
        return new UpdateFlinkJobResponse()
                .isSuccess(UpdateFlinkJobResponse.IsSuccessEnum.TRUE)
                .message("The job is updated successfully.")
                .job(new UpdatedFlinkJob().updateTime(update.updateTime().toEpochMilli()))
                .stateCheck(update.stateCheck().map(JobVersionMapping::verdict).orElse(null));
    }

    static ListFlinkJobsResponse listed(JobPage page, boolean whole, Instant now) {
        return new ListFlinkJobsResponse()
                .isSuccess(ListFlinkJobsResponse.IsSuccessEnum.TRUE)
                .message("Jobs are successfully listed.")
                .jobList(new FlinkJobList().totalCount(page.totalCount())
                        .jobs(page.jobs().stream().map(job -> JobDetailMapping.toWire(job, whole, now)).toList()));
    }

    static FlinkSuccessResponse deleted() {
        return JobRequests.success(JobOperation.DELETE.deliveredMessage());
    }

}
