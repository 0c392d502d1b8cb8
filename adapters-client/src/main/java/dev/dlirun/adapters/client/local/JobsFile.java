package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a catalogue from a JSON file: an array of objects shaped like DLI's {@code job_detail}. Required:
 * {@code project_id}, {@code job_id}, {@code name}, {@code job_type}, {@code status}, {@code has_savepoint};
 * optional: {@code savepoint_path}. Other {@code job_detail} fields are ignored, so a dump of real DLI jobs loads.
 */
public final class JobsFile {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String STATUSES = Arrays.stream(JobStatus.values())
            .map(JobStatus::wireName).collect(Collectors.joining(", "));
    private static final String TYPES = Arrays.stream(JobType.values())
            .map(JobType::wireName).collect(Collectors.joining(", "));

    private JobsFile() {
    }

    /**
     * @param now the creation time of the jobs
     * @throws JobsFileException when the file cannot be read or breaks the format
     */
    public static List<LocalJob> read(Path file, Instant now) {
        String content;
        try {
            content = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new JobsFileException("jobs file " + file + " does not exist");
        } catch (IOException e) {
            throw new JobsFileException("jobs file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(file.toString(), content, now);
    }

    static List<LocalJob> parse(String source, String content, Instant now) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new JobsFileException("jobs file " + source + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new JobsFileException("jobs file " + source + " must hold a JSON array of jobs");
        }
        List<LocalJob> jobs = new ArrayList<>(root.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String where = "jobs file " + source + ", element " + i;
            LocalJob job = toJob(where, root.get(i), now);
            if (!seen.add(job.projectId() + "/" + job.id())) {
                throw new JobsFileException(where + ": job " + job.id() + " of project " + job.projectId()
                        + " is listed twice");
            }
            jobs.add(job);
        }
        return jobs;
    }

    private static LocalJob toJob(String where, JsonNode element, Instant now) {
        if (!element.isObject()) {
            throw new JobsFileException(where + ": must be a JSON object");
        }
        ProjectId project;
        JobId id;
        try {
            project = ProjectId.of(text(where, element, "project_id"));
            JsonNode jobId = required(where, element, "job_id");
            if (!jobId.isIntegralNumber() || !jobId.canConvertToLong()) {
                throw new JobsFileException(where + ": job_id " + JobId.RULE);
            }
            id = JobId.of(jobId.longValue());
        } catch (InvalidInputException e) {
            throw new JobsFileException(where + ": " + e.getMessage().replaceAll("\\.$", ""));
        }
        String name = text(where, element, "name");
        if (name.isBlank()) {
            throw new JobsFileException(where + ": name must not be blank");
        }
        String type = text(where, element, "job_type");
        JobType jobType = JobType.fromWireName(type).orElseThrow(() -> new JobsFileException(
                where + ": job_type must be one of " + TYPES + "; got \"" + type + "\""));
        String statusName = text(where, element, "status");
        JobStatus status = JobStatus.fromWireName(statusName).orElseThrow(() -> new JobsFileException(
                where + ": status must be one of " + STATUSES + "; got \"" + statusName + "\""));
        JsonNode hasSavepoint = required(where, element, "has_savepoint");
        if (!hasSavepoint.isBoolean()) {
            throw new JobsFileException(where + ": has_savepoint must be true or false");
        }
        JsonNode savepointPath = element.get("savepoint_path");
        if (savepointPath != null && !savepointPath.isNull() && !savepointPath.isTextual()) {
            throw new JobsFileException(where + ": savepoint_path must be a string");
        }
        return LocalJob.created(project, id, name, jobType, status, hasSavepoint.booleanValue(),
                savepointPath == null || savepointPath.isNull() ? null : savepointPath.textValue(), now);
    }

    private static JsonNode required(String where, JsonNode element, String field) {
        JsonNode value = element.get(field);
        if (value == null || value.isNull()) {
            throw new JobsFileException(where + ": " + field + " is required");
        }
        return value;
    }

    private static String text(String where, JsonNode element, String field) {
        JsonNode value = required(where, element, field);
        if (!value.isTextual()) {
            throw new JobsFileException(where + ": " + field + " must be a string");
        }
        return value.textValue();
    }
}
