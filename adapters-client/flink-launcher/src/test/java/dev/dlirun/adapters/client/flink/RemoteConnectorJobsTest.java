package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.peers.KafkaBroker;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka -> PostgreSQL job on a stock Flink session cluster whose class path has Flink's jars only (the local
 * cluster's {@code flink-lib}: no Kafka connector, no JDBC connector, no driver): the runtime ships the connectors'
 * bundles with the job, and the cluster loads them in the job's own class loader.
 */
class RemoteConnectorJobsTest {

    @Test
    void aKafkaToPostgresJobRunsOnASessionClusterThatHasNoConnectorOfItsOwn(@TempDir Path dir) throws Exception {
        Path lib = Path.of(System.getProperty("dlirun.cluster-lib", "../flink-cluster/target/lib")).toAbsolutePath();
        String classPath;
        try (Stream<Path> jars = Files.list(lib)) {
            classPath = jars.map(Path::toString).filter(jar -> jar.endsWith(".jar")).sorted()
                    .collect(Collectors.joining(java.io.File.pathSeparator));
        }
        assertThat(classPath).as("the cluster's class path").contains("flink-runtime")
                .doesNotContain("kafka").doesNotContain("jdbc").doesNotContain("postgresql");
        List<String> flags = Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                .filter(flag -> !flag.isBlank()).toList();
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
             PostgresServer postgres = PostgresServer.start(dir.resolve("postgres"));
             FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("cluster"), 2, classPath, flags);
             FlinkJobRuntime runtime = new FlinkJobRuntime(new FlinkSettings(new FlinkSettings.Remote(cluster.rest()),
                     dir.resolve("checkpoints").toUri(), dir.resolve("savepoints").toUri(), dir.resolve("projects"),
                     Optional.empty(), FlinkSettings.defaultConnectors(), Set.of(), dir.resolve("tmp"),
                     dir.resolve("service-cluster"), new FlinkSettings.JobReach(
                     Optional.of(EmbeddedFlink.connectorJars()), EmbeddedFlink.ALLOW_HOSTS, Set::of)))) {
            runtime.start();
            assertThat(runtime.awaitReady(Duration.ofMinutes(1))).isTrue();
            kafka.createTopic("readings", 1);
            kafka.produce("readings", List.of("{\"sensor\":\"s1\",\"value\":2}", "{\"sensor\":\"s2\",\"value\":5}",
                    "{\"sensor\":\"s1\",\"value\":3}"));
            postgres.execute("CREATE TABLE sensor_totals (sensor TEXT PRIMARY KEY, total BIGINT)");
            String sql = "CREATE TABLE readings (sensor STRING, `value` INT) WITH ('connector' = 'kafka', "
                    + "'topic' = 'readings', 'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "', "
                    + "'properties.group.id' = 'totals', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');\n"
                    + "CREATE TABLE totals (sensor STRING, total BIGINT, PRIMARY KEY (sensor) NOT ENFORCED) WITH ("
                    + "'connector' = 'jdbc', 'url' = '" + postgres.jdbcUrl() + "', 'table-name' = 'sensor_totals', "
                    + "'username' = '" + postgres.user() + "', 'password' = '" + postgres.password() + "', "
                    + "'sink.buffer-flush.interval' = '200ms');\n"
                    + "INSERT INTO totals SELECT sensor, SUM(`value`) FROM readings GROUP BY sensor;";
            Launch launch = new Launch(ProjectId.of("remote"), JobId.of(1), RuntimeJobId.generate(),
                    JobDefinition.sql("sensor-totals", JobType.FLINK_OPENSOURCE_SQL_JOB, sql, JobConfig.builder()
                            .checkpointEnabled(true).checkpointMode(CheckpointMode.EXACTLY_ONCE)
                            .checkpointIntervalSeconds(1).build()), Optional.empty());
            runtime.launch(launch);

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<List<Object>> rows = List.of();
            while (System.nanoTime() < deadline) {
                rows = postgres.query("SELECT sensor, total FROM sensor_totals ORDER BY sensor");
                if (rows.equals(List.of(List.of("s1", 5L), List.of("s2", 5L)))) {
                    break;
                }
                ObservedJob seen = runtime.observe().get(launch.runtimeJobId());
                assertThat(seen == null ? null : seen.state()).as("the job on the session cluster: "
                        + runtime.failure(launch.runtimeJobId())).isNotEqualTo(ObservedJob.State.FAILED);
                Thread.sleep(250);
            }
            assertThat(rows).containsExactly(List.of("s1", 5L), List.of("s2", 5L));
            runtime.cancel(launch.runtimeJobId()).get();
        }
    }
}
