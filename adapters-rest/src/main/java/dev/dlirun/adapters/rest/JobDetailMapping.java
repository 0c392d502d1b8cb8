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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobStatus;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

    static ShowFlinkJobResponse toResponse(JobDetail detail, Instant now) {
        return new ShowFlinkJobResponse()
                .isSuccess(ShowFlinkJobResponse.IsSuccessEnum.TRUE)
                .message("")
                .jobDetail(toWire(detail, true, now));
    }

    /**
     * DLI's {@code job_detail} of the job: whole (its code and {@code job_config} included), or the summary a list
     * shows without {@code show_detail}. Every field of its definition is shown where DLI's detail has it, in DLI's
     * wire types ({@link JobField}).
     */
    static FlinkJobDetail toWire(JobDetail detail, boolean whole, Instant now) {
        var job = detail.job();
        FlinkJobDetail wire = new FlinkJobDetail()
                .jobId(job.id().value())
                .name(detail.name())
                .jobType(detail.type().map(t -> FlinkJobType.fromValue(t.wireName())).orElse(null))
                .status(FlinkJobStatus.fromValue(job.status().wireName()))
                .createTime(detail.createTime().toEpochMilli())
                .startTime(detail.startTime().map(Instant::toEpochMilli).orElse(null))
                .updateTime(detail.updateTime().toEpochMilli())
                .duration(job.status() == JobStatus.JOB_RUNNING ? detail.startTime()
                        .map(start -> Math.max(0, now.toEpochMilli() - start.toEpochMilli())).orElse(null) : null)
                .rootId(-1L)
                .queueName(detail.queueName().orElse(null))
                .projectId(job.projectId().value())
                .hasSavepoint(job.hasSavepoint())
                .savepointPath(detail.savepointPath().orElse(null))
                .allowNonRestoredState(detail.allowNonRestoredState().orElse(null))
                .statusDesc(detail.statusDesc().orElse(null));
        if (detail.code().isEmpty()) {
            return wire;
        }
        return withCode(wire, detail.code().get(), whole);
    }

    /**
     * A definition alone (a version's), in the job detail's shape: the fields the whole detail shows of a job's
     * definition, and nothing of a job's runs.
     */
    static FlinkJobDetail toWire(JobDefinition code) {
        return withCode(new FlinkJobDetail()
                .name(code.name())
                .jobType(FlinkJobType.fromValue(code.type().wireName()))
                .queueName(code.queueName().orElse(null)), code, true);
    }

    /** {@code wire} with the definition's fields the detail shows: its code and {@code job_config} only when whole. */
    private static FlinkJobDetail withCode(FlinkJobDetail wire, JobDefinition code, boolean whole) {
        if (whole) {
            wire.sqlBody(code.sqlBody().orElse(null))
                    .mainClass(code.mainClass().orElse(null))
                    .entrypointArgs(code.entrypointArgs().orElse(null))
                    .jobConfig(withExtras(toWire(code.config()).rootId(-1L), code, JobField.Place.CONFIG,
                            FlinkJobConfig.class));
        }
        return withExtras(wire, code, JobField.Place.DETAIL, FlinkJobDetail.class);
    }

    /** {@code wire} with the definition's extra fields of {@code place} set, in their wire types. */
    private static <T> T withExtras(T wire, JobDefinition code, JobField.Place place, Class<T> type) {
        Map<String, Object> extras = new LinkedHashMap<>();
        code.extras().toJson().forEach((name, value) -> {
            if (JobField.fromWireName(name).map(JobField::place).filter(place::equals).isPresent()) {
                extras.put(name, value);
            }
        });
        if (extras.isEmpty()) {
            return wire;
        }
        ObjectNode node = JsonMapping.mapper().valueToTree(wire);
        node.setAll((ObjectNode) JsonMapping.mapper().valueToTree(extras));
        try {
            return JsonMapping.mapper().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's fields do not fit DLI's job detail", e);
        }
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
