package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplateNotFoundException;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DLI's Flink SQL job templates ({@code /v1.0/{project_id}/streaming/job-templates}): forwarded as they are, DLI's
 * answers read tolerantly ({@code is_success} a boolean, as its SDK declares it, or a string).
 */
final class DliTemplates {

    static final ObjectMapper JSON = new ObjectMapper();

    private final DliCalls calls;

    DliTemplates(DliCalls calls) {
        this.calls = calls;
    }

    /** A POST: sent once, never retried (a retry could create the template twice). */
    JobTemplate create(ProjectId projectId, NewTemplate template, Deadline deadline) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", template.name());
        body.put("desc", template.desc());
        body.put("sql_body", template.sqlBody());
        body.put("job_type", template.jobType().wireName());
        if (!template.tags().isEmpty()) {
            body.put("tags", template.tags().stream().map(tag -> Map.of("key", tag.key(), "value", tag.value()))
                    .toList());
        }
        JsonNode answer = successful(calls.call(projectId, "POST", path(projectId, Optional.empty()), bytes(body),
                "create_template", "create a template", Optional.empty(), false, deadline), "create a template");
        JsonNode created = answer.path("template");
        if (!created.path("template_id").canConvertToLong()) {
            throw new BackendUnavailableException("DLI's answer to a template's create names no template_id; the "
                    + "template may have been created: list the project's templates before trying again");
        }
        long createTime = created.path("create_time").asLong(calls.clock().millis());
        return read(() -> new JobTemplate(TemplateId.of(created.path("template_id").asLong()), projectId,
                template.name(), template.desc(), template.sqlBody(), template.jobType(), template.tags(),
                createTime, createTime));
    }

    TemplatePage list(TemplateQuery query, Deadline deadline) {
        ProjectId project = query.projectId();
        StringBuilder parameters = new StringBuilder("?offset=").append(query.offset())
                .append("&limit=").append(query.limit())
                .append("&order=").append(query.ascending() ? "asc" : "desc");
        query.nameContains().ifPresent(name -> parameters.append("&name=").append(encode(name)));
        query.tag().ifPresent(tag -> parameters.append("&tags=").append(encode(tag.toString())));
        JsonNode answer = successful(calls.call(project, "GET", path(project, Optional.empty()) + parameters, null,
                "list_templates", "list templates", Optional.empty(), true, deadline), "list templates");
        JsonNode list = answer.path("template_list");
        List<JobTemplate> templates = new ArrayList<>();
        for (JsonNode node : list.path("templates")) {
            templates.add(read(() -> new JobTemplate(TemplateId.of(node.path("template_id").asLong()), project,
                    node.path("name").asText(), node.path("desc").asText(""), node.path("sql_body").asText(""),
                    JobType.fromWireName(node.path("job_type").asText("flink_sql_job"))
                            .orElse(JobType.FLINK_SQL_JOB),
                    List.of(), node.path("create_time").asLong(), node.path("update_time")
                    .asLong(node.path("create_time").asLong()))));
        }
        return new TemplatePage(list.path("total_count").asLong(templates.size()), templates);
    }

    /** A PUT of the fields the caller set: idempotent, retried as lookups are. */
    void update(ProjectId projectId, TemplateId id, TemplateChanges changes, Deadline deadline) {
        Map<String, Object> body = new LinkedHashMap<>();
        changes.name().ifPresent(name -> body.put("name", name));
        changes.desc().ifPresent(desc -> body.put("desc", desc));
        changes.sqlBody().ifPresent(sql -> body.put("sql_body", sql));
        perTemplate(projectId, id, "PUT", bytes(body), "update_template", deadline);
    }

    void delete(ProjectId projectId, TemplateId id, Deadline deadline) {
        perTemplate(projectId, id, "DELETE", null, "delete_template", deadline);
    }

    private void perTemplate(ProjectId projectId, TemplateId id, String method, byte[] body, String operation,
                             Deadline deadline) {
        String what = operation.replace('_', ' ').replace("template", "template " + id);
        try {
            // Named as a job is, DLI's "does not exist" (DLI.16001, 404) comes back as the job's exception: it is the
            // template's.
            successful(calls.call(projectId, method, path(projectId, Optional.of(id)), body, operation, what,
                    Optional.of(JobId.of(id.value())), true, deadline), what);
        } catch (JobNotFoundException e) {
            throw new TemplateNotFoundException(id);
        }
    }

    /** The answer's body, when DLI says it succeeded; its refusal otherwise. */
    static JsonNode successful(DliHttp.Answer answer, String what) {
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new BackendUnavailableException("DLI's answer to " + what + " is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new BackendUnavailableException("DLI's answer to " + what + " is not a JSON object");
        }
        JsonNode success = body.path("is_success");
        if (!(success.isBoolean() && success.booleanValue() || success.isTextual() && success.asText().equals("true"))) {
            throw new OperationNotAllowedException(Optional.of(body.path("message").asText(""))
                    .filter(message -> !message.isBlank()).orElse("DLI refused to " + what + "."));
        }
        return body;
    }

    static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request body cannot be written as JSON", e);
        }
    }

    private static String path(ProjectId project, Optional<TemplateId> id) {
        return "/v1.0/" + project.value() + "/streaming/job-templates" + id.map(template -> "/" + template).orElse("");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A template of DLI's answer, which this service's rules must be able to hold. */
    private static JobTemplate read(java.util.function.Supplier<JobTemplate> template) {
        try {
            return template.get();
        } catch (InvalidInputException e) {
            throw new BackendUnavailableException("DLI answered a template this service cannot read: "
                    + e.getMessage());
        }
    }
}
