package dev.dlirun.domain.model;


import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fields of DLI's bodies that create and update a Flink job (contract 7.4), by their wire names: each with its
 * kind of value, where the job detail shows it (contract 7.6), and the rule its value follows. The one table of them:
 * validation, merging, storing, forwarding to DLI and showing a job all read it.
 */
public enum JobField {
    NAME("name", Kind.TEXT, Place.DETAIL, Rule.name()),
    DESC("desc", Kind.TEXT, Place.DETAIL, Rule.length(0, 512)),
    TEMPLATE_ID("template_id", Kind.INTEGER, Place.NOWHERE, Rule.range(1, Long.MAX_VALUE)),
    QUEUE_NAME("queue_name", Kind.TEXT, Place.DETAIL, Rule.length(1, 128)),
    SQL_BODY("sql_body", Kind.TEXT, Place.DETAIL, Rule.length(0, 1024 * 1024)),
    RUN_MODE("run_mode", Kind.TEXT, Place.DETAIL, Rule.oneOf("shared_cluster", "exclusive_cluster", "edge_node")),
    CU_NUMBER("cu_number", Kind.INTEGER, Place.CONFIG, Rule.range(1, 10_000)),
    PARALLEL_NUMBER("parallel_number", Kind.INTEGER, Place.CONFIG, Rule.range(1, 10_000)),
    CHECKPOINT_ENABLED("checkpoint_enabled", Kind.BOOLEAN, Place.CONFIG, Rule.any()),
    CHECKPOINT_MODE("checkpoint_mode", Kind.CHECKPOINT_MODE, Place.CONFIG, Rule.any()),
    CHECKPOINT_INTERVAL("checkpoint_interval", Kind.INTEGER, Place.CONFIG, Rule.range(1, 86_400)),
    OBS_BUCKET("obs_bucket", Kind.TEXT, Place.CONFIG, Rule.length(0, 256)),
    LOG_ENABLED("log_enabled", Kind.BOOLEAN, Place.CONFIG, Rule.any()),
    SMN_TOPIC("smn_topic", Kind.TEXT, Place.CONFIG, Rule.length(0, 256)),
    RESTART_WHEN_EXCEPTION("restart_when_exception", Kind.BOOLEAN, Place.CONFIG, Rule.any()),
    IDLE_STATE_RETENTION("idle_state_retention", Kind.INTEGER, Place.CONFIG, Rule.range(0, Integer.MAX_VALUE)),
    EDGE_GROUP_IDS("edge_group_ids", Kind.TEXT_LIST, Place.DETAIL, Rule.list(100, 128)),
    DIRTY_DATA_STRATEGY("dirty_data_strategy", Kind.TEXT, Place.CONFIG, Rule.dirtyDataStrategy()),
    UDF_JAR_URL("udf_jar_url", Kind.TEXT, Place.CONFIG, Rule.length(1, 1024)),
    MANAGER_CU_NUMBER("manager_cu_number", Kind.INTEGER, Place.CONFIG, Rule.range(1, 10_000)),
    TM_CUS("tm_cus", Kind.INTEGER, Place.CONFIG, Rule.range(1, 10_000)),
    TM_SLOT_NUM("tm_slot_num", Kind.INTEGER, Place.CONFIG, Rule.range(0, 10_000)),
    TAGS("tags", Kind.TAGS, Place.NOWHERE, Rule.tags()),
    RESUME_CHECKPOINT("resume_checkpoint", Kind.BOOLEAN, Place.CONFIG, Rule.any()),
    RESUME_MAX_NUM("resume_max_num", Kind.INTEGER, Place.CONFIG, Rule.range(-1, 100)),
    RUNTIME_CONFIG("runtime_config", Kind.TEXT, Place.CONFIG, Rule.length(0, 64 * 1024)),
    FLINK_VERSION("flink_version", Kind.TEXT, Place.CONFIG, Rule.length(1, 32)),
    OPERATOR_CONFIG("operator_config", Kind.TEXT, Place.CONFIG, Rule.length(0, 64 * 1024)),
    STATIC_ESTIMATOR_CONFIG("static_estimator_config", Kind.TEXT, Place.CONFIG, Rule.length(0, 64 * 1024)),
    MAIN_CLASS("main_class", Kind.TEXT, Place.DETAIL, Rule.length(1, 1024)),
    ENTRYPOINT_ARGS("entrypoint_args", Kind.TEXT, Place.DETAIL, Rule.length(0, 64 * 1024)),
    ENTRYPOINT("entrypoint", Kind.TEXT, Place.CONFIG, Rule.length(1, 1024)),
    DEPENDENCY_JARS("dependency_jars", Kind.TEXT_LIST, Place.CONFIG, Rule.list(100, 1024)),
    DEPENDENCY_FILES("dependency_files", Kind.TEXT_LIST, Place.CONFIG, Rule.list(100, 1024)),
    CHECKPOINT_PATH("checkpoint_path", Kind.TEXT, Place.CONFIG, Rule.length(0, 1024)),
    FEATURE("feature", Kind.TEXT, Place.CONFIG, Rule.length(0, 128)),
    IMAGE("image", Kind.TEXT, Place.CONFIG, Rule.length(0, 1024));

    /** The kinds of value a field holds, as JSON carries them; a field's value is always of its kind's Java type. */
    public enum Kind {
        /** A {@link String}. */
        TEXT,
        /** A {@link Long}. */
        INTEGER,
        /** A {@link Boolean}. */
        BOOLEAN,
        /** A {@code List<String>}. */
        TEXT_LIST,
        /** A {@code List<JobTag>}. */
        TAGS,
        /** A {@link CheckpointMode}: 1 or 2 on the wire of a request, or its name; its name in a job detail. */
        CHECKPOINT_MODE
    }

    /** Where a job detail shows the field: beside {@code job_id}, in {@code job_config}, or not at all. */
    public enum Place { DETAIL, CONFIG, NOWHERE }

    /**
     * The fields that may change while a job runs (Huawei's Terraform provider changes only these without stopping
     * it); any other change needs the job stopped.
     */
    public static final Set<JobField> CHANGEABLE_WHILE_RUNNING = Set.of(SMN_TOPIC, RESTART_WHEN_EXCEPTION,
            RESUME_CHECKPOINT, RESUME_MAX_NUM, OBS_BUCKET);

    private static final Map<String, JobField> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(JobField::wireName, Function.identity()));

    private final String wireName;
    private final Kind kind;
    private final Place place;
    private final Rule rule;

    JobField(String wireName, Kind kind, Place place, Rule rule) {
        this.wireName = wireName;
        this.kind = kind;
        this.place = place;
        this.rule = rule;
    }

    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    public Place place() {
        return place;
    }

    /** The field DLI calls {@code wireName}; empty for any other name. */
    public static Optional<JobField> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    /**
     * The value as this field holds it, from what JSON gave: a number for an integer, {@code true}/{@code false},
     * text, a list of text, a list of {@code {key, value}} objects for tags, and for the checkpoint mode 1, 2, or
     * their names.
     *
     * @throws InvalidInputException naming the field, when the value is not of its kind or breaks its rule
     */
    public Object accept(Object raw) {
        Object value = normalize(raw);
        rule.check(this, value);
        return value;
    }

    private Object normalize(Object raw) {
        return switch (kind) {
            case TEXT -> {
                if (raw instanceof String text) {
                    yield text;
                }
                throw wrongKind("text");
            }
            case INTEGER -> {
                if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
                    yield ((Number) raw).longValue();
                }
                if (raw instanceof java.math.BigInteger || raw instanceof java.math.BigDecimal) {
                    throw new InvalidInputException(wireName, "must be an integer from " + Long.MIN_VALUE + " to "
                            + Long.MAX_VALUE);
                }
                throw wrongKind("an integer");
            }
            case BOOLEAN -> {
                if (raw instanceof Boolean flag) {
                    yield flag;
                }
                throw wrongKind("true or false");
            }
            case TEXT_LIST -> {
                if (raw instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                    yield list.stream().map(String.class::cast).toList();
                }
                throw wrongKind("a list of text");
            }
            case TAGS -> tags(raw);
            case CHECKPOINT_MODE -> {
                Optional<CheckpointMode> mode = raw instanceof Number number && !(raw instanceof Double)
                        && !(raw instanceof Float) ? CheckpointMode.fromNumber(number.longValue())
                        : raw instanceof String name ? CheckpointMode.fromName(name) : Optional.empty();
                if (raw instanceof CheckpointMode given) {
                    mode = Optional.of(given);
                }
                yield mode.orElseThrow(() -> new InvalidInputException(wireName,
                        "must be 1 (exactly_once) or 2 (at_least_once)"));
            }
        };
    }

    private List<JobTag> tags(Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw wrongKind("a list of {key, value} objects");
        }
        List<JobTag> tags = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            if (element instanceof JobTag tag) {
                tags.add(tag);
            } else if (element instanceof Map<?, ?> map && map.get("key") instanceof String key
                    && (map.get("value") == null || map.get("value") instanceof String)) {
                String value = (String) map.get("value");
                try {
                    tags.add(new JobTag(key, value == null ? "" : value));
                } catch (InvalidInputException e) {
                    throw e.reportedAs(wireName + "[" + i + "]." + e.field());
                }
            } else {
                throw new InvalidInputException(wireName + "[" + i + "]", "must be an object with a text key and "
                        + "a text value");
            }
        }
        return List.copyOf(tags);
    }

    private InvalidInputException wrongKind(String what) {
        return new InvalidInputException(wireName, "must be " + what);
    }

    /** What a value of this field must be, as a rule of {@link InvalidInputException}, for a value of the wrong kind. */
    public String kindRule() {
        return switch (kind) {
            case TEXT -> "must be text";
            case INTEGER -> "must be an integer";
            case BOOLEAN -> "must be true or false";
            case TEXT_LIST -> "must be a list of text";
            case TAGS -> "must be a list of {key, value} objects";
            case CHECKPOINT_MODE -> "must be 1 (exactly_once) or 2 (at_least_once)";
        };
    }

    /** What a field's value must be, beyond its kind. */
    @FunctionalInterface
    interface Rule {
        void check(JobField field, Object value);

        static Rule any() {
            return (field, value) -> {
            };
        }

        static Rule length(int min, int max) {
            return (field, value) -> {
                int length = ((String) value).length();
                if (length < min || length > max) {
                    throw new InvalidInputException(field.wireName(), min == 0 ? "must be at most " + max
                            + " characters long" : "must be " + min + " to " + max + " characters long");
                }
            };
        }

        static Rule range(long min, long max) {
            return (field, value) -> {
                long number = (Long) value;
                if (number < min || number > max) {
                    throw new InvalidInputException(field.wireName(), "must be an integer from " + min + " to " + max);
                }
            };
        }

        static Rule oneOf(String... values) {
            Set<String> allowed = Set.of(values);
            return (field, value) -> {
                if (!allowed.contains(value)) {
                    throw new InvalidInputException(field.wireName(), "must be one of " + String.join(", ", values));
                }
            };
        }

        /** 1 to 57 characters: letters (of any script), digits, {@code -}, {@code _} and {@code .}. */
        static Rule name() {
            Pattern allowed = Pattern.compile("[\\p{L}\\p{Nd}_.-]+");
            Rule length = length(1, 57);
            return (field, value) -> {
                length.check(field, value);
                if (!allowed.matcher((String) value).matches()) {
                    throw new InvalidInputException(field.wireName(), "may hold only letters, digits, '-', '_' and "
                            + "'.'");
                }
            };
        }

        /** {@code "0"} (ignore), {@code "1"} (fail) or {@code "2:<directory>"} (save the records there). */
        static Rule dirtyDataStrategy() {
            return (field, value) -> {
                String text = (String) value;
                boolean saved = text.startsWith("2:") && text.length() > 2 && text.length() <= 1024;
                if (!text.equals("0") && !text.equals("1") && !saved) {
                    throw new InvalidInputException(field.wireName(), "must be \"0\" (ignore dirty data), \"1\" "
                            + "(fail the job) or \"2:<directory>\" (save it there)");
                }
            };
        }

        static Rule list(int most, int longest) {
            return (field, value) -> {
                List<?> list = (List<?>) value;
                if (list.size() > most) {
                    throw new InvalidInputException(field.wireName(), "must hold at most " + most + " entries");
                }
                for (int i = 0; i < list.size(); i++) {
                    String entry = (String) list.get(i);
                    if (entry.isBlank() || entry.length() > longest) {
                        throw new InvalidInputException(field.wireName() + "[" + i + "]", "must be 1 to " + longest
                                + " characters long");
                    }
                }
            };
        }

        /** At most 20 tags, no key twice. */
        static Rule tags() {
            return (field, value) -> {
                List<?> tags = (List<?>) value;
                if (tags.size() > 20) {
                    throw new InvalidInputException(field.wireName(), "must hold at most 20 tags");
                }
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < tags.size(); i++) {
                    if (!keys.add(((JobTag) tags.get(i)).key())) {
                        throw new InvalidInputException(field.wireName() + "[" + i + "].key", "must not repeat "
                                + "another tag's key");
                    }
                }
            };
        }
    }
}
