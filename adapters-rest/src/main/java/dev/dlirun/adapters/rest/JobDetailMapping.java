package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.model.FlinkJobConfig;
import dev.dlirun.adapters.rest.generated.model.FlinkJobDetail;
import dev.dlirun.adapters.rest.generated.model.FlinkJobStatus;
import dev.dlirun.adapters.rest.generated.model.FlinkJobType;
import dev.dlirun.adapters.rest.generated.model.ShowFlinkJobResponse;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobConfig;
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
                .savepointPath(detail.savepointPath().orElse(null))
                .statusDesc(detail.statusDesc().orElse(null));
        detail.code().ifPresent(code -> wire
                .sqlBody(code.sqlBody().orElse(null))
                .mainClass(code.mainClass().orElse(null))
                .entrypointArgs(code.entrypointArgs().orElse(null))
                .jobConfig(toWire(code.config())));
        return new ShowFlinkJobResponse()
                .isSuccess(ShowFlinkJobResponse.IsSuccessEnum.TRUE)
                .message("")
                .jobDetail(wire);
    }

    /** DLI's {@code job_config}, in its wire types: the checkpoint mode by name, the runtime config as it was sent. */
    private static FlinkJobConfig toWire(JobConfig config) {
        return new FlinkJobConfig()
                .checkpointEnabled(config.checkpointEnabled())
                .checkpointMode(config.checkpointMode().wireName())
                .checkpointInterval(config.checkpointIntervalSeconds())
                .parallelNumber(config.parallelNumber())
                .restartWhenException(config.restartWhenException())
                .resumeCheckpoint(config.resumeCheckpoint())
                .resumeMaxNum(config.resumeMaxNum())
                .runtimeConfig(config.runtimeConfig().orElse(null))
                .entrypoint(config.entrypoint().orElse(null));
    }
}
