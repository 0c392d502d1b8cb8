package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * DLI's check of a job's SQL ({@code POST /v3/{project_id}/streaming/jobs/{job_id}/gen-graph}): the check forwarded
 * as the official SDK sends it, DLI's verdict read back tolerantly ({@code is_success} a boolean or a string,
 * {@code stream_graph} text or, should DLI send it so, a JSON value kept as its text).
 */
final class DliGraphs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DliCalls calls;

    DliGraphs(DliCalls calls) {
        this.calls = calls;
    }

    /** The check has no effect at DLI: it is retried as a lookup is. */
    GraphVerdict graph(ProjectId project, JobId id, GraphCheck check, Deadline deadline) {
        DliHttp.Answer answer = calls.call(project, "POST", "/v3/" + project.value() + "/streaming/jobs/" + id
                + "/gen-graph", request(check), "gen-graph", "check job " + id, Optional.of(id), true, deadline);
        return verdict(answer);
    }

    /** The body DLI takes: the check's fields by their wire names, as the SDK writes them (nulls left out). */
    static byte[] request(GraphCheck check) {
        ObjectNode body = JSON.createObjectNode();
        for (Map.Entry<String, Object> field : check.overrides().toJson().entrySet()) {
            body.putPOJO(field.getKey(), field.getValue());
        }
        body.put("graph_type", check.type().wireName());
        check.jobType().ifPresent(type -> body.put("job_type", type));
        check.staticEstimator().ifPresent(estimate -> body.put("static_estimator", estimate));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a check's body could not be written", e);
        }
    }

    /** DLI's verdict: its graph, or its refusal with DLI's own code and message. */
    static GraphVerdict verdict(DliHttp.Answer answer) {
        JsonNode tree;
        try {
            if (!answer.isJson()) {
                throw new IOException("not JSON");
            }
            tree = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new BackendUnavailableException("DLI's answer to a check is not the JSON this service expects");
        }
        if (tree == null || !tree.isObject()) {
            throw new BackendUnavailableException("DLI's answer to a check is not the JSON this service expects");
        }
        JsonNode success = tree.path("is_success");
        boolean planned = success.isBoolean() ? success.booleanValue() : "true".equals(success.asText());
        String message = tree.path("message").asText("");
        if (planned) {
            JsonNode graph = tree.path("stream_graph");
            return new GraphVerdict.Planned(graph.isMissingNode() || graph.isNull() ? ""
                    : graph.isTextual() ? graph.textValue() : graph.toString());
        }
        String code = tree.path("error_code").asText("");
        return new GraphVerdict.Refused(code.isBlank() ? GraphVerdict.DOES_NOT_PLAN : code,
                message.isBlank() ? "DLI refused the job's SQL without saying why." : message);
    }
}
