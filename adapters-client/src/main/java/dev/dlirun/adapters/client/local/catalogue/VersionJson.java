package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.state.StateVerdict;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A version's definition and state check as the {@code job_versions} table keeps them, in JSON. A definition is its
 * type and every one of its fields by wire name ({@link JobDefinition#fields()}, as a request body sends them), which
 * {@link JobDefinition#from} makes whole again: the typed components and the extras alike, exactly.
 */
final class VersionJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private VersionJson() {
    }

    static String definition(JobDefinition definition) {
        ObjectNode json = JSON.createObjectNode();
        json.put("job_type", definition.type().wireName());
        json.set("fields", JSON.valueToTree(definition.fields().toJson()));
        return write(json);
    }

    /** The definition {@link #definition(JobDefinition)} wrote; one the model no longer accepts is the catalogue's fault. */
    static JobDefinition definition(String text) {
        JsonNode json = read(text);
        String type = json.path("job_type").asText();
        JobType jobType = JobType.fromWireName(type).orElseThrow(() ->
                new IllegalStateException("the catalogue holds a version of an unknown job type: " + type));
        try {
            return JobDefinition.from(jobType, JobFields.parse(JSON.convertValue(json.path("fields"), OBJECT)));
        } catch (InvalidInputException e) {
            throw new IllegalStateException("the catalogue holds a version whose definition breaks a rule: "
                    + e.getMessage(), e);
        }
    }

    static String verdict(StateVerdict verdict) {
        ObjectNode json = JSON.createObjectNode();
        json.put("kind", verdict.kind().wireName());
        json.put("reason", verdict.reason());
        ArrayNode operators = json.putArray("operators");
        for (StateVerdict.OperatorNote note : verdict.operators()) {
            operators.addObject().put("operator_id", note.operatorId()).put("operator", note.operator())
                    .put("note", note.note());
        }
        return write(json);
    }

    static StateVerdict verdict(String text) {
        JsonNode json = read(text);
        String kind = json.path("kind").asText();
        List<StateVerdict.OperatorNote> operators = new ArrayList<>();
        for (JsonNode note : json.path("operators")) {
            operators.add(new StateVerdict.OperatorNote(note.path("operator_id").asText(),
                    note.path("operator").asText(), note.path("note").asText()));
        }
        return new StateVerdict(Arrays.stream(StateVerdict.Kind.values())
                .filter(candidate -> candidate.wireName().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the catalogue holds an unknown state verdict: " + kind)),
                json.path("reason").asText(), operators);
    }

    private static String write(JsonNode json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's version cannot be written as JSON", e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalogue holds a job's version that is not JSON", e);
        }
    }
}
