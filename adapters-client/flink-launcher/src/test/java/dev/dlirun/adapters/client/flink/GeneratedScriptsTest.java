package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several hundred scripts built at random (fixed seed) from the statement kinds and option kinds Flink accepts, half of
 * them hostile: paths out of the project (absolute, {@code ..}, a link, {@code file:}, other schemes), success files
 * that climb, {@code OPTIONS} hints, every form of {@code AS SELECT}, {@code LIKE}, settings, jars and functions from
 * elsewhere. Each is launched on the real embedded cluster; those that run, run to their end. The witnesses are not
 * the policy's verdicts: nothing outside the project's directory is written or changed (the file system before and
 * after), and no class from outside the job's own jars is ever loaded (classes whose loading leaves a mark).
 */
class GeneratedScriptsTest {

    private static final long SEED = 26;
    private static final int SCRIPTS = 240;

    private final Random random = new Random(SEED);
    private Path root;
    private Path project;
    private Path codeProject;
    private Path outside;
    private Path absoluteElsewhere;
    private Path outsideJar;
    private Path witness;
    private int counter;
    /** Whether the script being built may reach out (half of them do), or keeps to what is allowed. */
    private boolean hostile;
    private boolean function;
    /** Whether the script being built is one of the project that may run code. */
    private boolean code;

    @Test
    void randomScriptsNeverWriteOutsideTheirProjectNorLoadAClassFromOutsideTheirJars() throws Exception {
        FlinkJobRuntime runtime = EmbeddedFlink.runtime();
        root = EmbeddedFlink.root();
        project = Files.createDirectories(EmbeddedFlink.projects().resolve("gen")).toRealPath();
        codeProject = Files.createDirectories(EmbeddedFlink.projects().resolve("code")).toRealPath();
        Path victim = Files.createDirectories(EmbeddedFlink.projects().resolve("victim"));
        Files.writeString(victim.resolve("keep.txt"), "the victim's own");
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "the service's own");
        if (!Files.exists(project.resolve("link"))) {
            Files.createSymbolicLink(project.resolve("link"), victim);
        }
        absoluteElsewhere = Path.of(System.getProperty("java.io.tmpdir"), "dlirun-generated-" + SEED + "-"
                + System.nanoTime());
        witness = root.resolve("witness");
        System.setProperty("dlirun.witness", witness.toString());
        outsideJar = TestJars.jar(outside, "planted.jar", "planted.Witness", witnessSource("planted.Witness"));
        TestJars.jar(EmbeddedFlink.jars(), "udf.jar", "udf.Upper", """
                package udf;
                public class Upper extends org.apache.flink.table.functions.ScalarFunction {
                    public String eval(String value) { return value == null ? null : value.toUpperCase(); }
                }
                """);
        Map<Path, String> before = snapshot();

        List<Launch> running = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < SCRIPTS; i++) {
            boolean code = random.nextInt(4) == 0;
            String script = script(code);
            Launch launch = new Launch(ProjectId.of(code ? "code" : "gen"), JobId.of(1000 + i),
                    RuntimeJobId.generate(), JobDefinition.sql("generated-" + i, JobType.FLINK_OPENSOURCE_SQL_JOB,
                    script, JobConfig.DEFAULTS), Optional.empty());
            try {
                try {
                    runtime.launch(launch);
                } catch (LaunchRefusedException busy) {
                    if (!busy.getMessage().contains("task slots at once")) {
                        throw busy;
                    }
                    // The project holds all the slots it may: once the jobs launched so far have ended, it has them back.
                    for (Launch earlier : running) {
                        awaitEnd(runtime, earlier.runtimeJobId());
                    }
                    runtime.launch(launch);
                }
                running.add(launch);
            } catch (LaunchRefusedException e) {
                refused++;
                assertThat(hostile).as("a script that keeps to the rules is refused: %s%n%s", e.getMessage(), script)
                        .isTrue();
            }
        }
        for (Launch launch : running) {
            awaitEnd(runtime, launch.runtimeJobId());
        }

        assertThat(running).as("scripts that ran").hasSizeGreaterThan(SCRIPTS / 5);
        assertThat(refused).as("scripts refused").isGreaterThan(SCRIPTS / 5);
        Map<Path, String> after = snapshot();
        assertThat(after).as("everything outside the projects' own directories, as it was").isEqualTo(before);
        assertThat(absoluteElsewhere).doesNotExist();
        try (Stream<Path> marks = Files.list(root)) {
            assertThat(marks.filter(file -> file.getFileName().toString().startsWith("witness")))
                    .as("classes from outside the jobs' jars that were loaded").isEmpty();
        }
    }

    private static String witnessSource(String className) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n"
                + "public class " + className.substring(dot + 1)
                + " extends org.apache.flink.table.functions.ScalarFunction {\n"
                + "    static {\n"
                + "        try {\n"
                + "            java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty(\"dlirun.witness\")"
                + " + \"-" + className + "\"), \"loaded\");\n"
                + "        } catch (java.io.IOException e) { throw new IllegalStateException(e); }\n"
                + "    }\n"
                + "    public String eval(String value) { return value; }\n"
                + "}\n";
    }

    /** Every file under the test's root but the projects' own directories and Flink's own: its content's hash. */
    private Map<Path, String> snapshot() throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                Path relative = root.relativize(file);
                if (relative.startsWith("projects/gen") || relative.startsWith("projects/code")
                        || relative.startsWith("tmp") || relative.startsWith("checkpoints")
                        || relative.startsWith("savepoints") || relative.toString().startsWith("witness")) {
                    continue;
                }
                files.put(relative, hash(file));
            }
        }
        try (Stream<Path> projects = Files.list(root.resolve("projects"))) {
            // Other tests' projects may be written meanwhile by their own jobs; the victim's may not.
            files.entrySet().removeIf(entry -> entry.getKey().startsWith("projects")
                    && !entry.getKey().startsWith("projects/victim"));
        }
        return files;
    }

    private static String hash(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitEnd(FlinkJobRuntime runtime, RuntimeJobId id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            ObservedJob seen = runtime.observe().get(id);
            if (seen != null && seen.state().isTerminal()) {
                return;
            }
            Thread.sleep(50);
        }
        runtime.cancel(id);
    }

    // ---- the generator ----

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private String name() {
        return "t" + (counter++);
    }

    /** A path some option may name: inside the project half of the time, somewhere else the other half. */
    private String path() {
        String n = Integer.toString(counter++);
        Path own = code ? codeProject : project;
        if (!hostile || random.nextBoolean()) {
            return pick(List.of("out-" + n, "sub/dir-" + n, own.resolve("abs-" + n).toString(),
                    "file://" + own.resolve("uri-" + n), "a/../b-" + n));
        }
        return pick(List.of(".", "../victim/x-" + n, "../victim/keep.txt", absoluteElsewhere.resolve("abs-" + n).toString(),
                "file://" + absoluteElsewhere.resolve("uri-" + n), "link/x-" + n, "link/keep.txt",
                outside.resolve("x-" + n).toString(), outside.resolve("secret.txt").toString(),
                "../../outside/secret.txt", "hdfs://namenode/x-" + n, "file:../victim/y-" + n, "~/x-" + n));
    }

    private String fileName() {
        if (!hostile) {
            return pick(List.of("_SUCCESS", "ok.marker", "_DONE"));
        }
        return pick(List.of("_SUCCESS", "ok.marker", "../../../outside/secret.txt", "../../victim/keep.txt",
                absoluteElsewhere.resolve("success").toString(), "..", "a/b", "_DONE"));
    }

    private String sinkOptions() {
        if (!hostile) {
            return switch (random.nextInt(4)) {
                case 0 -> "'connector' = 'blackhole'";
                case 1 -> "'connector' = 'print'" + (random.nextBoolean() ? ", 'print-identifier' = 'x'" : "");
                case 2 -> "'connector' = 'filesystem', 'path' = '" + path() + "', 'format' = 'json', "
                        + "'sink.rolling-policy.file-size' = '1 kb'";
                default -> "'connector' = 'filesystem', 'path' = '" + path() + "', 'format' = '"
                        + pick(List.of("json", "raw")) + "'";
            };
        }
        return switch (random.nextInt(7)) {
            case 0 -> "'connector' = 'blackhole'";
            case 1 -> "'connector' = 'print'" + (random.nextBoolean() ? ", 'print-identifier' = 'x'" : "");
            case 2 -> "'connector' = 'legacy-csv', 'path' = '" + path() + "', 'write-mode' = 'OVERWRITE'";
            case 3 -> "'connector' = 'filesystem', 'path' = '" + path() + "', 'format' = '"
                    + pick(List.of("json", "raw", "csv", "debezium-json")) + "'";
            case 4 -> "'connector' = 'filesystem', 'path' = '" + path() + "', 'format' = 'json', "
                    + "'sink.partition-commit.policy.kind' = 'success-file', "
                    + "'sink.partition-commit.success-file.name' = '" + fileName() + "'";
            case 5 -> "'connector' = 'filesystem', 'path' = '" + path() + "', 'format' = 'json', '"
                    + pick(List.of("sink.rolling-policy.file-size' = '1 kb", "sink.something.dir' = '" + path(),
                    "sink.partition-commit.policy.class' = 'java.lang.Object", "auto-compaction' = 'true")) + "'";
            default -> "'connector' = '" + pick(List.of("jdbc", "kafka", "hive", "nonsense")) + "', 'path' = '"
                    + path() + "'";
        };
    }

    private String sourceOptions() {
        return switch (random.nextInt(4)) {
            case 0, 1 -> "'connector' = 'datagen', 'number-of-rows' = '" + (1 + random.nextInt(3)) + "'";
            case 2 -> hostile ? "'connector' = 'filesystem', 'path' = '" + path() + "', 'format' = 'raw'"
                    : "'connector' = 'datagen', 'number-of-rows' = '1'";
            default -> "'connector' = 'datagen', 'number-of-rows' = '2', 'fields.v.length' = '4'";
        };
    }

    private String hint(boolean sink) {
        if (random.nextInt(3) != 0) {
            return "";
        }
        if (!hostile) {
            return sink ? "" : " /*+ OPTIONS('number-of-rows' = '1') */";
        }
        return " /*+ OPTIONS(" + pick(List.of("'path' = '" + path() + "'", "'connector' = 'legacy-csv'",
                "'sink.partition-commit.success-file.name' = '" + fileName() + "'",
                sink ? "'sink.parallelism' = '1'" : "'number-of-rows' = '1'", "'format' = 'raw'")) + ") */";
    }

    private String extraStatement(String source, String sink) {
        if (!hostile) {
            return switch (random.nextInt(5)) {
                case 0 -> "SET 'table.exec.mini-batch.enabled' = 'false';";
                case 1 -> "RESET 'table.exec.mini-batch.enabled';";
                case 2 -> "CREATE TEMPORARY VIEW " + name() + " AS SELECT v FROM " + source + ";";
                case 3 -> "CREATE CATALOG " + name() + " WITH ('type' = 'generic_in_memory');";
                default -> "CREATE TABLE " + name() + " (v STRING) WITH (" + sinkOptions() + ");";
            };
        }
        return switch (random.nextInt(16)) {
            case 0 -> "SET '" + pick(List.of("table.exec.mini-batch.enabled' = 'false",
                    "restart-strategy.type' = 'fixed-delay", "pipeline.jars' = 'file://" + outsideJar,
                    "execution.checkpointing.dir' = 'file://" + absoluteElsewhere,
                    "table.resources.download-dir' = '" + absoluteElsewhere,
                    "state.backend.type' = 'planted.Witness", "pipeline.name' = 'other/1 x")) + "';";
            case 1 -> "RESET '" + pick(List.of("table.exec.mini-batch.enabled", "pipeline.name", "rest.port")) + "';";
            case 2 -> "EXPLAIN INSERT INTO " + sink + " SELECT v FROM " + source + ";";
            case 3 -> "COMPILE PLAN '" + absoluteElsewhere.resolve("plan.json") + "' FOR INSERT INTO " + sink
                    + " SELECT v FROM " + source + ";";
            case 4 -> "ADD JAR '" + pick(List.of(outsideJar.toString(), "udf.jar", "../outside/planted.jar",
                    "file://" + outsideJar)) + "';";
            case 5 -> "CREATE TEMPORARY FUNCTION " + name() + " AS '" + pick(List.of("planted.Witness", "udf.Upper",
                    ServiceClassWitness.class.getName())) + "'" + pick(List.of("", " USING JAR 'udf.jar'",
                    " USING JAR '" + outsideJar + "'", " USING JAR '../outside/planted.jar'")) + ";";
            case 6 -> "CREATE TEMPORARY SYSTEM FUNCTION " + name() + " AS '" + ServiceClassWitness.class.getName()
                    + "';";
            case 7 -> "CREATE CATALOG " + name() + " WITH ('type' = '" + pick(List.of("generic_in_memory", "jdbc",
                    "hive")) + "'" + (random.nextBoolean() ? ", 'default-database' = 'd'" : ", 'path' = '" + path()
                    + "'") + ");";
            case 8 -> "CREATE TEMPORARY VIEW " + name() + " AS SELECT v FROM " + source + ";";
            case 9 -> "SHOW TABLES;";
            case 10 -> "SELECT v FROM " + source + ";";
            case 11 -> "LOAD MODULE core;";
            case 12 -> "CREATE TABLE " + name() + " WITH (" + sinkOptions() + ") LIKE " + sink + ";";
            case 13 -> "CREATE TABLE " + name() + " (v STRING) WITH (" + sinkOptions() + ");";
            case 14 -> "TRUNCATE TABLE " + sink + ";";
            default -> "ALTER TABLE " + sink + " SET ('path' = '" + path() + "');";
        };
    }

    private String insert(String source, String sink) {
        String value = function && random.nextBoolean() ? "udf_f(v)"
                : hostile && random.nextInt(6) == 0 ? ServiceClassWitness.class.getSimpleName() + "(v)" : "v";
        return switch (random.nextInt(6)) {
            case 0 -> pick(hostile ? List.of("CREATE TABLE ", "CREATE OR REPLACE TABLE ", "REPLACE TABLE ")
                    : List.of("CREATE TABLE ", "CREATE OR REPLACE TABLE "))
                    + name() + " WITH (" + sinkOptions() + ") AS SELECT v FROM " + source + hint(false) + ";";
            case 1 -> "EXECUTE STATEMENT SET BEGIN INSERT INTO " + sink + hint(true) + " SELECT v FROM " + source
                    + "; INSERT INTO " + sink + " SELECT v FROM " + source + hint(false) + "; END;";
            default -> "INSERT INTO " + sink + hint(true) + " SELECT " + value + " FROM " + source + hint(false)
                    + ";";
        };
    }

    private String script(boolean code) {
        this.code = code;
        hostile = random.nextBoolean();
        function = code && random.nextBoolean();
        String source = name();
        String sink = name();
        StringBuilder script = new StringBuilder();
        script.append("CREATE TABLE ").append(source).append(" (v STRING) WITH (").append(sourceOptions())
                .append(");\n");
        script.append("CREATE TABLE ").append(sink).append(" (v STRING) WITH (").append(sinkOptions()).append(");\n");
        if (function) {
            script.append("CREATE TEMPORARY FUNCTION udf_f AS 'udf.Upper' USING JAR 'udf.jar';\n");
        }
        int extras = random.nextInt(3);
        for (int i = 0; i < extras; i++) {
            script.append(extraStatement(source, sink)).append('\n');
        }
        script.append(insert(source, sink)).append('\n');
        return script.toString();
    }
}
