package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.insight.RecordCount;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DLI's views of a job at work: its execution graph ({@code GET .../jobs/{job_id}/execute-graph}) and the metrics of
 * a batch ({@code POST .../jobs/metrics}), forwarded signed like every call and read tolerantly ({@code is_success} a
 * string or a boolean). DLI has no operation for a job's exception history or checkpoints: those are the local
 * engine's extensions, answered here as an operation DLI does not support.
 */
final class DliInsight {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DliCalls calls;

    DliInsight(DliCalls calls) {
        this.calls = calls;
    }

    /** Both are reads: retried as lookups are. */
    ExecutionGraph executionGraph(ProjectId projectId, JobId id, Deadline deadline) {
        DliHttp.Answer answer = calls.call(projectId, "GET", DliCalls.jobPath(projectId, id + "/execute-graph"), null,
                "execute-graph", "show the execution graph of job " + id, Optional.of(id), true, deadline);
        JsonNode body = successful(answer, "show the execution graph of job " + id);
        JsonNode graph = body.path("execute_graph");
        if (!graph.isObject()) {
            throw new BackendUnavailableException("DLI's answer holds no execute_graph for job " + id);
        }
        return new ExecutionGraph(graph.path("jid").asText(""), graph.path("name").asText(""),
                graph.path("state").asText(""), graph.path("isStoppable").asBoolean(false),
                graph.path("start-time").asLong(-1), graph.path("end-time").asLong(-1),
                graph.path("duration").asLong(-1));
    }

    /**
     * One call for the whole batch. A batch of one that DLI says does not exist is that job not found; DLI's other
     * refusals reach the caller as DLI said them. A job DLI's answer leaves out has no metrics, and says so.
     */
    Map<JobId, JobMetrics> metrics(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode jobIds = request.putArray("job_ids");
        ids.forEach(id -> jobIds.add(id.value()));
        DliHttp.Answer answer = calls.call(projectId, "POST", DliCalls.jobPath(projectId, "metrics"),
                request.toString().getBytes(StandardCharsets.UTF_8), "metrics", "show the metrics of jobs " + ids,
                ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty(), true, deadline);
        JsonNode body = successful(answer, "show the metrics of jobs " + ids);
        Map<JobId, JobMetrics> metrics = new HashMap<>(ids.size() * 2);
        for (JsonNode job : body.path("metrics").path("jobs")) {
            long raw = job.path("job_id").asLong(0);
            JsonNode numbers = job.path("metrics");
            if (raw < 1 || !ids.contains(JobId.of(raw)) || !numbers.isObject()) {
                continue;
            }
            JobId id = JobId.of(raw);
            metrics.put(id, JobMetrics.measured(id, new JobMetrics.RunMetrics(counts(numbers.path("sources")),
                    counts(numbers.path("sinks")), rate(numbers.path("total_read_rate")),
                    rate(numbers.path("total_write_rate")))));
        }
        for (JobId id : ids) {
            metrics.putIfAbsent(id, JobMetrics.none(id, "DLI's answer holds no metrics for job " + id + "."));
        }
        return metrics;
    }

    static OperationNotAllowedException noSuchOperation(String what) {
        return new OperationNotAllowedException("DLI has no operation for a job's " + what + ": it is an extension"
                + " of this service's local engine, not available in front of DLI.");
    }

    private static List<RecordCount> counts(JsonNode counts) {
        List<RecordCount> read = new ArrayList<>();
        for (JsonNode count : counts) {
            read.add(new RecordCount(count.path("name").asText(""), Math.max(0, count.path("records").asLong(0))));
        }
        return read;
    }

    private static double rate(JsonNode rate) {
        double value = rate.asDouble(0);
        return value >= 0 ? value : 0;
    }

    /** DLI's 200 answer as JSON, when its {@code is_success} says so (as a string or a boolean). */
    private static JsonNode successful(DliHttp.Answer answer, String what) {
        JsonNode body;
        try {
            body = answer.isJson() ? JSON.readTree(answer.body()) : null;
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new BackendUnavailableException("DLI's answer to the call to " + what + " is not the JSON this"
                    + " service expects");
        }
        JsonNode success = body.path("is_success");
        if (!success.asText("").equals("true")) {
            throw new OperationNotAllowedException(Optional.ofNullable(body.path("message").textValue())
                    .filter(message -> !message.isBlank()).orElse("DLI refused to " + what + "."));
        }
        return body;
    }
}
