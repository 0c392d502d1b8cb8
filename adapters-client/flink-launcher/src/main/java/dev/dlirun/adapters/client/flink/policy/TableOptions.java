package dev.dlirun.adapters.client.flink.policy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static java.util.Map.entry;

/**
 * Every option of every connector, format and catalog a job may use, classified once (see {@link OptionRule}); and the
 * check of a table's options against it. An option that is not here is refused, whatever its name looks like; a
 * connector or format that is not here cannot be allowed. {@code TableOptionsClassificationTest} walks every factory
 * on the jobs' class path and fails when one of its options is not here, so a connector added later cannot slip by.
 *
 * <p>Keys may hold {@code #} for one field's name ({@code fields.#.kind} is {@code fields.amount.kind}).
 */
public final class TableOptions {

    private static final OptionRule PLAIN = OptionRule.PLAIN;
    private static final OptionRule CLASS = new OptionRule.Refused("it names a class to load, and a job's code comes "
            + "from its own jars only");

    /** Options every source may take (Flink's own, for watermarks and idleness). */
    private static final Map<String, OptionRule> SOURCE_COMMON = Map.of(
            "scan.watermark.emit.strategy", PLAIN,
            "scan.watermark.alignment.group", PLAIN,
            "scan.watermark.alignment.max-drift", PLAIN,
            "scan.watermark.alignment.update-interval", PLAIN,
            "scan.watermark.idle-timeout", PLAIN);

    /** The connectors, by their {@code 'connector'} value. */
    static final Map<String, Map<String, OptionRule>> CONNECTORS = Map.of(
            "kafka", KafkaOptions.KAFKA,
            "upsert-kafka", KafkaOptions.UPSERT_KAFKA,
            "jdbc", Map.ofEntries(
                    entry("url", OptionRule.JDBC_URL),
                    entry("table-name", PLAIN),
                    // A class to load, but only the driver of a database whose driver jobs are given (its name as
                    // written: the connector compares it exactly, then loads what it names).
                    entry("driver", OptionRule.OneOf.exactly("org.postgresql.Driver")),
                    entry("username", PLAIN),
                    entry("password", OptionRule.SECRET),
                    entry("compatible-mode", PLAIN),
                    entry("connection.max-retry-timeout", PLAIN),
                    entry("filter.handling.policy", PLAIN),
                    entry("scan.partition.column", PLAIN),
                    entry("scan.partition.num", PLAIN),
                    entry("scan.partition.lower-bound", PLAIN),
                    entry("scan.partition.upper-bound", PLAIN),
                    entry("scan.fetch-size", PLAIN),
                    entry("scan.auto-commit", PLAIN),
                    entry("lookup.cache", OptionRule.OneOf.of("NONE", "PARTIAL")),
                    entry("lookup.partial-cache.max-rows", PLAIN),
                    entry("lookup.partial-cache.expire-after-access", PLAIN),
                    entry("lookup.partial-cache.expire-after-write", PLAIN),
                    entry("lookup.partial-cache.cache-missing-key", PLAIN),
                    entry("lookup.cache.max-rows", PLAIN),
                    entry("lookup.cache.ttl", PLAIN),
                    entry("lookup.cache.caching-missing-key", PLAIN),
                    entry("lookup.max-retries", PLAIN),
                    entry("sink.buffer-flush.max-rows", PLAIN),
                    entry("sink.buffer-flush.interval", PLAIN),
                    entry("sink.max-retries", PLAIN),
                    entry("sink.parallelism", OptionRule.PARALLELISM)),
            "datagen", Map.ofEntries(
                    entry("rows-per-second", PLAIN),
                    entry("number-of-rows", PLAIN),
                    entry("scan.parallelism", OptionRule.PARALLELISM),
                    entry("fields.#.kind", PLAIN),
                    entry("fields.#.min", PLAIN),
                    entry("fields.#.max", PLAIN),
                    entry("fields.#.max-past", PLAIN),
                    entry("fields.#.length", PLAIN),
                    entry("fields.#.var-len", PLAIN),
                    entry("fields.#.start", PLAIN),
                    entry("fields.#.end", PLAIN),
                    entry("fields.#.null-rate", PLAIN)),
            "print", Map.of(
                    "print-identifier", PLAIN,
                    "standard-error", PLAIN,
                    "sink.parallelism", OptionRule.PARALLELISM),
            "blackhole", Map.of(),
            "filesystem", Map.ofEntries(
                    entry("path", OptionRule.PROJECT_PATH),
                    entry("format", OptionRule.FORMAT),
                    entry("source.monitor-interval", PLAIN),
                    entry("source.path.regex-pattern", PLAIN),
                    entry("source.report-statistics", PLAIN),
                    entry("partition.default-name", PLAIN),
                    entry("partition.time-extractor.kind", OptionRule.OneOf.of("default")),
                    entry("partition.time-extractor.class", CLASS),
                    entry("partition.time-extractor.timestamp-pattern", PLAIN),
                    entry("partition.time-extractor.timestamp-formatter", PLAIN),
                    entry("sink.parallelism", OptionRule.PARALLELISM),
                    entry("sink.shuffle-by-partition.enable", PLAIN),
                    entry("sink.rolling-policy.file-size", PLAIN),
                    entry("sink.rolling-policy.rollover-interval", PLAIN),
                    entry("sink.rolling-policy.inactivity-interval", PLAIN),
                    entry("sink.rolling-policy.check-interval", PLAIN),
                    entry("sink.partition-commit.trigger", PLAIN),
                    entry("sink.partition-commit.delay", PLAIN),
                    entry("sink.partition-commit.watermark-time-zone", PLAIN),
                    entry("sink.partition-commit.policy.kind", OptionRule.OneOf.listOf("success-file")),
                    entry("sink.partition-commit.policy.class", CLASS),
                    entry("sink.partition-commit.policy.class.parameters", PLAIN),
                    entry("sink.partition-commit.success-file.name", OptionRule.FILE_NAME),
                    entry("auto-compaction", PLAIN),
                    entry("compaction.file-size", PLAIN)));

    /** The databases whose JDBC driver and dialect jobs are given (the jdbc bundle), by JDBC subprotocol. */
    static final Set<String> JDBC_DRIVERS_HERE = Set.of("postgresql");

    /** The formats, by their {@code 'format'} value; a table gives their options under that name. */
    static final Map<String, Map<String, OptionRule>> FORMATS;

    static {
        Map<String, OptionRule> jsonWriting = Map.of(
                "map-null-key.mode", PLAIN,
                "map-null-key.literal", PLAIN,
                "encode.decimal-as-plain-number", PLAIN,
                "encode.ignore-null-fields", PLAIN,
                "ignore-parse-errors", PLAIN,
                "timestamp-format.standard", PLAIN);
        Map<String, OptionRule> json = new HashMap<>(jsonWriting);
        json.put("fail-on-missing-field", PLAIN);
        json.put("decode.json-parser.enabled", PLAIN);
        Map<String, OptionRule> debezium = new HashMap<>(jsonWriting);
        debezium.put("schema-include", PLAIN);
        Map<String, OptionRule> canal = new HashMap<>(jsonWriting);
        canal.put("database.include", PLAIN);
        canal.put("table.include", PLAIN);
        Map<String, OptionRule> csv = Map.of(
                "field-delimiter", PLAIN,
                "disable-quote-character", PLAIN,
                "quote-character", PLAIN,
                "allow-comments", PLAIN,
                "ignore-parse-errors", PLAIN,
                "array-element-delimiter", PLAIN,
                "escape-character", PLAIN,
                "null-literal", PLAIN,
                "write-bigdecimal-in-scientific-notation", PLAIN);
        FORMATS = Map.of(
                "csv", csv,
                "avro", Map.of(
                        "encoding", OptionRule.OneOf.of("binary", "json"),
                        "codec", PLAIN,
                        "timestamp_mapping.legacy", PLAIN),
                "json", Map.copyOf(json),
                "debezium-json", Map.copyOf(debezium),
                "canal-json", Map.copyOf(canal),
                "maxwell-json", jsonWriting,
                "ogg-json", jsonWriting,
                "raw", Map.of("charset", PLAIN, "endianness", PLAIN));
    }

    /**
     * Table factories on the class path that no job may use, whatever the allowlist says, and why. Every other table
     * factory on the jobs' class path must be classified above.
     */
    static final Map<String, String> REFUSED_CONNECTORS = Map.of(
            "legacy-csv", "a sink kept for Flink's own tests, which overwrites whatever file it names",
            "dynamic-kafka", "its Kafka clusters come from a metadata service, a class a job would name; the 'kafka' "
                    + "connector reads the same topics from the addresses a table names");

    /** The catalogs a job may create, by their {@code 'type'}: in-memory ones only. */
    static final Map<String, Map<String, OptionRule>> CATALOGS = Map.of(
            "generic_in_memory", Map.of("default-database", PLAIN, "property-version", PLAIN));

    private TableOptions() {
    }

    /** The connectors this service can allow: those classified here. */
    public static Set<String> classifiedConnectors() {
        return new TreeSet<>(CONNECTORS.keySet());
    }

    /**
     * A table's options as checked: rewritten where a rule rewrites them, the parallelism they ask for, and the
     * connector and formats the table uses (by identifier).
     */
    record Checked(Map<String, String> options, int parallelism, Set<String> uses) {
        Checked {
            uses = Set.copyOf(uses);
        }
    }

    /**
     * Checks a table's options and rewrites what a rule rewrites.
     *
     * @param table      the table's name, for messages
     * @param connectors the connectors the operator allows
     * @param project    the project's own directory, where paths must lie
     * @param reach      the network places the job may connect to
     * @throws PolicyViolation naming the first rule broken (options are checked in the order of their names)
     */
    static Checked check(String table, Map<String, String> options, Set<String> connectors, java.nio.file.Path project,
                         NetworkReach reach) {
        String connector = options.get("connector");
        if (connector == null) {
            throw new PolicyViolation("table " + table + " names no connector; a job's tables use the connectors "
                    + names(connectors));
        }
        String refused = REFUSED_CONNECTORS.get(connector);
        if (refused != null) {
            throw new PolicyViolation("table " + table + " uses the connector '" + connector + "', which no job may "
                    + "use: " + refused);
        }
        if (!connectors.contains(connector) || !CONNECTORS.containsKey(connector)) {
            throw new PolicyViolation("table " + table + " uses the connector '" + connector + "', which this service "
                    + "does not allow; allowed: " + names(connectors));
        }
        Map<String, OptionRule> own = CONNECTORS.get(connector);
        Map<String, String> checked = new LinkedHashMap<>();
        Set<String> uses = new TreeSet<>(Set.of(connector));
        int parallelism = 0;
        for (Map.Entry<String, String> option : new TreeMap<>(options).entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            if (key.equals("connector")) {
                checked.put(key, value);
                continue;
            }
            String what = "table " + table + ": '" + key + "'";
            OptionRule rule = ruleOf(own, key).or(() -> ruleOf(SOURCE_COMMON, key))
                    .or(() -> formatOptionRule(own, options, key, what))
                    .orElseThrow(() -> new PolicyViolation(what + " is not an option this service knows for the "
                            + "connector '" + connector + "'; it takes " + keys(own)));
            if (rule instanceof OptionRule.Parallelism) {
                parallelism = Math.max(parallelism, parallelismOf(value));
            }
            if (rule instanceof OptionRule.Format) {
                uses.add(value);
            }
            checked.put(key, checkedValue(rule, value, what, project, reach));
        }
        if (connector.equals("jdbc") && !options.containsKey("password")) {
            // Without one, PostgreSQL's driver reads the password from the files of the user the job runs as
            // (~/.pgpass), which are not the job's.
            throw new PolicyViolation("table " + table + " gives no 'password': a jdbc table names the password of "
                    + "its database user, which the driver would otherwise look for in files that are not the job's");
        }
        return new Checked(checked, parallelism, uses);
    }

    /**
     * The value as the rule takes it: as it is, or rewritten (a path to the absolute place inside the project).
     *
     * @throws PolicyViolation when the rule refuses it
     */
    static String checkedValue(OptionRule rule, String value, String what, java.nio.file.Path project,
                               NetworkReach reach) {
        if (rule instanceof OptionRule.Plain || rule instanceof OptionRule.Parallelism
                || rule instanceof OptionRule.Secret) {
            return value;
        }
        if (rule instanceof OptionRule.HostPorts) {
            reach.checkAll(what, value);
            return value;
        }
        if (rule instanceof OptionRule.JdbcUrl) {
            JdbcUrls.JdbcUrl url = JdbcUrls.parse(what, value, project);
            if (!JDBC_DRIVERS_HERE.contains(url.driver())) {
                throw new PolicyViolation(what + " names a " + url.driver() + " database, and this service gives jobs "
                        + "the driver and dialect of " + String.join(", ", JDBC_DRIVERS_HERE) + " only (GaussDB(DWS) "
                        + "speaks PostgreSQL's protocol)");
            }
            for (HostPort host : url.hosts()) {
                reach.check(what, host.host(), host.port());
            }
            return url.url();
        }
        if (rule instanceof OptionRule.NetworkUrl) {
            return networkUrl(value, what, reach);
        }
        if (rule instanceof OptionRule.JaasConfig) {
            JaasConfigs.check(what, value);
            return value;
        }
        if (rule instanceof OptionRule.ProjectFile) {
            return Places.inside(project, value, what + " must name a file inside the project's own directory")
                    .toString();
        }
        if (rule instanceof OptionRule.ProjectPath) {
            return Places.inside(project, value, what + " must name a place inside the project's own directory")
                    .toUri().toString();
        }
        if (rule instanceof OptionRule.FileName) {
            return Places.fileName(value, what);
        }
        if (rule instanceof OptionRule.Format) {
            if (!FORMATS.containsKey(value)) {
                throw new PolicyViolation(what + " names the format '" + value + "', which this service does not "
                        + "allow; allowed: " + names(FORMATS.keySet()));
            }
            return value;
        }
        if (rule instanceof OptionRule.OneOf oneOf) {
            return oneOf(oneOf, value, what);
        }
        throw new PolicyViolation(what + " is not one a job may set: " + ((OptionRule.Refused) rule).why());
    }

    /** An http(s) URL whose host the job may reach, as it is. */
    private static String networkUrl(String value, String what, NetworkReach reach) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            throw new PolicyViolation(what + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new PolicyViolation(what + " must be an http or https URL with a host");
        }
        reach.check(what, uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80);
        return value;
    }

    /** Checks the options of a catalog a job creates: in-memory ones only. */
    static void checkCatalog(String catalog, Map<String, String> options) {
        String type = options.getOrDefault("type", "");
        Map<String, OptionRule> own = CATALOGS.get(type);
        if (own == null) {
            throw new PolicyViolation("catalog " + catalog + " is of type '" + type + "'; a job may create in-memory "
                    + "catalogs (generic_in_memory) only");
        }
        for (Map.Entry<String, String> option : new TreeMap<>(options).entrySet()) {
            if (!option.getKey().equals("type") && ruleOf(own, option.getKey()).isEmpty()) {
                throw new PolicyViolation("catalog " + catalog + ": '" + option.getKey() + "' is not an option of an "
                        + "in-memory catalog; it takes " + keys(own));
            }
        }
    }

    /** The rule of {@code key} in {@code rules}, where a {@code #} of a classified key stands for any field's name. */
    static Optional<OptionRule> ruleOf(Map<String, OptionRule> rules, String key) {
        OptionRule exact = rules.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Map.Entry<String, OptionRule> rule : rules.entrySet()) {
            int hash = rule.getKey().indexOf('#');
            if (hash >= 0) {
                String prefix = rule.getKey().substring(0, hash);
                String suffix = rule.getKey().substring(hash + 1);
                if (key.length() > prefix.length() + suffix.length() && key.startsWith(prefix) && key.endsWith(suffix)) {
                    return Optional.of(rule.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The rule of a format's option, given as {@code <format>.<option>} for a format the table names with
     * {@code 'format'}, or {@code <prefix><format>.<option>} for one it names with {@code '<prefix>format'}
     * ({@code 'value.format' = 'json'} takes {@code value.json.*}), as Flink's factories read them.
     */
    private static Optional<OptionRule> formatOptionRule(Map<String, OptionRule> connector, Map<String, String> options,
                                                         String key, String what) {
        for (Map.Entry<String, OptionRule> rule : connector.entrySet()) {
            if (!(rule.getValue() instanceof OptionRule.Format)) {
                continue;
            }
            String format = options.get(rule.getKey());
            String prefix = rule.getKey().substring(0, rule.getKey().length() - "format".length()) + format + ".";
            if (format != null && rule.getKey().endsWith("format") && key.startsWith(prefix)) {
                Map<String, OptionRule> formatRules = FORMATS.get(format);
                if (formatRules == null) {
                    return Optional.empty();
                }
                String option = key.substring(prefix.length());
                return Optional.of(ruleOf(formatRules, option).orElseThrow(() -> new PolicyViolation(what
                        + " is not an option of the format '" + format + "'; it takes " + keys(formatRules))));
            }
        }
        return Optional.empty();
    }

    static String oneOf(OptionRule.OneOf rule, String value, String what) {
        if (!rule.allows(value)) {
            throw new PolicyViolation(what + " may be " + rule.names() + " only" + (rule.exact() ? ", exactly as "
                    + "written" : "") + "; got '" + value + "'");
        }
        return value;
    }

    static int parallelismOf(String value) {
        try {
            return Math.max(0, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            // Flink refuses it with its own message.
            return 0;
        }
    }

    private static String keys(Map<String, OptionRule> rules) {
        return rules.isEmpty() ? "no options" : String.join(", ", new TreeSet<>(rules.keySet()));
    }

    private static String names(Set<String> values) {
        return String.join(", ", new TreeSet<>(values));
    }
}
