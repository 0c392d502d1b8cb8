package dev.dlirun.adapters.client.flink.policy;

import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The code policy's rules for tables, settings and jars, without Flink's planner. */
class CodePolicyTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @TempDir
    Path root;

    private JobRules rules() {
        return rules(Set.of("p1"));
    }

    private JobRules rules(Set<String> codeProjects) {
        return new CodePolicy(root.resolve("projects"), Optional.of(root.resolve("jars")),
                CodePolicy.DEFAULT_CONNECTORS, codeProjects).forJob(PROJECT);
    }

    private Map<String, String> fileTable(String path) {
        return rules().table("t", Map.of("connector", "filesystem", "path", path, "format", "json"));
    }

    @Test
    void relativePathsLandInTheProjectsOwnDirectoryAndComeBackAbsolute() throws Exception {
        Path project = Files.createDirectories(root.resolve("projects/p1")).toRealPath();

        assertThat(fileTable("out/counts").get("path")).isEqualTo(project.resolve("out/counts").toUri().toString());
        assertThat(fileTable(project.resolve("x").toString()).get("path")).isEqualTo(project.resolve("x").toUri().toString());
        assertThat(fileTable("file://" + project.resolve("y")).get("path")).isEqualTo(project.resolve("y").toUri().toString());
        assertThat(fileTable("a/../b").get("path")).isEqualTo(project.resolve("b").toUri().toString());
    }

    @Test
    void pathsOutsideTheProjectAreRefusedWhateverTheWayThere() throws Exception {
        Files.createDirectories(root.resolve("projects/p2"));
        Files.createDirectories(root.resolve("projects/p1"));
        Files.createSymbolicLink(root.resolve("projects/p1/elsewhere"), root.resolve("projects/p2"));

        for (String path : new String[]{"../p2/x", "/etc/passwd", "file:///etc/passwd", "elsewhere/x",
                "out/../../p2", root.resolve("projects/p1-evil").toString(), "file:../p2"}) {
            assertThatThrownBy(() -> fileTable(path)).as(path).isInstanceOf(PolicyViolation.class)
                    .hasMessageStartingWith("table t: 'path' must name a place inside the project's own directory");
        }
        assertThatThrownBy(() -> fileTable("hdfs://namenode/x")).hasMessageContaining("(a local path)");
    }

    @Test
    void anOptionNobodyClassifiedIsRefusedWhateverItsName() {
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "filesystem", "path", "ok", "format", "json",
                "sink.something.dir", "/tmp/x")))
                .hasMessageStartingWith("table t: 'sink.something.dir' is not an option this service knows for the "
                        + "connector 'filesystem'; it takes auto-compaction, compaction.file-size, format, ");
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "datagen", "totally-harmless", "1")))
                .hasMessageContaining("'totally-harmless' is not an option this service knows for the connector "
                        + "'datagen'");
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "filesystem", "path", "ok", "format", "json",
                "json.new-fangled", "x")))
                .hasMessageStartingWith("table t: 'json.new-fangled' is not an option of the format 'json'; it takes ");
    }

    @Test
    void theSuccessFileIsTheNameOfOneFileNeverAPath() {
        for (String name : new String[]{"../../../p2/savepoints/_metadata", "a/b", "..", ".", "", "x\\y", "a b"}) {
            assertThatThrownBy(() -> rules().table("t", Map.of("connector", "filesystem", "path", "out", "format",
                    "json", "sink.partition-commit.success-file.name", name))).as(name)
                    .hasMessageContaining("'sink.partition-commit.success-file.name' must be the name of one file");
        }
        assertThat(rules().table("t", Map.of("connector", "filesystem", "path", "out", "format", "json",
                "sink.partition-commit.success-file.name", "_DONE.marker")))
                .containsEntry("sink.partition-commit.success-file.name", "_DONE.marker");
    }

    @Test
    void optionsThatNameAClassAreRefusedAndEnumeratedOnesTakeTheirValuesOnly() {
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "filesystem", "path", "out", "format", "json",
                "sink.partition-commit.policy.class", "org.h2.tools.Shell")))
                .hasMessage("table t: 'sink.partition-commit.policy.class' is not one a job may set: it names a class "
                        + "to load, and a job's code comes from its own jars only");
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "filesystem", "path", "out", "format", "json",
                "sink.partition-commit.policy.kind", "success-file,custom")))
                .hasMessageContaining("may be success-file only; got 'success-file,custom'");
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "filesystem", "path", "out", "format",
                "protobuf"))).hasMessageContaining("names the format 'protobuf', which this service does not allow");
    }

    @Test
    void onlyAllowedConnectorsAreTakenAndLegacyOnesByNoJob() {
        JobRules withoutJdbc = new CodePolicy(root.resolve("projects"), Optional.empty(),
                Set.of("datagen", "print", "blackhole", "filesystem"), Set.of()).forJob(PROJECT);
        assertThatThrownBy(() -> withoutJdbc.table("t", Map.of("connector", "jdbc")))
                .hasMessage("table t uses the connector 'jdbc', which this service does not allow; allowed: blackhole, "
                        + "datagen, filesystem, print");
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "legacy-csv", "path", "/x")))
                .hasMessageStartingWith("table t uses the connector 'legacy-csv', which no job may use");
        assertThatThrownBy(() -> rules().table("t", Map.of())).hasMessageStartingWith("table t names no connector");
        assertThatThrownBy(() -> new CodePolicy(root, Optional.empty(), Set.of("datagen", "hbase-2.2"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--connectors names hbase-2.2, whose options this service has not classified");
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "dynamic-kafka")))
                .hasMessageStartingWith("table t uses the connector 'dynamic-kafka', which no job may use: its Kafka "
                        + "clusters come from a metadata service");
    }

    @Test
    void fieldOptionsOfDatagenAreClassifiedWhateverTheFieldsName() {
        assertThatCode(() -> rules().table("t", Map.of("connector", "datagen", "fields.amount.kind", "sequence",
                "fields.a.b.start", "1", "scan.watermark.idle-timeout", "1 s"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "datagen", "fields..kind", "x")))
                .isInstanceOf(PolicyViolation.class);
    }

    @Test
    void theSlotsAJobTakesAreItsHighestParallelismAnywhere() {
        JobRules rules = rules();
        rules.parallelism(2);
        rules.table("s", Map.of("connector", "datagen", "scan.parallelism", "3"));
        rules.setting("table.exec.resource.default-parallelism", "5");
        rules.table("o", Map.of("connector", "print", "sink.parallelism", "4"));

        assertThat(rules.slots()).isEqualTo(5);
        assertThat(rules().slots()).isEqualTo(1);
    }

    @Test
    void aJobMakesItsOwnSettingsTheServicesOwnKeepTheServicesValuesAndTheRestAreRefused() {
        JobRules rules = rules();
        for (String allowed : new String[]{"table.exec.mini-batch.enabled", "table.exec.state.ttl",
                "table.optimizer.agg-phase-strategy", "parallelism.default", "pipeline.max-parallelism",
                "execution.checkpointing.timeout", "table.local-time-zone"}) {
            assertThatCode(() -> rules.setting(allowed, "1")).as(allowed).doesNotThrowAnyException();
        }
        assertThat(rules.setting("state.backend.type", "rocksdb")).contains("rocksdb");
        assertThatThrownBy(() -> rules.setting("state.backend.type", "org.h2.tools.Shell"))
                .hasMessageContaining("may be forst, hashmap, rocksdb only");
        for (String owned : new String[]{"restart-strategy.type", "restart-strategy.fixed-delay.attempts",
                "pipeline.name", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "execution.state-recovery.path", "execution.checkpointing.interval",
                "table.dml-sync", "table.dynamic-table-options.enabled"}) {
            assertThat(rules.setting(owned, "x")).as(owned).isEmpty();
        }
        assertThat(rules.overruled()).containsEntry("restart-strategy.type", "a job's restarts follow its "
                + "restart_when_exception and resume_max_num").hasSize(9);
        // Bounded jobs run in batch mode, as Flink's documentation runs them; the mode is a name, nothing else.
        assertThat(rules.setting("execution.runtime-mode", "batch")).contains("batch");
        assertThatThrownBy(() -> rules.setting("execution.runtime-mode", "automatic"))
                .hasMessageContaining("may be batch, streaming only");
        for (String refused : new String[]{"pipeline.jars", "pipeline.classpaths", "execution.target",
                "rest.address", "jobmanager.memory.process.size", "io.tmp.dirs", "$internal.pipeline.job-id",
                "state.checkpoints.dir", "taskmanager.numberOfTaskSlots", "table.resources.download-dir",
                "pipeline.serialization-config", "table.catalog-store.kind", "classloader.resolve-order",
                "execution.checkpointing.storage", "table.exec.mini-batch.enabled.extra"}) {
            assertThatThrownBy(() -> rules.setting(refused, "x")).as(refused)
                    .hasMessageStartingWith("the Flink setting '" + refused + "' is not one a job may make");
        }
    }

    @Test
    void codeComesOnlyFromProjectsTheOperatorNamesAndOnlyFromTheJarsDirectory() throws Exception {
        Files.createDirectories(root.resolve("jars"));
        Path jar = Files.writeString(root.resolve("jars/job.jar"), "not really a jar");
        Path outside = Files.writeString(root.resolve("evil.jar"), "x");

        assertThat(rules().jar("the job's jar", "job.jar")).isEqualTo(jar.toRealPath());
        assertThat(rules().jar("the job's jar", jar.toUri().toString())).isEqualTo(jar.toRealPath());
        assertThatThrownBy(() -> rules().jar("the job's jar", outside.toString()))
                .hasMessageContaining("is not in the jars directory");
        assertThatThrownBy(() -> rules().jar("the job's jar", "../evil.jar"))
                .hasMessageContaining("is not in the jars directory");
        assertThatThrownBy(() -> rules().jar("the job's jar", "missing.jar"))
                .hasMessageContaining("does not exist in the jars directory");
        assertThatThrownBy(() -> new CodePolicy(root, Optional.empty(), Set.of("datagen"), Set.of("p1"))
                .forJob(PROJECT).jar("the job's jar", "job.jar"))
                .hasMessageContaining("takes jars from no directory (its operator sets one with --jars-dir)");
        assertThatThrownBy(() -> rules(Set.of("p2")).jar("the job's jar", "job.jar"))
                .hasMessage("the job's jar 'job.jar' is code, and project p1 may not run code on this service: only "
                        + "the projects its operator names with --code-projects may (p2)");
    }

    @Test
    void aRawTypeIsRefusedBeforeFlinkParsesItWhereverItStands() {
        for (String sql : new String[]{"CREATE TABLE s (x RAW('org.h2.tools.Shell', 'AA==')) WITH ('connector' = 'datagen')",
                "INSERT INTO o SELECT CAST(NULL AS raw ('java.lang.Object', 'AA==')) FROM s",
                "CREATE TABLE s (x Raw/* a comment */\n -- and another\n('a.B', 'AA==')) WITH ()"}) {
            assertThatThrownBy(() -> Statement.checkBeforeParsing(sql)).as(sql)
                    .hasMessageStartingWith("the type RAW(...) names a class for Flink to load");
        }
        for (String sql : new String[]{"INSERT INTO o SELECT 'RAW(x)' FROM s", "-- RAW(\nINSERT INTO o SELECT 1",
                "INSERT INTO o SELECT raw_count, `RAW` FROM s", "/* RAW( */ SELECT 1", "SELECT draw(1)"}) {
            assertThatCode(() -> Statement.checkBeforeParsing(sql)).as(sql).doesNotThrowAnyException();
        }
    }

    @Test
    void catalogsAreInMemoryOnes() {
        assertThatCode(() -> rules().catalog("c", Map.of("type", "generic_in_memory", "default-database", "d")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> rules().catalog("c", Map.of("type", "jdbc", "base-url", "jdbc:x")))
                .hasMessage("catalog c is of type 'jdbc'; a job may create in-memory catalogs (generic_in_memory) only");
        assertThatThrownBy(() -> rules().catalog("c", Map.of("type", "generic_in_memory", "path", "/x")))
                .hasMessageContaining("'path' is not an option of an in-memory catalog");
    }
}
