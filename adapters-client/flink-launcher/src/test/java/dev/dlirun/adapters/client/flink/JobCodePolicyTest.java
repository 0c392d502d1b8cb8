package dev.dlirun.adapters.client.flink;

import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobCodePolicyTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @TempDir
    Path root;

    private JobCodePolicy policy() {
        return new JobCodePolicy(root.resolve("projects"), Optional.of(root.resolve("jars")),
                JobCodePolicy.DEFAULT_CONNECTORS);
    }

    private Map<String, String> fileTable(String path) throws JobCodePolicy.RuleBroken {
        return policy().tableOptions(PROJECT, "t", Map.of("connector", "filesystem", "path", path, "format", "json"));
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
                "out/../../p2", root.resolve("projects/p1-evil").toString()}) {
            assertThatThrownBy(() -> fileTable(path)).as(path).isInstanceOf(JobCodePolicy.RuleBroken.class)
                    .hasMessageContaining("'path' must name a place inside the project's own directory");
        }
        assertThatThrownBy(() -> fileTable("hdfs://namenode/x")).hasMessageContaining("(a local path)");
    }

    @Test
    void everyOptionThatNamesAPathIsChecked() {
        assertThatThrownBy(() -> policy().tableOptions(PROJECT, "t", Map.of("connector", "filesystem",
                "path", "ok", "sink.something.dir", "/tmp/x"))).hasMessageContaining("'sink.something.dir'");
    }

    @Test
    void onlyAllowedConnectorsAreTaken() {
        assertThatThrownBy(() -> policy().tableOptions(PROJECT, "t", Map.of("connector", "jdbc")))
                .hasMessage("table t uses the connector 'jdbc', which this service does not allow; allowed: blackhole, "
                        + "datagen, filesystem, print");
        assertThatThrownBy(() -> policy().tableOptions(PROJECT, "t", Map.of()))
                .hasMessageStartingWith("table t names no connector");
        JobCodePolicy kafka = new JobCodePolicy(root, Optional.empty(), Set.of("kafka"));
        org.assertj.core.api.Assertions.assertThatCode(() -> kafka.tableOptions(PROJECT, "t",
                Map.of("connector", "kafka", "topic", "x"))).doesNotThrowAnyException();
    }

    @Test
    void jarsComeFromTheJarsDirectoryOnly() throws Exception {
        Files.createDirectories(root.resolve("jars"));
        Path jar = Files.writeString(root.resolve("jars/job.jar"), "not really a jar");
        Path outside = Files.writeString(root.resolve("evil.jar"), "x");

        assertThat(policy().jar("the job's jar", "job.jar")).isEqualTo(jar.toRealPath());
        assertThat(policy().jar("the job's jar", jar.toUri().toString())).isEqualTo(jar.toRealPath());
        assertThatThrownBy(() -> policy().jar("the job's jar", outside.toString()))
                .hasMessageContaining("is not in the jars directory");
        assertThatThrownBy(() -> policy().jar("the job's jar", "../evil.jar"))
                .hasMessageContaining("is not in the jars directory");
        assertThatThrownBy(() -> policy().jar("the job's jar", "missing.jar"))
                .hasMessageContaining("does not exist in the jars directory");
        assertThatThrownBy(() -> new JobCodePolicy(root, Optional.empty(), Set.of("datagen")).jar("the job's jar", "job.jar"))
                .hasMessageContaining("takes jars from no directory (its operator sets one with --jars-dir)");
    }

    @Test
    void aJobMakesItsOwnSettingsNeverOnesThatNameAPlaceAJarOrTheCluster() throws Exception {
        for (String allowed : new String[]{"table.exec.mini-batch.enabled", "parallelism.default", "pipeline.name",
                "execution.checkpointing.interval", "restart-strategy.type", "state.backend.type"}) {
            policy().setting(allowed);
        }
        for (String refused : new String[]{"execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "execution.state-recovery.path", "pipeline.jars", "pipeline.classpaths", "execution.target",
                "rest.address", "jobmanager.memory.process.size", "io.tmp.dirs", "$internal.pipeline.job-id",
                "table.dynamic-table-options.enabled", "state.checkpoints.dir", "taskmanager.numberOfTaskSlots"}) {
            assertThatThrownBy(() -> policy().setting(refused)).as(refused)
                    .hasMessageStartingWith("the Flink setting '" + refused + "' is not one a job may make");
        }
    }
}
