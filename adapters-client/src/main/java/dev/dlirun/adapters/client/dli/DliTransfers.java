package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DLI's export and import of Flink jobs: forwarded as they are (the OBS paths are DLI's to judge), each sent once
 * (neither is idempotent), DLI's answers read tolerantly (ids as numbers or as the strings DLI's own example shows).
 */
final class DliTransfers {

    private final DliCalls calls;

    DliTransfers(DliCalls calls) {
        this.calls = calls;
    }

    List<String> export(ExportRequest request, Deadline deadline) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("obs_dir", request.obsDir());
        body.put("is_selected", request.selected().isPresent());
        request.selected().ifPresent(ids -> body.put("job_selected", ids.stream().map(JobId::value).toList()));
        ProjectId project = request.projectId();
        JsonNode answer = DliTemplates.successful(calls.call(project, "POST", DliCalls.jobPath(project, "export"),
                DliTemplates.bytes(body), "export", "export jobs", Optional.empty(), false, deadline), "export jobs");
        List<String> files = new ArrayList<>();
        answer.path("zip_file").forEach(file -> files.add(file.asText()));
        return files;
    }

    List<ImportedJob> importJobs(ImportRequest request, Deadline deadline) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("zip_file", request.zipFile());
        body.put("is_cover", request.cover());
        ProjectId project = request.projectId();
        JsonNode answer = DliTemplates.successful(calls.call(project, "POST", DliCalls.jobPath(project, "import"),
                DliTemplates.bytes(body), "import", "import jobs", Optional.empty(), false, deadline), "import jobs");
        List<ImportedJob> mapping = new ArrayList<>();
        for (JsonNode job : answer.path("job_mapping")) {
            mapping.add(new ImportedJob(id(job.path("old_job_id")), id(job.path("new_job_id")),
                    job.path("remark").asText("")));
        }
        return mapping;
    }

    private static long id(JsonNode node) {
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the refusal below
            }
        }
        throw new BackendUnavailableException("DLI's answer to an import holds a job id that is not a number: "
                + node);
    }
}
