package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.BatchStopFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkJobSavepointRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkJobStatus;
import dev.dlirun.adapters.rest.generated.model.ImportFlinkJobSavepointRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.rest.generated.model.BatchDeleteFlinkJobsRequest;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.wait.JobState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge between the wire (the DTOs generated from the spec) and the use cases: requests to commands, outcomes to
 * responses, and the rules of each request field in the caller's words.
 */
public final class JobRequests {

    private static final String JOB_IDS = "job_ids";
    private static final String RESUME_SAVEPOINT = "resume_savepoint";
    private static final String TRIGGER_SAVEPOINT = "trigger_savepoint";
    private static final String ACTION = "action";
    private static final String SAVEPOINT_PATH = "savepoint_path";
    private static final String JOB_ID = "job_id";
    static final String BODY = "request body";

    private static final String JOB_IDS_RULE = "must be a non-empty array of integers from 1 to " + Long.MAX_VALUE;
    private static final String BOOLEAN_RULE = "must be true or false";
    private static final String ACTION_RULE = "must be TRIGGER";
    private static final String PATH_RULE = "must be a string naming a directory";
    static final String BODY_RULE = "must be a JSON object";

    private JobRequests() {
    }

    static BatchRunCommand toRunCommand(String projectId, BatchRunFlinkJobsRequest body) {
        ProjectId project = ProjectId.of(projectId);
        if (body == null) {
            throw new InvalidInputException(BODY, BODY_RULE);
        }
        List<JobId> ids = jobIds(body.getJobIds());
        Boolean resume = body.getResumeSavepoint();
        if (resume == null) {
            throw new InvalidInputException(RESUME_SAVEPOINT, BOOLEAN_RULE);
        }
        return new BatchRunCommand(project, ids, StartMode.of(resume,
                Boolean.TRUE.equals(body.getAllowNonRestoredState())));
    }

    /** The ids of a batch delete, checked as a run's are. */
    static List<JobId> toDeleteIds(BatchDeleteFlinkJobsRequest body) {
        if (body == null) {
            throw new InvalidInputException(BODY, BODY_RULE);
        }
        return jobIds(body.getJobIds());
    }

    /** The ids of a request for metrics, checked as a run's are. */
    static List<JobId> toMetricIds(dev.dlirun.adapters.rest.generated.model.ShowFlinkMetricRequest body) {
        if (body == null) {
            throw new InvalidInputException(BODY, BODY_RULE);
        }
        return jobIds(body.getJobIds());
    }

    static BatchStopCommand toStopCommand(String projectId, BatchStopFlinkJobsRequest body) {
        ProjectId project = ProjectId.of(projectId);
        if (body == null) {
            throw new InvalidInputException(BODY, BODY_RULE);
        }
        List<JobId> ids = jobIds(body.getJobIds());
        Boolean savepoint = body.getTriggerSavepoint();
        if (savepoint == null) {
            throw new InvalidInputException(TRIGGER_SAVEPOINT, BOOLEAN_RULE);
        }
        return new BatchStopCommand(project, ids, StopMode.triggeringSavepoint(savepoint));
    }

    private static List<JobId> jobIds(List<Long> raw) {
        if (raw == null) {
            throw new InvalidInputException(JOB_IDS, "is required");
        }
        List<JobId> ids = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Long value = raw.get(i);
            if (value == null) {
                throw new InvalidInputException(elementOf(i), JobId.RULE);
            }
            try {
                ids.add(JobId.of(value));
            } catch (InvalidInputException e) {
                throw e.reportedAs(elementOf(i));
            }
        }
        return ids;
    }

    /** The directory a trigger names, if any. */
    static Optional<String> triggerDirectory(FlinkJobSavepointRequest body) {
        if (body == null) {
            throw new InvalidInputException(BODY, BODY_RULE);
        }
        if (body.getAction() == null) {
            throw new InvalidInputException(ACTION, "is required and " + ACTION_RULE);
        }
        return Optional.ofNullable(body.getSavepointPath());
    }

    /**
     * The savepoint an import names, after checking that the body's {@code job_id}, when it is there, is the path's
     * (Huawei's Terraform provider sends it as a string).
     */
    static String importPath(JobId pathJob, ImportFlinkJobSavepointRequest body) {
        if (body == null) {
            throw new InvalidInputException(BODY, BODY_RULE);
        }
        Object given = body.getJobId();
        if (given != null) {
            String digits = given instanceof Number || given instanceof String ? given.toString().trim() : "";
            if (!digits.equals(Long.toString(pathJob.value()))) {
                throw new InvalidInputException(JOB_ID, "must be the job of the path (" + pathJob
                        + "), as a number or a string of digits");
            }
        }
        if (body.getSavepointPath() == null) {
            throw new InvalidInputException(SAVEPOINT_PATH, "is required");
        }
        return body.getSavepointPath();
    }

    static FlinkSuccessResponse success(String message) {
        return new FlinkSuccessResponse().isSuccess(FlinkSuccessResponse.IsSuccessEnum.TRUE).message(message);
    }

    /** One element per outcome, in their order: whether it was delivered, and its message. */
    static List<FlinkSuccessResponse> toResponse(List<JobOutcome> outcomes) {
        List<FlinkSuccessResponse> response = new ArrayList<>(outcomes.size());
        for (JobOutcome outcome : outcomes) {
            response.add(new FlinkSuccessResponse()
                    .isSuccess(outcome.delivered() ? FlinkSuccessResponse.IsSuccessEnum.TRUE
                            : FlinkSuccessResponse.IsSuccessEnum.FALSE)
                    .message(outcome.message()));
        }
        return response;
    }

    /**
     * The same answer, each element also saying its job's state from {@code states} (a job that does not exist has
     * none): what a caller who waited gets.
     */
    static List<FlinkSuccessResponse> withStates(List<FlinkSuccessResponse> answer, List<JobId> ids,
                                                 Map<JobId, JobState> states) {
        List<FlinkSuccessResponse> waited = new ArrayList<>(answer.size());
        for (int i = 0; i < answer.size(); i++) {
            FlinkSuccessResponse element = answer.get(i);
            JobId id = ids.get(i);
            FlinkSuccessResponse copy = new FlinkSuccessResponse().isSuccess(element.getIsSuccess())
                    .message(element.getMessage()).jobId(id.value());
            JobState state = states.get(id);
            if (state != null) {
                copy.status(FlinkJobStatus.fromValue(state.status().wireName()))
                        .statusDesc(state.statusDesc().orElse(null));
            }
            waited.add(copy);
        }
        return waited;
    }

    /**
     * What is wrong with a body the JSON reader refused, in the caller's words: the field and its rule for a
     * value of the wrong type, or where the JSON is broken. Never the parser's own message, which names
     * library internals.
     */
    public static InvalidInputException fromJson(JsonProcessingException e) {
        // The reader wraps a syntax error met inside a field with that field's path: the syntax error wins.
        Optional<JsonParseException> syntax = causeOfType(e, JsonParseException.class);
        if (syntax.isPresent()) {
            return brokenJson(syntax.get());
        }
        Optional<StreamConstraintsException> tooBig = causeOfType(e, StreamConstraintsException.class);
        if (tooBig.isPresent()) {
            return new InvalidInputException(BODY, "is nested too deeply or holds too long a value" + at(tooBig.get()));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            List<JsonMappingException.Reference> path = mapping.getPath();
            Optional<String> field = Optional.ofNullable(path.get(0).getFieldName());
            Optional<Integer> element = path.size() > 1 && path.get(1).getIndex() >= 0
                    ? Optional.of(path.get(1).getIndex())
                    : Optional.empty();
            return wrongType(field, element);
        }
        if (e instanceof MismatchedInputException
                && Optional.ofNullable(e.getOriginalMessage()).orElse("").startsWith("Trailing token")) {
            return new InvalidInputException(BODY, "must hold exactly one JSON object" + at(e));
        }
        return wrongType(Optional.empty(), Optional.empty());
    }

    private static InvalidInputException brokenJson(JsonParseException e) {
        String parserSays = Optional.ofNullable(e.getOriginalMessage()).orElse("");
        if (parserSays.startsWith("Duplicate field")) {
            return new InvalidInputException(BODY, "must not name a field twice" + at(e));
        }
        if (parserSays.contains("end-of-input")) {
            return new InvalidInputException(BODY, "ends before its JSON is complete" + at(e));
        }
        return new InvalidInputException(BODY, "is not valid JSON" + at(e));
    }

    private static <T extends Throwable> Optional<T> causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static String at(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * The rule a body field breaks when its JSON has the wrong shape or type, e.g. for {@code job_ids[2]}.
     *
     * @param field    the top-level field, empty for the body itself
     * @param element  the array index below it, if the problem is in an element
     */
    private static InvalidInputException wrongType(Optional<String> field, Optional<Integer> element) {
        if (field.isEmpty()) {
            return new InvalidInputException(BODY, BODY_RULE);
        }
        return switch (field.get()) {
            case JOB_IDS -> element.isPresent()
                    ? new InvalidInputException(elementOf(element.get()), JobId.RULE)
                    : new InvalidInputException(JOB_IDS, JOB_IDS_RULE);
            case RESUME_SAVEPOINT, TRIGGER_SAVEPOINT -> new InvalidInputException(field.get(), BOOLEAN_RULE);
            case ACTION -> new InvalidInputException(ACTION, ACTION_RULE);
            case SAVEPOINT_PATH -> new InvalidInputException(SAVEPOINT_PATH, PATH_RULE);
            case "job_type" -> new InvalidInputException("job_type", "must be one of flink_opensource_sql_job, "
                    + "flink_sql_job, flink_sql_edge_job");
            default -> new InvalidInputException(field.get(), JobField.fromWireName(field.get())
                    .map(JobField::kindRule).orElse("has the wrong type"));
        };
    }

    private static String elementOf(int index) {
        return JOB_IDS + "[" + index + "]";
    }
}
