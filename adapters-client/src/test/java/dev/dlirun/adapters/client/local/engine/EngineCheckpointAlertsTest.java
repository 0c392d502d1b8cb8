package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.WatchedCatalogue;
import dev.dlirun.adapters.client.local.engine.alert.AlertRules;
import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;
import dev.dlirun.adapters.client.local.engine.alert.WebhookReceiver;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert of checkpoints that stop completing, from the runtime's counts to a real webhook receiver: the observer's
 * rounds are turned by the test, the engine's clock is moved by it (windows of minutes pass at once), the catalogue is
 * H2's, and the deliverer posts over HTTP on its own thread.
 */
class EngineCheckpointAlertsTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final EngineSettings FAST = new EngineSettings(Duration.ofMillis(5), 2, Duration.ofSeconds(5), 2);
    private static final String SECRET = "a-shared-secret-of-some-length";
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(800);
    private static final Duration WINDOW = Duration.ofMinutes(2);
    /** Long enough for a launch's checkpoints to be due for a look again (a quarter window). */
    private static final Duration LOOK = WINDOW.dividedBy(4);

    private final JdbcJobCatalogue catalogue = JdbcJobCatalogue.inMemory();
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final ManualTimer timer = new ManualTimer();
    private final MovedClock clock = new MovedClock();
    private final WebhookReceiver receiver = new WebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8));
    private LocalJobEngine engine;

    EngineCheckpointAlertsTest() throws IOException {
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        receiver.close();
        catalogue.close();
    }

    @Test
    void checkpointsThatStopCompletingGiveOneAlertPerEpisodeWithTheLatestFailure() throws Exception {
        add(1, "ops", true);
        RuntimeJobId launch = running(1);
        long t0 = clock.millis();
        runtime.checkpointCounts.put(launch, checkpoints(3, t0, 0, null));
        timer.run(3);

        // No checkpoint completes for longer than the window, and the latest attempt failed.
        runtime.checkpointCounts.put(launch, checkpoints(3, t0, 2, "Checkpoint expired before completing."));
        for (int look = 0; look < 12; look++) {
            clock.move(LOOK);
            timer.run(2);
        }
        receiver.await(1, SOON);
        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).singleElement().satisfies(alert -> {
            assertThat(alert.signed()).isTrue();
            assertThat(alert.body().get("kind").asText()).isEqualTo("checkpoint_stalled");
            assertThat(alert.body().get("job_id").asLong()).isEqualTo(1);
            assertThat(alert.body().get("status").asText()).isEqualTo("job_running");
            assertThat(alert.body().get("status_desc").asText()).isEqualTo("no checkpoint completed within 120 s "
                    + "(the latest completed at " + Instant.ofEpochMilli(t0) + "); 2 failed, 0 under way; the latest "
                    + "failure: Checkpoint expired before completing.");
            assertThat(alert.body().get("summary").asText()).contains("its checkpoints do not complete");
        });

        // One completes again: the episode is over, and a new stall is a new alert.
        long t1 = clock.millis();
        runtime.checkpointCounts.put(launch, checkpoints(4, t1, 2, null));
        clock.move(LOOK);
        timer.run(2);
        for (int look = 0; look < 12; look++) {
            clock.move(LOOK);
            timer.run(2);
        }
        receiver.await(2, SOON);
        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).hasSize(2);
        assertThat(receiver.received().get(1).body().get("kind").asText()).isEqualTo("checkpoint_stalled");
        assertThat(receiver.received().get(1).body().get("status_desc").asText())
                .startsWith("no checkpoint completed within 120 s (the latest completed at " + Instant.ofEpochMilli(t1))
                .doesNotContain("the latest failure");
        assertThat(catalogue.alertOutbox().pendingCount()).isZero();
    }

    @Test
    void checkpointsThatKeepCompletingGiveNoAlertAndAreAskedForAFewTimesAWindowNotEveryRound() throws Exception {
        add(1, "ops", true);
        RuntimeJobId launch = running(1);
        int looksBefore = runtime.checkpointLooks.get();

        for (int step = 1; step <= 40; step++) {
            clock.move(LOOK.dividedBy(2));
            runtime.checkpointCounts.put(launch, checkpoints(step, clock.millis(), 0, null));
            timer.run(5);
        }

        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).isEmpty();
        // 40 half-looks of the clock, 200 rounds: a look every other step.
        assertThat(runtime.checkpointLooks.get() - looksBefore).isBetween(19, 21);
    }

    @Test
    void aJobWithoutAChannelOrWithoutCheckpointsCostsNoLookAtItsCheckpoints() throws Exception {
        add(1, "nobody-configured-this", true);
        add(2, null, true);
        add(3, "ops", false);
        for (long id = 1; id <= 3; id++) {
            running(id);
        }

        for (int look = 0; look < 12; look++) {
            clock.move(LOOK);
            timer.run(2);
        }

        Thread.sleep(QUIET.toMillis());
        assertThat(runtime.checkpointLooks.get()).isZero();
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void aRuntimeThatSaysTheLaunchTakesNoCheckpointsIsNotAskedAgain() throws Exception {
        add(1, "ops", true);
        RuntimeJobId launch = running(1);
        runtime.checkpointCounts.put(launch, new JobCheckpoints(false, 0, 0, 0, Optional.empty(), Optional.empty()));
        int looksBefore = runtime.checkpointLooks.get();

        for (int look = 0; look < 12; look++) {
            clock.move(LOOK);
            timer.run(2);
        }

        Thread.sleep(QUIET.toMillis());
        assertThat(runtime.checkpointLooks.get() - looksBefore).isEqualTo(1);
        assertThat(receiver.received()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static JobCheckpoints checkpoints(long completed, long latestCompletion, long failed, String reason) {
        return new JobCheckpoints(true, completed, failed, 0,
                Optional.of(new JobCheckpoints.Completed(completed, latestCompletion - 100, latestCompletion, 100,
                        1024, 1024)),
                failed == 0 ? Optional.empty() : Optional.of(new JobCheckpoints.Failed(completed + failed,
                        latestCompletion, latestCompletion + 1000, Optional.ofNullable(reason))));
    }

    private void add(long id, String topic, boolean checkpointing) {
        LocalJob job = TestJobs.job(PROJECT, id, JobStatus.JOB_INIT, false);
        Map<JobField, Object> fields = new HashMap<>();
        fields.put(JobField.CHECKPOINT_ENABLED, checkpointing);
        if (topic != null) {
            fields.put(JobField.SMN_TOPIC, topic);
        }
        job = job.with(job.definition().updatedWith(JobFields.of(fields)));
        catalogue.addIfAbsent(job);
        if (engine == null) {
            AlertSettings settings = AlertSettings.of(Map.of("ops", receiver.url()), SECRET)
                    .withFirstRetry(Duration.ofMillis(200)).withCheckpointWindow(WINDOW);
            engine = new LocalJobEngine(new WatchedCatalogue(catalogue, written -> runtime.changes.signal(),
                    removed -> runtime.changes.signal()), runtime, clock, FAST, timer,
                    new AlertRules(settings, "the scripted cluster"));
            engine.start();
        }
    }

    /** Runs the job until all its tasks run; answers its launch. */
    private RuntimeJobId running(long id) throws InterruptedException {
        var outcome = engine.submit(PROJECT, List.of(stored(id).toJob()), StartMode.FRESH, DEADLINE);
        assertThat(outcome.get(JobId.of(id))).isEqualTo(new JobOutcome.Delivered(JobOperation.RUN, JobId.of(id)));
        RuntimeJobId launch = stored(id).run().runtimeJobId();
        eventually(() -> assertThat(runtime.launches).anyMatch(l -> l.runtimeJobId().equals(launch)));
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(id).status()).isEqualTo(JobStatus.JOB_RUNNING));
        return launch;
    }

    private LocalJob stored(long id) {
        return catalogue.find(PROJECT, JobId.of(id)).orElseThrow();
    }

    /** Runs observer rounds until {@code assertion} holds ({@link ScriptedRuntime#untilHolds}). */
    private void eventually(Runnable assertion) throws InterruptedException {
        runtime.untilHolds(timer, assertion);
    }

    /** The system's clock, moved forward by the test: minutes pass at once. */
    private static final class MovedClock extends Clock {
        private final AtomicLong moved = new AtomicLong();

        void move(Duration by) {
            moved.addAndGet(by.toMillis());
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + moved.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("only UTC");
        }
    }
}
