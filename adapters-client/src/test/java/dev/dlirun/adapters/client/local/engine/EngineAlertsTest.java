package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.WatchedCatalogue;
import dev.dlirun.adapters.client.local.engine.alert.AlertRules;
import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;
import dev.dlirun.adapters.client.local.engine.alert.WebhookReceiver;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's alerts, from the runtime's reports to a real webhook receiver: the observer's rounds are turned by the
 * test, the catalogue is H2's, and the deliverer posts over HTTP on its own thread.
 */
class EngineAlertsTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final EngineSettings FAST = new EngineSettings(Duration.ofMillis(5), 2, Duration.ofSeconds(5), 2);
    private static final String SECRET = "a-shared-secret-of-some-length";
    private static final Duration SOON = Duration.ofSeconds(10);
    /** Long enough for the deliverer to have sent anything more it would send. */
    private static final Duration QUIET = Duration.ofMillis(800);

    private final JdbcJobCatalogue catalogue = JdbcJobCatalogue.inMemory();
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final ManualTimer timer = new ManualTimer();
    private final WebhookReceiver receiver = new WebhookReceiver(SECRET.getBytes(StandardCharsets.UTF_8));
    private LocalJobEngine engine;

    EngineAlertsTest() throws IOException {
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
    void aJobThatFailsForGoodGivesExactlyOneSignedAlertWithTheJobItsStatusAndRootCause() throws Exception {
        add(1, "ops");
        RuntimeJobId launch = running(1);

        runtime.failures.put(launch, new Failure("NumberFormatException: For input string: 'x'", false));
        runtime.report(launch, ObservedJob.State.FAILED);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION));
        timer.run(5);

        List<WebhookReceiver.Received> received = receiver.await(1, SOON);
        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).hasSize(1);
        WebhookReceiver.Received alert = received.get(0);
        assertThat(alert.signed()).isTrue();
        assertThat(alert.alertId()).isEqualTo(alert.body().get("alert_id").asText());
        assertThat(alert.body().get("kind").asText()).isEqualTo("job_failed");
        assertThat(alert.body().get("smn_topic").asText()).isEqualTo("ops");
        assertThat(alert.body().get("project_id").asText()).isEqualTo("p1");
        assertThat(alert.body().get("job_id").asLong()).isEqualTo(1);
        assertThat(alert.body().get("job_name").asText()).isEqualTo("job-1");
        assertThat(alert.body().get("status").asText()).isEqualTo("job_running_exception");
        assertThat(alert.body().get("status_desc").asText()).isEqualTo("NumberFormatException: For input string: 'x'");
        assertThat(alert.body().get("cluster").asText()).isEqualTo("the scripted cluster");
        assertThat(catalogue.alertOutbox().pendingCount()).isZero();
    }

    @Test
    void aJobThatKeepsFailingAndRestartingGivesOneRestartLoopAlertAndNoFailureAlert() throws Exception {
        add(1, "ops");
        RuntimeJobId launch = running(1);

        for (int restart = 1; restart <= 6; restart++) {
            runtime.failures.put(launch, new Failure("ArithmeticException: / by zero (" + restart + ")", false));
            runtime.report(launch, ObservedJob.State.FAILING);
            eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION));
            runtime.report(launch, ObservedJob.State.RUNNING);
            eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
        }

        receiver.await(1, SOON);
        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).singleElement().satisfies(alert -> {
            assertThat(alert.body().get("kind").asText()).isEqualTo("job_restart_loop");
            assertThat(alert.body().get("job_id").asLong()).isEqualTo(1);
            assertThat(alert.body().get("status_desc").asText()).isEqualTo("3 restarts within 300 s; the latest "
                    + "failure: ArithmeticException: / by zero (3)");
        });
    }

    @Test
    void anUnreachableClusterGivesOneAlertWhateverTheNumberOfJobsAndOneWhenItAnswersAgain() throws Exception {
        add(1, "ops");
        add(2, "ops");
        running(1);
        running(2);

        runtime.unreachable = "cannot ask the Flink cluster at http://127.0.0.1:1 for its jobs: Connection refused";
        timer.run(10);
        receiver.await(1, SOON);
        runtime.unreachable = null;
        timer.run(10);

        receiver.await(2, SOON);
        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).extracting(alert -> alert.body().get("kind").asText())
                .containsExactly("cluster_unreachable", "cluster_recovered");
        assertThat(receiver.received().get(0).body().get("status_desc").asText()).contains("Connection refused");
        assertThat(receiver.received().get(0).body().has("job_id")).isFalse();
    }

    @Test
    void aReceiverThatIsDownForAWhileGetsTheAlertOnceLater() throws Exception {
        add(1, "ops");
        RuntimeJobId launch = running(1);
        receiver.down();

        runtime.failures.put(launch, new Failure("IllegalStateException: broken", false));
        runtime.report(launch, ObservedJob.State.FAILED);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION));
        Thread.sleep(1500);
        assertThat(catalogue.alertOutbox().pendingCount()).isEqualTo(1);
        assertThat(catalogue.alertOutbox().due(Long.MAX_VALUE, 1).get(0).attempts()).isGreaterThanOrEqualTo(2);
        receiver.up();

        receiver.await(1, SOON);
        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).singleElement()
                .satisfies(alert -> assertThat(alert.body().get("kind").asText()).isEqualTo("job_failed"));
        assertThat(catalogue.alertOutbox().pendingCount()).isZero();
    }

    @Test
    void aStopWhoseSavepointFailsGivesOneAlertAndTheJobRunsOn() throws Exception {
        add(1, "ops");
        RuntimeJobId launch = running(1);

        var stopped = engine.stop(PROJECT, List.of(new Job(PROJECT, JobId.of(1), JobStatus.JOB_RUNNING, false)),
                StopMode.triggeringSavepoint(true), DEADLINE);
        assertThat(stopped.get(JobId.of(1)).delivered()).isTrue();
        runtime.stops.get(launch).completeExceptionally(new java.util.concurrent.TimeoutException("too slow"));
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));

        receiver.await(1, SOON);
        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).singleElement().satisfies(alert -> {
            assertThat(alert.body().get("kind").asText()).isEqualTo("stop_savepoint_failed");
            assertThat(alert.body().get("status").asText()).isEqualTo("job_running");
        });
    }

    @Test
    void aJobWhoseTopicHasNoChannelOrWithoutATopicRunsAndFailsWithoutAlerts() throws Exception {
        add(1, "nobody-configured-this");
        add(2, null);
        for (long id : new long[]{1, 2}) {
            RuntimeJobId launch = running(id);
            runtime.failures.put(launch, new Failure("IllegalStateException: broken", false));
            runtime.report(launch, ObservedJob.State.FAILED);
            eventually(() -> assertThat(stored(id).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION));
        }

        Thread.sleep(QUIET.toMillis());
        assertThat(receiver.received()).isEmpty();
        assertThat(catalogue.alertOutbox().pendingCount()).isZero();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void add(long id, String topic) {
        LocalJob job = TestJobs.job(PROJECT, id, JobStatus.JOB_INIT, false);
        if (topic != null) {
            job = job.with(job.definition().updatedWith(JobFields.of(Map.of(JobField.SMN_TOPIC, topic))));
        }
        catalogue.addIfAbsent(job);
        if (engine == null) {
            AlertSettings settings = AlertSettings.of(Map.of("ops", receiver.url()), SECRET)
                    .withUnreachableGrace(Duration.ZERO).withFirstRetry(Duration.ofMillis(200));
            engine = new LocalJobEngine(new WatchedCatalogue(catalogue, written -> runtime.changes.signal(),
                    removed -> runtime.changes.signal()), runtime, Clock.systemUTC(), FAST, timer,
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
}
