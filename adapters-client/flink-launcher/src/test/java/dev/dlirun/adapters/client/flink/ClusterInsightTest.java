package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.insight.RecordCount;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launch at work as the runtime tells it from Flink's REST API: its graph, its numbers, its failures and its
 * checkpoints (the shared embedded cluster; bounded jobs, and one that runs for a few seconds).
 */
class ClusterInsightTest {

    private static final ProjectId PROJECT = ProjectId.of("insight");
    private static final String FIVE_HUNDRED_ROWS = """
            CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '500');
            CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
            INSERT INTO b SELECT a FROM s;""";

    private static FlinkJobRuntime runtime;
    /** The bounded job of 500 rows, finished. */
    private static Launch bounded;

    @BeforeAll
    static void finishedBoundedJob() throws Exception {
        runtime = EmbeddedFlink.runtime();
        bounded = EmbeddedFlink.sqlLaunch(PROJECT, 1, FIVE_HUNDRED_ROWS, JobConfig.DEFAULTS, Optional.empty());
        EmbeddedFlink.launchUntil(bounded, ObservedJob.State.FINISHED);
    }

    @Test
    void theMetricsOfABoundedJobCountExactlyTheRowsItsSourceReadAndItsSinkReceived() {
        JobMetrics.RunMetrics metrics = runtime.metrics(bounded.runtimeJobId()).orElseThrow();

        assertThat(metrics.sources()).singleElement().satisfies(source -> {
            assertThat(source.name()).startsWith("Source: s");
            assertThat(source.records()).isEqualTo(500);
        });
        assertThat(metrics.sinks()).singleElement().extracting(RecordCount::records).isEqualTo(500L);
        // Ended: the average of the run, its 500 records over the time its tasks ran (at most the job's duration).
        double jobSeconds = Math.max(1, runtime.executionGraph(bounded.runtimeJobId()).orElseThrow().duration())
                / 1000.0;
        assertThat(metrics.totalReadRate()).isGreaterThanOrEqualTo(500 / jobSeconds * 0.999);
        assertThat(metrics.totalWriteRate()).isGreaterThanOrEqualTo(500 / jobSeconds * 0.999);
    }

    @Test
    void aRunningJobsRatesAreFlinksCurrentRecordsPerSecondNearItsSourcesRate() throws Exception {
        Launch running = EmbeddedFlink.sqlLaunch(PROJECT, 4, """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '50');
                CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT a FROM s;""", JobConfig.DEFAULTS, Optional.empty());
        EmbeddedFlink.launchUntil(running, ObservedJob.State.RUNNING);
        try {
            // Flink's meter is the records of the last minute per second, the minute counted from the task's start:
            // it climbs towards 50/s over the first minute and is within the band from about half a minute on.
            JobMetrics.RunMetrics metrics = awaitRates(running.runtimeJobId(), 25, 75, Duration.ofSeconds(120));

            assertThat(metrics.totalReadRate()).isBetween(25.0, 75.0);
            assertThat(metrics.totalWriteRate()).isBetween(25.0, 75.0);
            assertThat(metrics.sources()).singleElement().extracting(RecordCount::records)
                    .satisfies(records -> assertThat(records).isPositive());
        } finally {
            runtime.cancel(running.runtimeJobId()).get();
        }
    }

    @Test
    void theExecutionGraphIsFlinksViewOfTheLaunch() {
        ExecutionGraph graph = runtime.executionGraph(bounded.runtimeJobId()).orElseThrow();

        assertThat(graph.runId()).isEqualTo(bounded.runtimeJobId().value());
        assertThat(graph.state()).isEqualTo("FINISHED");
        assertThat(graph.name()).contains("job-1");
        assertThat(graph.startTime()).isPositive();
        assertThat(graph.endTime()).isGreaterThanOrEqualTo(graph.startTime());
        assertThat(graph.duration()).isEqualTo(graph.endTime() - graph.startTime());
    }

    @Test
    void aLaunchFlinkDoesNotKnowHasNothingToShow() {
        RuntimeJobId unknown = RuntimeJobId.generate();

        assertThat(runtime.executionGraph(unknown)).isEmpty();
        assertThat(runtime.metrics(unknown)).isEmpty();
        assertThat(runtime.exceptions(unknown)).isEmpty();
        assertThat(runtime.checkpoints(unknown)).isEmpty();
    }

    @Test
    void aFailureShowsInTheExceptionHistoryWithItsMessageTaskAndTimeAndNotInAnotherJobs() throws Exception {
        String unique = "not-a-number-" + UUID.randomUUID();
        Launch failing = EmbeddedFlink.sqlLaunch(PROJECT, 2, """
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');
                CREATE TABLE b (i INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT CAST('%s' AS INT) + a FROM s;""".formatted(unique), JobConfig.DEFAULTS,
                Optional.empty());
        long before = System.currentTimeMillis();

        EmbeddedFlink.launchUntil(failing, ObservedJob.State.FAILED);
        JobExceptions exceptions = awaitFailure(failing.runtimeJobId(), Duration.ofSeconds(10));

        assertThat(exceptions.rootCause()).hasValueSatisfying(failure -> {
            assertThat(failure.cause()).contains(unique).doesNotContain("\tat ");
            assertThat(failure.timestamp()).isBetween(before, System.currentTimeMillis());
            assertThat(failure.taskName()).hasValueSatisfying(task -> assertThat(task).contains("Source: s"));
        });
        assertThat(runtime.exceptions(bounded.runtimeJobId()).orElseThrow().failures())
                .noneMatch(failure -> failure.cause().contains(unique));
        assertThat(runtime.exceptions(bounded.runtimeJobId()).orElseThrow().failures()).isEmpty();
    }

    @Test
    void aJobWithCheckpointingShowsACompletedCheckpointWithItsSizeAndDurationAndOneWithoutSaysItTakesNone()
            throws Exception {
        Launch checkpointing = EmbeddedFlink.sqlLaunch(PROJECT, 3, """
                CREATE TABLE s (k INT) WITH ('connector' = 'datagen', 'rows-per-second' = '50',
                  'fields.k.min' = '1', 'fields.k.max' = '5');
                CREATE TABLE b (k INT, c BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT k, COUNT(*) FROM s GROUP BY k;""", JobConfig.builder().checkpointEnabled(true)
                .checkpointMode(CheckpointMode.EXACTLY_ONCE).checkpointIntervalSeconds(1).build(), Optional.empty());
        EmbeddedFlink.launchUntil(checkpointing, ObservedJob.State.RUNNING);
        try {
            JobCheckpoints checkpoints = awaitCompletedCheckpoint(checkpointing.runtimeJobId());

            assertThat(checkpoints.enabled()).isTrue();
            assertThat(checkpoints.completed()).isPositive();
            assertThat(checkpoints.latestCompleted()).hasValueSatisfying(latest -> {
                assertThat(latest.stateSize()).isPositive();
                assertThat(latest.duration()).isNotNegative();
                assertThat(latest.completionTime()).isGreaterThanOrEqualTo(latest.triggerTime());
            });
        } finally {
            runtime.cancel(checkpointing.runtimeJobId()).get();
        }
        JobCheckpoints none = runtime.checkpoints(bounded.runtimeJobId()).orElseThrow();
        assertThat(none.enabled()).isFalse();
        assertThat(none.latestCompleted()).isEmpty();
    }

    /** The launch's exceptions once they hold a failure (Flink caches a job's answers for a few seconds). */
    private static JobExceptions awaitFailure(RuntimeJobId id, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JobExceptions seen = null;
        while (System.nanoTime() < deadline) {
            seen = runtime.exceptions(id).orElseThrow();
            if (seen.rootCause().isPresent()) {
                return seen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no failure of " + id + " within " + within + "; last seen " + seen);
    }

    /** The running launch's metrics once both rates are within the band (Flink's meters climb over a minute). */
    private static JobMetrics.RunMetrics awaitRates(RuntimeJobId id, double low, double high, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JobMetrics.RunMetrics seen = null;
        while (System.nanoTime() < deadline) {
            seen = runtime.metrics(id).orElseThrow();
            assertThat(seen.totalReadRate()).as("read rate, never above the band").isLessThanOrEqualTo(high);
            if (seen.totalReadRate() >= low && seen.totalWriteRate() >= low && seen.totalWriteRate() <= high) {
                return seen;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("rates of " + id + " not within " + low + ".." + high + " within " + within
                + "; last seen " + seen);
    }

    private static JobCheckpoints awaitCompletedCheckpoint(RuntimeJobId id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobCheckpoints seen = null;
        while (System.nanoTime() < deadline) {
            seen = runtime.checkpoints(id).orElseThrow();
            if (seen.latestCompleted().isPresent()) {
                return seen;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no completed checkpoint of " + id + "; last seen " + seen);
    }
}
