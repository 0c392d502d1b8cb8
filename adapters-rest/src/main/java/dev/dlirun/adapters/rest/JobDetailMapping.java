package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.model.FlinkJobDetail;
import dev.dlirun.adapters.rest.generated.model.FlinkJobStatus;
import dev.dlirun.adapters.rest.generated.model.FlinkJobType;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobResponse;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;

import java.time.Instant;

/** The edge of the job-detail operation: the path's job id in, the domain's job detail out as DLI's job_detail. */
public final class JobDetailMapping {

    private static final String JOB_ID = "job_id";

    private JobDetailMapping() {
    }

    static JobId toJobId(Long value) {
        if (value == null) {
            throw new InvalidInputException(JOB_ID, JobId.RULE);
        }
        return JobId.of(value);
    }

    /** The rule a path's job id breaks when it is not a number at all. */
    public static InvalidInputException malformedJobId() {
        return new InvalidInputException(JOB_ID, JobId.RULE);
    }

    static ShowFlinkJobResponse toResponse(JobDetail detail) {
        var job = detail.job();
        FlinkJobDetail wire = new FlinkJobDetail()
                .jobId(job.id().value())
                .name(detail.name())
                .jobType(detail.type().map(t -> FlinkJobType.fromValue(t.wireName())).orElse(null))
                .status(FlinkJobStatus.fromValue(job.status().wireName()))
                .createTime(detail.createTime().toEpochMilli())
                .startTime(detail.startTime().map(Instant::toEpochMilli).orElse(null))
                .updateTime(detail.updateTime().toEpochMilli())
                .queueName(detail.queueName().orElse(null))
                .projectId(job.projectId().value())
                .hasSavepoint(job.hasSavepoint())
                .savepointPath(detail.savepointPath().orElse(null));
        return new ShowFlinkJobResponse()
                .isSuccess(ShowFlinkJobResponse.IsSuccessEnum.TRUE)
                .message("")
                .jobDetail(wire);
    }
}
