package dev.dlirun.adapters.client.flink.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Canonical texts of the plan's JSON pieces: objects with their keys sorted (Jackson keeps the order the plan wrote
 * them in, which is an accident of Flink's serializers, not a meaning), data types without their nullability, and the
 * field types of a row type in either of the two forms the plan writes them in.
 */
final class Canonical {

    private Canonical() {
    }

    /** The node's JSON as compact text with every object's keys sorted, leaving out the given top-level keys. */
    static String json(JsonNode node, Set<String> leftOut) {
        StringBuilder out = new StringBuilder();
        if (node != null && node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(field -> {
                if (!leftOut.contains(field.getKey())) {
                    sorted.put(field.getKey(), field.getValue());
                }
            });
            writeObject(sorted, out);
        } else {
            write(node, out);
        }
        return out.toString();
    }

    /** The node's JSON as compact text with every object's keys sorted. */
    static String json(JsonNode node) {
        return json(node, Set.of());
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(field -> sorted.put(field.getKey(), field.getValue()));
            writeObject(sorted, out);
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node);
        }
    }

    private static void writeObject(TreeMap<String, JsonNode> fields, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (var field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(TextNode.valueOf(field.getKey())).append(':');
            write(field.getValue(), out);
        }
        out.append('}');
    }

    /** A short, stable digest of a text: the first 16 hex digits of its SHA-256. */
    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    /**
     * A data type as the state's serializers see it: the plan's text or JSON object, without nullability. A nullable
     * and a NOT NULL field are stored alike (Flink's rows keep a null bit for every field either way), and whether a
     * field is NOT NULL follows from filters upstream, which must not change what a state means.
     */
    static String type(JsonNode type) {
        if (type == null || type.isNull() || type.isMissingNode()) {
            return "?";
        }
        if (type.isTextual()) {
            return type.asText().replace(" NOT NULL", "");
        }
        JsonNode copy = type.deepCopy();
        dropNullability(copy);
        return json(copy);
    }

    private static void dropNullability(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).remove("nullable");
            node.elements().forEachRemaining(Canonical::dropNullability);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(Canonical::dropNullability);
        }
    }

    /**
     * The field types of a row type, each by {@link #type}: the JSON form {"type": "ROW", "fields": [{"name",
     * "fieldType"}]} or the text form {@code ROW<`k` INT, `v` VARCHAR(10) NOT NULL>}; empty when it is neither.
     */
    static List<String> rowFieldTypes(JsonNode rowType) {
        List<String> types = new ArrayList<>();
        if (rowType == null) {
            return types;
        }
        if (rowType.isObject() && rowType.has("fields")) {
            for (JsonNode field : rowType.get("fields")) {
                types.add(type(field.get("fieldType")));
            }
            return types;
        }
        if (!rowType.isTextual()) {
            return types;
        }
        String text = rowType.asText();
        int open = text.indexOf('<');
        if (!text.startsWith("ROW") || open < 0) {
            return types;
        }
        int i = open + 1;
        while (i < text.length()) {
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= text.length() || text.charAt(i) == '>') {
                break;
            }
            i = skipName(text, i);
            int start = i;
            int depth = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\'') {
                    i = skipQuoted(text, i, '\'');
                    continue;
                }
                if (c == '<' || c == '(') {
                    depth++;
                } else if (c == ')' || (c == '>' && depth > 0)) {
                    depth--;
                } else if (depth == 0 && (c == ',' || c == '>')) {
                    break;
                }
                i++;
            }
            types.add(type(TextNode.valueOf(text.substring(start, i).trim())));
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
            } else {
                break;
            }
        }
        return types;
    }

    private static int skipName(String text, int i) {
        if (text.charAt(i) == '`') {
            return skipQuoted(text, i, '`');
        }
        while (i < text.length() && text.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    /** The index after the quoted text that starts at i, where a doubled quote stands for one. */
    private static int skipQuoted(String text, int i, char quote) {
        i++;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /** The elements of a JSON array, or none when it is not one. */
    static Iterable<JsonNode> elements(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        return array::elements;
    }
}
