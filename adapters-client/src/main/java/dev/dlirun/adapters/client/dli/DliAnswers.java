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
import dev.dlirun.adapters.client.generated.model.BatchDeleteFlinkJobsRequest;
import dev.dlirun.adapters.client.generated.model.CreateFlinkJobResponse;
import dev.dlirun.adapters.client.generated.model.FlinkJobList;
import dev.dlirun.adapters.client.generated.model.ListFlinkJobsResponse;
import dev.dlirun.adapters.client.generated.model.UpdateFlinkJobResponse;
import dev.dlirun.adapters.client.generated.model.UpdatedFlinkJob;
import dev.dlirun.adapters.client.generated.model.FlinkJobDetail;
import dev.dlirun.adapters.client.generated.model.FlinkJobStatus;
import dev.dlirun.adapters.client.generated.model.FlinkJobType;
import dev.dlirun.adapters.client.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.client.generated.model.ShowFlinkJobResponse;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** DLI's code for a name already taken. */
    static final String NAME_TAKEN = "DLI.0006";

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
        JsonNode tree = tree(answer);
        ShowFlinkJobResponse response = convert(tree, ShowFlinkJobResponse.class);
        FlinkJobDetail detail = response.getJobDetail();
        if (detail == null) {
            throw new Unusable(Optional.ofNullable(response.getMessage()).filter(m -> !m.isBlank())
                    .orElse("DLI told nothing about job " + requested));
        }
        if (detail.getJobId() != null && detail.getJobId() != requested.value()) {
            throw new Unreadable("DLI answered about job " + detail.getJobId() + " when asked about job " + requested);
        }
        return toDetail(project, requested, detail, tree.path("job_detail"));
    }

    /**
     * A job as DLI's {@code job_detail} (or an element of a list) describes it: {@code node} is the same job as JSON,
     * where every field of its definition is read by {@link JobField}.
     */
    private static JobDetail toDetail(ProjectId project, JobId id, FlinkJobDetail detail, JsonNode node)
            throws Unusable {
        if (detail.getStatus() == null || detail.getStatus() == FlinkJobStatus.UNKNOWN_DEFAULT_OPEN_API) {
            throw new Unusable("DLI reports job " + id + " in a status this service does not know.");
        }
        JobStatus status = JobStatus.fromWireName(detail.getStatus().getValue())
                .orElseThrow(() -> new Unusable("DLI reports job " + id + " in status " + detail.getStatus()));
        Job job = new Job(project, id, status, Boolean.TRUE.equals(detail.getHasSavepoint()));
        Optional<JobType> type = Optional.ofNullable(detail.getJobType())
                .filter(t -> t != FlinkJobType.UNKNOWN_DEFAULT_OPEN_API)
                .flatMap(t -> JobType.fromWireName(t.getValue()));
        Instant created = Instant.ofEpochMilli(Optional.ofNullable(detail.getCreateTime()).orElse(0L));
        String name = Optional.ofNullable(detail.getName()).orElse("");
        return new JobDetail(job, name, type, Optional.ofNullable(detail.getStatusDesc()).filter(d -> !d.isBlank()),
                created, Optional.ofNullable(detail.getStartTime()).map(Instant::ofEpochMilli),
                Optional.ofNullable(detail.getUpdateTime()).map(Instant::ofEpochMilli).orElse(created),
                Optional.ofNullable(detail.getQueueName()), Optional.ofNullable(detail.getSavepointPath()),
                type.flatMap(known -> code(name, known, node)));
    }

    /**
     * The job's definition as DLI tells it: each field of {@link JobField} it sends, beside {@code job_id} or in
     * {@code job_config}, that this service can hold (one it cannot, e.g. out of range, is left out); DLI's defaults
     * for the run settings it leaves out.
     */
    private static Optional<JobDefinition> code(String name, JobType type, JsonNode node) {
        Map<JobField, Object> fields = new EnumMap<>(JobField.class);
        for (JobField field : JobField.values()) {
            JsonNode value = (field.place() == JobField.Place.CONFIG ? node.path("job_config") : node)
                    .path(field.wireName());
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            try {
                fields.put(field, field.accept(JSON.treeToValue(value, Object.class)));
            } catch (InvalidInputException | IOException e) {
                // Left out: the job is shown without it rather than not at all.
            }
        }
        fields.put(JobField.NAME, name.isBlank() ? "(unnamed)" : name);
        try {
            return Optional.of(JobDefinition.from(type, JobFields.of(fields)));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    static byte[] createRequest(JobType type, JobFields fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields.toJson());
        if (type != JobType.FLINK_JAR_JOB) {
            body.put("job_type", type.wireName());
        }
        return write(body);
    }

    /** A list's query string, as the official SDK writes it: only the parameters set. */
    static String listQuery(JobQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        query.type().ifPresent(type -> parameters.put("job_type", type.wireName()));
        query.status().ifPresent(status -> parameters.put("status", status.wireName()));
        query.queueName().ifPresent(queue -> parameters.put("queue_name", queue));
        query.namePrefix().ifPresent(name -> parameters.put("name", name));
        query.userName().ifPresent(user -> parameters.put("user_name", user));
        query.tag().ifPresent(tag -> parameters.put("tags", tag.toString()));
        parameters.put("order", query.ascending() ? "asc" : "desc");
        parameters.put("limit", Integer.toString(query.limit()));
        parameters.put("offset", Long.toString(query.offset()));
        parameters.put("show_detail", Boolean.toString(query.withDetail()));
        query.rootJobId().ifPresent(root -> parameters.put("root_job_id", root.toString()));
        StringBuilder text = new StringBuilder();
        parameters.forEach((name, value) -> text.append(text.length() == 0 ? '?' : '&').append(name).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        return text.toString();
    }

    static byte[] updateRequest(JobFields changes) {
        return write(changes.toJson());
    }

    static byte[] deleteRequest(List<JobId> ids) {
        return write(new BatchDeleteFlinkJobsRequest().jobIds(ids.stream().map(JobId::value).toList()));
    }

    /** The job a create answer names. */
    static NewJob created(DliHttp.Answer answer) throws Unreadable {
        CreateFlinkJobResponse response = read(answer, new TypeReference<>() {
        });
        if (response.getJob() == null || response.getJob().getJobId() == null || response.getJob().getJobId() < 1) {
            throw new Unreadable("DLI's answer to a create names no job");
        }
        JobStatus status = Optional.ofNullable(response.getJob().getStatusName())
                .flatMap(s -> JobStatus.fromWireName(s.getValue())).orElse(JobStatus.JOB_INIT);
        return new NewJob(JobId.of(response.getJob().getJobId()), status);
    }

    /** When an update answer says the job was updated; {@code otherwise} if it does not say. */
    static Instant updated(DliHttp.Answer answer, Instant otherwise) throws Unreadable {
        UpdateFlinkJobResponse response = read(answer, new TypeReference<>() {
        });
        return Optional.ofNullable(response.getJob()).map(UpdatedFlinkJob::getUpdateTime).map(Instant::ofEpochMilli)
                .orElse(otherwise);
    }

    /** The page of a list answer; a job DLI describes in a way this service cannot use is left out. */
    static JobPage page(ProjectId project, DliHttp.Answer answer) throws Unreadable {
        JsonNode tree = tree(answer);
        FlinkJobList list = convert(tree, ListFlinkJobsResponse.class).getJobList();
        if (list == null) {
            throw new Unreadable("DLI's answer to a list holds no job_list");
        }
        JsonNode nodes = tree.path("job_list").path("jobs");
        List<JobDetail> jobs = new ArrayList<>();
        List<FlinkJobDetail> details = Optional.ofNullable(list.getJobs()).orElse(List.of());
        for (int i = 0; i < details.size(); i++) {
            FlinkJobDetail detail = details.get(i);
            if (detail == null || detail.getJobId() == null || detail.getJobId() < 1) {
                continue;
            }
            try {
                jobs.add(toDetail(project, JobId.of(detail.getJobId()), detail, nodes.path(i)));
            } catch (Unusable e) {
                // Left out, as the list of a job this service cannot show.
            }
        }
        return new JobPage(Optional.ofNullable(list.getTotalCount()).orElse((long) jobs.size()), jobs);
    }

    /** The answer's JSON, read once: the generated model and the fields of {@link JobField} both come from it. */
    private static JsonNode tree(DliHttp.Answer answer) throws Unreadable {
        requireJson(answer);
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new Unreadable("DLI's answer is not the JSON this service expects");
        }
    }

    private static <T> T convert(JsonNode tree, Class<T> type) throws Unreadable {
        try {
            return JSON.treeToValue(tree, type);
        } catch (IOException e) {
            throw new Unreadable("DLI's answer is not the JSON this service expects");
        }
    }

    private static void requireJson(DliHttp.Answer answer) throws Unreadable {
        if (!answer.isJson()) {
            throw new Unreadable("DLI answered " + answer.headers().firstValue("Content-Type").orElse("no content type")
                    + ", not JSON");
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
        requireJson(answer);
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
