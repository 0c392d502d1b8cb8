package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.adapters.client.local.runtime.LaunchLog;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each job's own log lines on the local cluster (the service's default: Flink in processes of its own), split per job
 * by the processes' log configuration and read back by launch: two jobs on one cluster, one of them failing with a
 * message no other job logs.
 */
class JobLogsTest {

    private static final Path LIB = Path.of("../flink-cluster/target/lib").toAbsolutePath().normalize();
    private static final Optional<OsUser> USER = OsUser.weAreRoot() ? Optional.of(OsUser.of("65532:65532"))
            : Optional.empty();
    private static final ProjectId PROJECT = ProjectId.of("logs");
    /** In the failing job's data only: it appears in the message of its cast's failure. */
    private static final String MARKER = "unique-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static Path root;
    private static FlinkJobRuntime runtime;
    private static RuntimeJobId failing;
    private static RuntimeJobId healthy;

    @BeforeAll
    static void twoJobsOnOneClusterOneFailing() throws Exception {
        root = Files.createTempDirectory("dlirun-job-logs");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        runtime = new FlinkJobRuntime(new FlinkSettings(new FlinkSettings.Local(4, LIB, USER),
                root.resolve("checkpoints").toUri(), root.resolve("savepoints").toUri(), root.resolve("projects"),
                Optional.empty(), FlinkSettings.defaultConnectors(), Set.of(), root.resolve("tmp"),
                root.resolve("cluster")));
        runtime.start();
        assertThat(runtime.awaitReady(Duration.ofMinutes(2))).as("the local cluster started").isTrue();

        var healthyLaunch = EmbeddedFlink.sqlLaunch(PROJECT, 1, """
                CREATE TABLE numbers (a BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
                CREATE TABLE sink (a BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO sink SELECT a FROM numbers;""", JobConfig.DEFAULTS, Optional.empty());
        var failingLaunch = EmbeddedFlink.sqlLaunch(PROJECT, 2, """
                CREATE TABLE numbers (a BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3',
                  'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '3');
                CREATE TABLE sink (n INT) WITH ('connector' = 'blackhole');
                INSERT INTO sink SELECT CAST(CONCAT('%s-', CAST(a AS STRING)) AS INT) FROM numbers;"""
                .formatted(MARKER), JobConfig.DEFAULTS, Optional.empty());
        healthy = healthyLaunch.runtimeJobId();
        failing = failingLaunch.runtimeJobId();
        runtime.launch(healthyLaunch);
        runtime.launch(failingLaunch);
        await(healthy, ObservedJob.State.RUNNING);
        await(failing, ObservedJob.State.FAILED);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void onlyTheFailingJobsLogHoldsItsMessageAndTheOtherJobsLogNeverDoes() throws Exception {
        LaunchLog failed = awaitLine(failing, MARKER);
        LaunchLog other = awaitLine(healthy, "RUNNING");

        assertThat(failed.missing()).isEmpty();
        assertThat(failed.lines()).extracting(LaunchLog.Line::process).contains("taskmanager");
        assertThat(failed.lines()).noneSatisfy(line -> assertThat(line.text()).contains(healthy.value()));
        assertThat(other.lines()).isNotEmpty()
                .noneSatisfy(line -> assertThat(line.text()).contains(MARKER))
                .noneSatisfy(line -> assertThat(line.text()).contains(failing.value()));
        // The records of a job are its own: they are not in the cluster's own log as well.
        assertThat(Files.readString(root.resolve("cluster/log/taskmanager.log"))).doesNotContain(MARKER);
    }

    @Test
    void aLimitAnswersThatManyOfTheLastLinesAndSaysOlderOnesWereLeftOut() throws Exception {
        awaitLine(failing, MARKER);
        LaunchLog all = runtime.log(PROJECT, failing, 1000);
        LaunchLog last = runtime.log(PROJECT, failing, 3);

        assertThat(last.lines()).hasSize(3).isEqualTo(all.lines().subList(all.lines().size() - 3, all.lines().size()));
        assertThat(last.truncated()).isTrue();
        assertThat(all.lines()).allSatisfy(line -> assertThat(line.text()).doesNotContain("\n", "\r")
                .hasSizeLessThanOrEqualTo(dev.dlirun.adapters.client.flink.cluster.JobLogFiles.MAX_LINE_CHARS + 40));
    }

    @Test
    void aLaunchTheClusterNeverRanHasNoLinesAndSaysSo() {
        LaunchLog none = runtime.log(PROJECT, RuntimeJobId.generate(), 100);

        assertThat(none.lines()).isEmpty();
        assertThat(none.truncated()).isFalse();
        assertThat(none.missing()).hasValueSatisfying(why -> assertThat(why).startsWith("The cluster holds no log"));
    }

    private static LaunchLog awaitLine(RuntimeJobId launch, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        LaunchLog log = runtime.log(PROJECT, launch, 1000);
        while (log.lines().stream().noneMatch(line -> line.text().contains(text))) {
            assertThat(System.nanoTime()).as("a line of launch %s holding %s; seen %s", launch, text, log.lines())
                    .isLessThan(deadline);
            Thread.sleep(200);
            log = runtime.log(PROJECT, launch, 1000);
        }
        return log;
    }

    private static void await(RuntimeJobId id, ObservedJob.State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ObservedJob seen = null;
        while (System.nanoTime() < deadline) {
            seen = runtime.observe().get(id);
            if (seen != null && seen.state() == state
                    && (state != ObservedJob.State.RUNNING || seen.allTasksRunning())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("launch " + id + " did not reach " + state + "; last seen " + seen);
    }
}
