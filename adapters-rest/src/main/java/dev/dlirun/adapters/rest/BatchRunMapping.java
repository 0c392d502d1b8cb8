package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.StartMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The edge between the wire (the DTOs generated from the spec) and the use case: request to command, outcomes
 * to response, and the rules of each request field in the caller's words.
 */
public final class BatchRunMapping {

    private static final String JOB_IDS = "job_ids";
    private static final String RESUME_SAVEPOINT = "resume_savepoint";
    private static final String BODY = "request body";

    private static final String JOB_IDS_RULE = "must be a non-empty array of integers from 1 to " + Long.MAX_VALUE;
    private static final String RESUME_SAVEPOINT_RULE = "must be true or false";
    private static final String BODY_RULE = "must be a JSON object";

    private BatchRunMapping() {
    }

    static BatchRunCommand toCommand(String projectId, BatchRunFlinkJobsRequest body) {
        ProjectId project = ProjectId.of(projectId);
        if (body == null) {
            throw new InvalidInputException(BODY, BODY_RULE);
        }
        List<Long> raw = body.getJobIds();
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
        Boolean resume = body.getResumeSavepoint();
        if (resume == null) {
            throw new InvalidInputException(RESUME_SAVEPOINT, RESUME_SAVEPOINT_RULE);
        }
        return new BatchRunCommand(project, ids, StartMode.resumingSavepoint(resume));
    }

    static List<FlinkSuccessResponse> toResponse(List<RunOutcome> outcomes) {
        List<FlinkSuccessResponse> response = new ArrayList<>(outcomes.size());
        for (RunOutcome outcome : outcomes) {
            response.add(new FlinkSuccessResponse()
                    .isSuccess(outcome.delivered()
                            ? FlinkSuccessResponse.IsSuccessEnum.TRUE
                            : FlinkSuccessResponse.IsSuccessEnum.FALSE)
                    .message(outcome.message()));
        }
        return response;
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
            case RESUME_SAVEPOINT -> new InvalidInputException(RESUME_SAVEPOINT, RESUME_SAVEPOINT_RULE);
            default -> new InvalidInputException(field.get(), "has the wrong type");
        };
    }

    private static String elementOf(int index) {
        return JOB_IDS + "[" + index + "]";
    }
}
