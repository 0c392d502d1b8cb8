package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.WatchedCatalogue;
import dev.dlirun.adapters.client.local.engine.alert.AlertRules;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine of one of several instances: requests are served whether or not it holds the cluster's work, but only
 * while it holds it does it launch, stop, follow and reconcile; it takes up what was claimed meanwhile when it gains
 * the work, and stops following when it loses it.
 */
class SharedWorkTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final EngineSettings FAST = new EngineSettings(Duration.ofMillis(5), 2, Duration.ofSeconds(5), 2);

    /** A leadership the test hands out and takes away. */
    static final class Handed implements Leadership {
        private volatile boolean held;
        private long token;
        private final List<Listener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public boolean held() {
            return held;
        }

        @Override
        public long token() {
            return token;
        }

        @Override
        public synchronized void listen(Listener listener) {
            listeners.add(listener);
            if (held) {
                listener.gained(token);
            }
        }

        @Override
        public JobCatalogue fence(JobCatalogue catalogue) {
            return catalogue;
        }

        synchronized void gain() {
            held = true;
            token++;
            listeners.forEach(listener -> listener.gained(token));
        }

        synchronized void lose() {
            held = false;
            listeners.forEach(listener -> listener.lost("the test took it"));
        }
    }

    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final ManualTimer timer = new ManualTimer();
    private final Handed leadership = new Handed();
    private LocalJobEngine engine;

    private void started() {
        engine = new LocalJobEngine(new WatchedCatalogue(catalogue, job -> runtime.changes.signal(),
                job -> runtime.changes.signal()), runtime, Clock.systemUTC(), FAST, timer, AlertRules.NONE,
                leadership);
        engine.start();
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private LocalJob stored(long id) {
        return catalogue.find(PROJECT, JobId.of(id)).orElseThrow();
    }

    private void eventually(Runnable assertion) throws InterruptedException {
        runtime.untilHolds(timer, assertion);
    }

    /** Runs the job, held by this instance's engine, until Flink (as scripted) runs it; answers its launch. */
    private RuntimeJobId runUntilRunning(long id) throws InterruptedException {
        run(id);
        RuntimeJobId launch = stored(id).run().runtimeJobId();
        eventually(() -> assertThat(runtime.launches).extracting(Launch::runtimeJobId).contains(launch));
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(id).status()).isEqualTo(JobStatus.JOB_RUNNING));
        return launch;
    }

    private void run(long id) {
        engine.submit(PROJECT, List.of(stored(id).toJob()), StartMode.FRESH, DEADLINE);
    }

    @Test
    void aRunClaimedWhileNoOneHoldsTheWorkIsLaunchedOnceWhenThisInstanceGainsIt() throws Exception {
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false));
        started();

        run(1);
        timer.run(5);
        Thread.sleep(50);

        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        RuntimeJobId claimed = stored(1).run().runtimeJobId();
        assertThat(runtime.launches).as("nothing launched by an instance that does not hold the work").isEmpty();

        leadership.gain();
        eventually(() -> assertThat(runtime.launches).extracting(Launch::runtimeJobId).containsExactly(claimed));
        runtime.report(claimed, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
        assertThat(runtime.launches).as("launched once").hasSize(1);
    }

    @Test
    void aClaimTheHolderNeverHeardOfIsLaunchedAtItsNextLookAtTheCatalogue() throws Exception {
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false));
        leadership.gain();
        started();
        // Another instance claims the job; this one hears nothing of it (a notification lost, or unread).
        Handed never = new Handed();
        try (LocalJobEngine other = new LocalJobEngine(catalogue, runtime, Clock.systemUTC(), FAST,
                new ManualTimer(), AlertRules.NONE, never)) {
            other.start();
            other.submit(PROJECT, List.of(stored(1).toJob()), StartMode.FRESH, DEADLINE);
        }
        RuntimeJobId claimed = stored(1).run().runtimeJobId();
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        assertThat(runtime.launches).isEmpty();

        eventually(() -> assertThat(runtime.launches).extracting(Launch::runtimeJobId).containsExactly(claimed));
    }

    @Test
    void anInstanceThatLostTheWorkNoLongerFollowsAndTheNextHoldingTakesUpWhatHappenedMeanwhile() throws Exception {
        runtime.outlivesTheService = true;
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false));
        leadership.gain();
        started();
        RuntimeJobId launch = runUntilRunning(1);

        leadership.lose();
        timer.run(3);
        runtime.report(launch, ObservedJob.State.CANCELED);
        timer.run(5);
        assertThat(stored(1).status()).as("not followed while another instance holds the work")
                .isEqualTo(JobStatus.JOB_RUNNING);

        leadership.gain();
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
    }

    @Test
    void aStopWithASavepointThatFlinkMadeWhileNoInstanceHeardKeepsItsSavepoint() throws Exception {
        runtime.outlivesTheService = true;
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false));
        leadership.gain();
        started();
        RuntimeJobId launch = runUntilRunning(1);
        engine.stop(PROJECT, List.of(stored(1).toJob()), StopMode.triggeringSavepoint(true), DEADLINE);
        assertThat(runtime.stopsAsked.get()).isEqualTo(1);

        // The holder loses the work before it hears the answer; Flink finishes the stop meanwhile.
        leadership.lose();
        timer.run(2);
        runtime.report(launch, ObservedJob.State.FINISHED);
        runtime.savepointsTaken.put(launch, "file:/sp/p1/1/savepoint-x");
        leadership.gain();

        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        assertThat(stored(1).savepointPath()).isEqualTo("file:/sp/p1/1/savepoint-x");
        assertThat(runtime.stopsAsked.get()).as("not asked to stop again").isEqualTo(1);
    }

    @Test
    void aStopIsMadeByTheHolderOnceForEachClaimAndAgainForANewStopAfterASavepointFailed() throws Exception {
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false));
        leadership.gain();
        started();
        RuntimeJobId launch = runUntilRunning(1);
        Job running = stored(1).toJob();

        engine.stop(PROJECT, List.of(running), StopMode.triggeringSavepoint(true), DEADLINE);
        CompletableFuture<String> first = runtime.stops.get(launch);
        assertThat(first).isNotNull();
        // The same job told of again (another write of it, or another instance's) is not stopped again.
        engine.stop(PROJECT, List.of(running), StopMode.triggeringSavepoint(true), DEADLINE);
        assertThat(runtime.stopsAsked.get()).isEqualTo(1);
        first.completeExceptionally(new IllegalStateException("no space left"));
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
        runtime.stops.remove(launch);

        Thread.sleep(2);
        engine.stop(PROJECT, List.of(stored(1).toJob()), StopMode.triggeringSavepoint(true), DEADLINE);
        CompletableFuture<String> second = runtime.stops.get(launch);
        assertThat(runtime.stopsAsked.get()).as("a new stop is a new claim, made again").isEqualTo(2);
        second.complete("file:/sp/1");
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
    }
}
