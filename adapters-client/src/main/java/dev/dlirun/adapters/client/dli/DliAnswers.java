package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dlirun.adapters.client.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.client.generated.model.BatchStopFlinkJobsRequest;
import dev.dlirun.adapters.client.generated.model.FlinkJobSavepointRequest;
import dev.dlirun.adapters.client.generated.model.ImportFlinkJobSavepointRequest;
import dev.dlirun.adapters.client.generated.model.FlinkJobConfig;
import dev.dlirun.adapters.client.generated.model.FlinkJobDetail;
import dev.dlirun.adapters.client.generated.model.FlinkJobStatus;
import dev.dlirun.adapters.client.generated.model.FlinkJobType;
import dev.dlirun.adapters.client.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.client.generated.model.ShowFlinkJobResponse;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DLI's wire format, read tolerantly and written strictly: the models generated from the spec on one side, the
 * domain on the other. Unknown fields are ignored; {@code is_success} may be a string or a boolean.
 */
final class DliAnswers {

    /** DLI's code for "object does not exist". */
    /** DLI's codes for a job that does not exist: the old general one, and the per-job endpoints' (contract 7.6). */
    static final Set<String> DOES_NOT_EXIST = Set.of("DLI.0002", "DLI.16001");

    /** Reads DLI's answers tolerantly; writes requests as the official SDK does, leaving out fields with no value. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .build();

    private DliAnswers() {
    }

    /** An answer this adapter cannot read at all: not JSON, or not the JSON of the operation. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    /** A readable answer that does not describe a job this service can work with; the message says why. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /** DLI's error body: {@code error_code}/{@code error_msg}, or {@code code}/{@code message}. */
    record DliError(String code, String message) {
        @Override
        public String toString() {
            return code.isEmpty() ? message : code + ": " + message;
        }
    }

    static byte[] runRequest(List<JobId> ids, boolean resumeSavepoint) {
        return write(new BatchRunFlinkJobsRequest().jobIds(ids.stream().map(JobId::value).toList())
                .resumeSavepoint(resumeSavepoint));
    }

    static byte[] stopRequest(List<JobId> ids, boolean triggerSavepoint) {
        return write(new BatchStopFlinkJobsRequest().jobIds(ids.stream().map(JobId::value).toList())
                .triggerSavepoint(triggerSavepoint));
    }

    static byte[] triggerRequest(Optional<String> directory) {
        return write(new FlinkJobSavepointRequest().action(FlinkJobSavepointRequest.ActionEnum.TRIGGER)
                .savepointPath(directory.orElse(null)));
    }

    static byte[] importRequest(JobId id, String path) {
        return write(new ImportFlinkJobSavepointRequest().jobId(id.value()).savepointPath(path));
    }

    /** DLI's answer to a per-job operation: {@code is_success} and its message. */
    static FlinkSuccessResponse outcome(DliHttp.Answer answer) throws Unreadable {
        return read(answer, new TypeReference<FlinkSuccessResponse>() { });
    }

    private static byte[] write(Object request) {
        try {
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<DliError> error(DliHttp.Answer answer) {
        try {
            JsonNode body = JSON.readTree(answer.body());
            if (body == null || !body.isObject()) {
                return Optional.empty();
            }
            String code = text(body, "error_code").or(() -> text(body, "code")).orElse("");
            Optional<String> message = text(body, "error_msg").or(() -> text(body, "message"));
            return code.isEmpty() && message.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new DliError(code, message.orElse("(no message)")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The job of a job-detail answer. */
    static JobDetail jobDetail(ProjectId project, JobId requested, DliHttp.Answer answer) throws Unreadable, Unusable {
        ShowFlinkJobResponse response = read(answer, new TypeReference<>() {
        });
        FlinkJobDetail detail = response.getJobDetail();
        if (detail == null) {
            throw new Unusable(Optional.ofNullable(response.getMessage()).filter(m -> !m.isBlank())
                    .orElse("DLI told nothing about job " + requested));
        }
        if (detail.getJobId() != null && detail.getJobId() != requested.value()) {
            throw new Unreadable("DLI answered about job " + detail.getJobId() + " when asked about job " + requested);
        }
        if (detail.getStatus() == null || detail.getStatus() == FlinkJobStatus.UNKNOWN_DEFAULT_OPEN_API) {
            throw new Unusable("DLI reports job " + requested + " in a status this service does not know.");
        }
        JobStatus status = JobStatus.fromWireName(detail.getStatus().getValue())
                .orElseThrow(() -> new Unusable("DLI reports job " + requested + " in status " + detail.getStatus()));
        Job job = new Job(project, requested, status, Boolean.TRUE.equals(detail.getHasSavepoint()));
        Optional<JobType> type = Optional.ofNullable(detail.getJobType())
                .filter(t -> t != FlinkJobType.UNKNOWN_DEFAULT_OPEN_API)
                .flatMap(t -> JobType.fromWireName(t.getValue()));
        Instant created = Instant.ofEpochMilli(Optional.ofNullable(detail.getCreateTime()).orElse(0L));
        String name = Optional.ofNullable(detail.getName()).orElse("");
        return new JobDetail(job, name, type, Optional.ofNullable(detail.getStatusDesc()).filter(d -> !d.isBlank()),
                created, Optional.ofNullable(detail.getStartTime()).map(Instant::ofEpochMilli),
                Optional.ofNullable(detail.getUpdateTime()).map(Instant::ofEpochMilli).orElse(created),
                Optional.ofNullable(detail.getQueueName()), Optional.ofNullable(detail.getSavepointPath()),
                type.flatMap(known -> code(name, known, detail)));
    }

    /**
     * The job's code and run settings as DLI tells them; DLI's defaults for settings it leaves out. Empty when DLI
     * sent settings this service cannot hold (it shows the job without them rather than not at all).
     */
    private static Optional<JobDefinition> code(String name, JobType type, FlinkJobDetail detail) {
        FlinkJobConfig wire = detail.getJobConfig();
        try {
            JobConfig.Builder config = JobConfig.builder();
            if (wire != null) {
                Optional.ofNullable(wire.getParallelNumber()).ifPresent(config::parallelNumber);
                Optional.ofNullable(wire.getCheckpointEnabled()).ifPresent(config::checkpointEnabled);
                Optional.ofNullable(wire.getCheckpointMode()).flatMap(CheckpointMode::fromName)
                        .ifPresent(config::checkpointMode);
                Optional.ofNullable(wire.getCheckpointInterval()).ifPresent(config::checkpointIntervalSeconds);
                Optional.ofNullable(wire.getRestartWhenException()).ifPresent(config::restartWhenException);
                Optional.ofNullable(wire.getResumeCheckpoint()).ifPresent(config::resumeCheckpoint);
                Optional.ofNullable(wire.getResumeMaxNum()).ifPresent(config::resumeMaxNum);
                config.runtimeConfig(wire.getRuntimeConfig()).entrypoint(wire.getEntrypoint());
            }
            return Optional.of(new JobDefinition(name.isBlank() ? "(unnamed)" : name, type,
                    Optional.ofNullable(detail.getSqlBody()), Optional.ofNullable(detail.getMainClass()),
                    Optional.ofNullable(detail.getEntrypointArgs()), config.build()));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /** One outcome per job of a batch-run answer, in the order the ids were sent. */
    static List<FlinkSuccessResponse> batchOutcomes(DliHttp.Answer answer, int expected) throws Unreadable {
        List<FlinkSuccessResponse> outcomes = read(answer, new TypeReference<>() {
        });
        if (outcomes == null || outcomes.size() != expected) {
            throw new Unreadable("DLI answered " + (outcomes == null ? "nothing" : outcomes.size() + " outcomes")
                    + " for " + expected + " jobs");
        }
        return outcomes;
    }

    /** A batch-run outcome's {@code is_success}: {@code "true"} or {@code true}; anything else is a refusal. */
    static boolean delivered(FlinkSuccessResponse outcome) {
        return outcome.getIsSuccess() == FlinkSuccessResponse.IsSuccessEnum.TRUE;
    }

    private static <T> T read(DliHttp.Answer answer, TypeReference<T> type) throws Unreadable {
        if (!answer.isJson()) {
            throw new Unreadable("DLI answered " + answer.headers().firstValue("Content-Type").orElse("no content type")
                    + ", not JSON");
        }
        try {
            return JSON.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new Unreadable("DLI's answer is not the JSON this service expects");
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }
}
