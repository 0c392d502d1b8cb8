package dev.dlirun.domain.model;


import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Values of {@link JobField}s, each of its field's kind and within its rule: what a create or update body set (a
 * new job's other fields take DLI's defaults, an update's keep their values), or everything a job's definition holds.
 * Immutable.
 */
public final class JobFields {

    public static final JobFields EMPTY = new JobFields(new EnumMap<>(JobField.class));

    private final Map<JobField, Object> values;

    private JobFields(EnumMap<JobField, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * The fields of a body as JSON gave them, by wire name: names this service does not know are ignored (as DLI and
     * its SDK do), {@code null} is the same as leaving the field out.
     *
     * @throws InvalidInputException naming the first field whose value is not of its kind or breaks its rule
     */
    public static JobFields parse(Map<String, ?> body) {
        EnumMap<JobField, Object> values = new EnumMap<>(JobField.class);
        for (Map.Entry<String, ?> entry : body.entrySet()) {
            if (entry.getValue() != null) {
                JobField.fromWireName(entry.getKey())
                        .ifPresent(field -> values.put(field, field.accept(entry.getValue())));
            }
        }
        return new JobFields(values);
    }

    /** The fields of {@code values}, each checked as {@link #parse} checks it. */
    public static JobFields of(Map<JobField, ?> values) {
        EnumMap<JobField, Object> checked = new EnumMap<>(JobField.class);
        values.forEach((field, value) -> {
            if (value != null) {
                checked.put(field, field.accept(value));
            }
        });
        return new JobFields(checked);
    }

    public Optional<Object> get(JobField field) {
        return Optional.ofNullable(values.get(field));
    }

    /** The field's value when it is set and of type {@code type} (its kind's). */
    public <T> Optional<T> get(JobField field, Class<T> type) {
        return get(field).map(type::cast);
    }

    public boolean has(JobField field) {
        return values.containsKey(field);
    }

    public Set<JobField> names() {
        return values.keySet();
    }

    /** Every field set, with its value, in the order of {@link JobField}. */
    public Map<JobField, Object> asMap() {
        return values;
    }

    /**
     * These fields as JSON holds them, by wire name, in the order of {@link JobField}: text, numbers, booleans, lists,
     * a tag as {@code {key, value}} and the checkpoint mode as its number (as requests send it). {@link #parse} reads
     * it back.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        values.forEach((field, value) -> json.put(field.wireName(), toJson(value)));
        return json;
    }

    private static Object toJson(Object value) {
        if (value instanceof CheckpointMode mode) {
            return (long) mode.number();
        }
        if (value instanceof java.util.List<?> list) {
            return list.stream().map(element -> element instanceof JobTag tag
                    ? Map.of("key", tag.key(), "value", tag.value()) : element).toList();
        }
        return value;
    }

    /** These fields, with those of {@code changes} set to their new values. */
    public JobFields with(JobFields changes) {
        EnumMap<JobField, Object> merged = new EnumMap<>(JobField.class);
        merged.putAll(values);
        merged.putAll(changes.values);
        return new JobFields(merged);
    }

    /** Only those of these fields that are in {@code fields}. */
    public JobFields only(Set<JobField> fields) {
        EnumMap<JobField, Object> kept = new EnumMap<>(JobField.class);
        values.forEach((field, value) -> {
            if (fields.contains(field)) {
                kept.put(field, value);
            }
        });
        return new JobFields(kept);
    }

    /** These fields but {@code fields}. */
    public JobFields without(Set<JobField> fields) {
        EnumMap<JobField, Object> kept = new EnumMap<>(JobField.class);
        values.forEach((field, value) -> {
            if (!fields.contains(field)) {
                kept.put(field, value);
            }
        });
        return new JobFields(kept);
    }

    /** The fields set here whose value differs from {@code current}'s (unset there counts as different). */
    public Set<JobField> changing(JobFields current) {
        return values.entrySet().stream()
                .filter(entry -> !Objects.equals(entry.getValue(), current.values.get(entry.getKey())))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(JobField.class)));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobFields fields && fields.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey().wireName() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
