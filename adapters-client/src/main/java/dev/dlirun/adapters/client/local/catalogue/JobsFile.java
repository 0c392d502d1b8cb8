package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobType;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads a catalogue from a JSON file: an array of objects shaped like DLI's {@code job_detail}. Required:
 * {@code project_id}, {@code job_id}, {@code name}, {@code job_type}, {@code status}, {@code has_savepoint};
 * optional: {@code savepoint_path}, the job's code ({@code sql_body}; {@code main_class}, {@code entrypoint_args} and
 * {@code job_config.entrypoint} for a jar job) and the {@code job_config} fields that shape a run. Other fields are
 * ignored, so a dump of real DLI jobs loads.
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
     * The whole file's jobs, in a list: for small files and tests. {@link #load} streams a file of any size.
     *
     * @param now the creation time of the jobs
     * @throws JobsFileException when the file cannot be read or breaks the format
     */
    public static List<LocalJob> read(Path file, Instant now) {
        List<LocalJob> jobs = new ArrayList<>();
        each(file.toString(), () -> open(file), now, jobs::add);
        return jobs;
    }

    /** A file up to this size is read once and held; a larger one is streamed twice, never held whole. */
    private static final long HELD_WHOLE = 8L * 1024 * 1024;

    /**
     * Checks the whole file first (nothing is handed over if any element breaks the format), then hands its jobs to
     * {@code sink} in lists of at most {@code chunk}. A large file is streamed (checked in a first reading, handed
     * over in a second), never held whole.
     *
     * @return how many jobs the file holds
     * @throws JobsFileException when the file cannot be read or breaks the format
     */
    public static long load(Path file, Instant now, int chunk, Consumer<List<LocalJob>> sink) {
        return load(file, now, chunk, sink, HELD_WHOLE);
    }

    /** As {@link #load(Path, Instant, int, Consumer)}, holding a file whole up to {@code heldWhole} bytes. */
    static long load(Path file, Instant now, int chunk, Consumer<List<LocalJob>> sink, long heldWhole) {
        if (size(file) <= heldWhole) {
            List<LocalJob> jobs = read(file, now);
            for (int from = 0; from < jobs.size(); from += chunk) {
                sink.accept(jobs.subList(from, Math.min(jobs.size(), from + chunk)));
            }
            return jobs.size();
        }
        long count = each(file.toString(), () -> open(file), now, job -> { });
        List<LocalJob> batch = new ArrayList<>(chunk);
        each(file.toString(), () -> open(file), now, job -> {
            batch.add(job);
            if (batch.size() == chunk) {
                sink.accept(List.copyOf(batch));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            sink.accept(List.copyOf(batch));
        }
        return count;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE; // the reading says what is wrong
        }
    }

    static List<LocalJob> parse(String source, String content, Instant now) {
        List<LocalJob> jobs = new ArrayList<>();
        each(source, () -> new StringReader(content), now, jobs::add);
        return jobs;
    }

    private interface Source {
        Reader open() throws IOException;
    }

    private static Reader open(Path file) throws IOException {
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** Hands each job of the file to {@code each}, checked, in the file's order; answers how many there were. */
    private static long each(String source, Source input, Instant now, Consumer<LocalJob> each) {
        Set<String> seen = new HashSet<>();
        long index = 0;
        try (Reader reader = input.open(); JsonParser parser = JSON.createParser(reader)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new JobsFileException("jobs file " + source + " must hold a JSON array of jobs");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new JobsFileException("jobs file " + source + " is not valid JSON (it ends inside the array)");
                }
                String where = "jobs file " + source + ", element " + index;
                JsonNode element = JSON.readTree(parser);
                LocalJob job = toJob(where, element, now);
                if (!seen.add(job.projectId() + "/" + job.id())) {
                    throw new JobsFileException(where + ": job " + job.id() + " of project " + job.projectId()
                            + " is listed twice");
                }
                each.accept(job);
                index++;
            }
            if (parser.nextToken() != null) {
                throw new JobsFileException("jobs file " + source + " must hold one JSON array of jobs, and nothing "
                        + "after it");
            }
            return index;
        } catch (JsonProcessingException e) {
            throw new JobsFileException("jobs file " + source + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (NoSuchFileException e) {
            throw new JobsFileException("jobs file " + source + " does not exist");
        } catch (IOException e) {
            throw new JobsFileException("jobs file " + source + " cannot be read: " + e.getMessage(), e);
        }
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
        JobDefinition definition;
        try {
            String at = where + ": ";
            definition = new JobDefinition(name, jobType, optionalText(at, element, "sql_body"),
                    optionalText(at, element, "main_class"), optionalText(at, element, "entrypoint_args"),
                    config(where, element.get("job_config")));
        } catch (InvalidInputException e) {
            throw new JobsFileException(where + ": " + e.getMessage().replaceAll("\\.$", ""));
        }
        return LocalJob.created(project, id, definition, status, hasSavepoint.booleanValue(),
                savepointPath == null || savepointPath.isNull() ? null : savepointPath.textValue(), now);
    }

    /** The {@code job_config} object, as DLI's job detail writes it; DLI's defaults for what it leaves out. */
    private static JobConfig config(String where, JsonNode config) {
        if (config == null || config.isNull()) {
            return JobConfig.DEFAULTS;
        }
        if (!config.isObject()) {
            throw new JobsFileException(where + ": job_config must be a JSON object");
        }
        String in = where + ": job_config.";
        JobConfig.Builder builder = JobConfig.builder();
        integer(in, config, "parallel_number").ifPresent(builder::parallelNumber);
        bool(in, config, "checkpoint_enabled").ifPresent(builder::checkpointEnabled);
        JsonNode mode = config.get("checkpoint_mode");
        if (mode != null && !mode.isNull()) {
            builder.checkpointMode((mode.isIntegralNumber()
                    ? CheckpointMode.fromNumber(mode.longValue())
                    : CheckpointMode.fromName(mode.isTextual() ? mode.textValue() : null))
                    .orElseThrow(() -> new JobsFileException(in + "checkpoint_mode must be 1 (exactly_once) or 2 "
                            + "(at_least_once)")));
        }
        integer(in, config, "checkpoint_interval").ifPresent(builder::checkpointIntervalSeconds);
        bool(in, config, "restart_when_exception").ifPresent(builder::restartWhenException);
        bool(in, config, "resume_checkpoint").ifPresent(builder::resumeCheckpoint);
        integer(in, config, "resume_max_num").ifPresent(builder::resumeMaxNum);
        JsonNode runtime = config.get("runtime_config");
        if (runtime != null && !runtime.isNull()) {
            // DLI's callers send it as JSON text and read it back as they sent it; a file may also hold it as JSON.
            builder.runtimeConfig(runtime.isTextual() ? runtime.textValue() : runtime.toString());
        }
        optionalText(in, config, "entrypoint").ifPresent(builder::entrypoint);
        try {
            return builder.build();
        } catch (InvalidInputException e) {
            throw new JobsFileException(in + e.getMessage().replaceAll("\\.$", ""));
        }
    }

    private static Optional<Integer> integer(String in, JsonNode config, String field) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new JobsFileException(in + field + " must be an integer");
        }
        return Optional.of(value.intValue());
    }

    private static Optional<Boolean> bool(String in, JsonNode config, String field) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw new JobsFileException(in + field + " must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    /** @param in what the message says before the field's name, e.g. {@code jobs file f, element 2: } */
    private static Optional<String> optionalText(String in, JsonNode element, String field) {
        JsonNode value = element.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new JobsFileException(in + field + " must be a string");
        }
        return Optional.of(value.textValue());
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
