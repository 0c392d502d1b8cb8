package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.flink.policy.PolicyViolation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job's {@code runtime_config}: the Flink settings its owner gives it, as text. Taken in any of the shapes DLI's
 * callers write it: a JSON object ({@code {"key": "value"}}), a JSON array of {@code {"key": ..., "value": ...}}, or
 * {@code key=value} lines.
 */
final class RuntimeSettings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeSettings() {
    }

    /** @throws PolicyViolation when the text is in none of the shapes */
    static Map<String, String> parse(Optional<String> text) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text.isEmpty() || text.get().isBlank()) {
            return settings;
        }
        String value = text.get().strip();
        if (value.startsWith("{") || value.startsWith("[")) {
            JsonNode json;
            try {
                json = JSON.readTree(value);
            } catch (JsonProcessingException e) {
                throw shapes("it is not valid JSON");
            }
            if (json.isObject()) {
                for (var field : json.properties()) {
                    settings.put(field.getKey(), scalar(field.getValue(), field.getKey()));
                }
            } else {
                for (JsonNode element : json) {
                    JsonNode key = element.get("key");
                    if (key == null || !key.isTextual() || !element.has("value")) {
                        throw shapes("an element of its array has no \"key\" and \"value\"");
                    }
                    settings.put(key.textValue(), scalar(element.get("value"), key.textValue()));
                }
            }
            return settings;
        }
        for (String line : value.split("\\R")) {
            String setting = line.strip();
            if (setting.isEmpty() || setting.startsWith("#")) {
                continue;
            }
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw shapes("the line '" + setting + "' is not key=value");
            }
            settings.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        return settings;
    }

    private static String scalar(JsonNode value, String key) {
        if (value == null || !value.isValueNode() || value.isNull()) {
            throw shapes("the value of '" + key + "' is not a string, number or boolean");
        }
        return value.asText();
    }

    private static PolicyViolation shapes(String problem) {
        return new PolicyViolation("runtime_config must be a JSON object of settings, a JSON array of "
                + "{\"key\", \"value\"} or key=value lines; " + problem);
    }
}
