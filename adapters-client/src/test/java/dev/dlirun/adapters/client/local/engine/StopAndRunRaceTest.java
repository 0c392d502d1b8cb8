package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.WatchedCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;

import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs and stops of one job racing each other, on the engine with simulated runs: whatever order they land in, the
 * job ends in one consistent state: the catalogue's status and latest launch agree with what runs.
 */
class StopAndRunRaceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId JOB = JobId.of(1);
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final Job ANY_VIEW = new Job(PROJECT, JOB, JobStatus.JOB_INIT, false);

    @Test
    void racingRunsAndStopsOfOneJobEndInOneConsistentState() throws Exception {
        InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false));
        SimulatedJobRuntime runtime = new SimulatedJobRuntime(Duration.ZERO, Clock.systemUTC());
        ManualTimer timer = new ManualTimer();
        Changes changes = new Changes();
        try (LocalJobEngine engine = new LocalJobEngine(new WatchedCatalogue(catalogue, job -> changes.signal(),
                job -> changes.signal()), runtime, Clock.systemUTC(),
                new EngineSettings(Duration.ofMillis(2), 2, Duration.ofSeconds(5), 5), timer)) {
            engine.start();
            int callers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            // The observer's rounds race the callers, one after the other, for as long as they call.
            AtomicBoolean racing = new AtomicBoolean(true);
            Thread observer = new Thread(() -> {
                while (racing.get()) {
                    timer.runDue();
                    Thread.yield();
                }
            }, "rounds");
            observer.start();
            try {
                for (int round = 0; round < 30; round++) {
                    CyclicBarrier together = new CyclicBarrier(callers);
                    List<Future<?>> calls = new ArrayList<>();
                    for (int i = 0; i < callers; i++) {
                        boolean run = i % 2 == 0;
                        calls.add(pool.submit(() -> {
                            together.await();
                            Job view = new Job(PROJECT, JOB, run ? JobStatus.JOB_CANCEL_SUCCESS : JobStatus.JOB_RUNNING,
                                    false);
                            return run ? engine.submit(PROJECT, List.of(view), StartMode.FRESH, DEADLINE)
                                    : engine.stop(PROJECT, List.of(view), StopMode.CANCEL, DEADLINE);
                        }));
                    }
                    for (Future<?> call : calls) {
                        call.get();
                    }
                }
            } finally {
                pool.shutdownNow();
                racing.set(false);
                observer.join();
            }

            LocalJob settled = awaitSettled(catalogue, timer, changes);
            Map<RuntimeJobId, ObservedJob> observed = runtime.observe();
            List<RuntimeJobId> alive = observed.values().stream().filter(job -> !job.state().isTerminal())
                    .map(ObservedJob::id).toList();
            if (settled.status() == JobStatus.JOB_RUNNING) {
                assertThat(alive).as("the one launch that runs is the job's latest").containsExactly(
                        settled.run().runtimeJobId());
            } else {
                assertThat(settled.status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS);
                assertThat(alive).as("a stopped job runs nowhere").isEmpty();
            }
            // Whatever it is, one more stop and a run behave as for any job in that state.
            var stop = engine.stop(PROJECT, List.of(ANY_VIEW), StopMode.CANCEL, DEADLINE).get(JOB);
            assertThat(stop.delivered()).isEqualTo(settled.status() == JobStatus.JOB_RUNNING);
        }
    }

    /**
     * The job once it has stopped changing: running or stopped, and three more observer rounds, and the launches'
     * threads, wrote nothing. Between rounds that leave it changing, waits for the next write, not for time.
     */
    private static LocalJob awaitSettled(InMemoryJobCatalogue catalogue, ManualTimer timer, Changes changes)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long seen = changes.version();
            timer.run(3);
            LocalJob job = catalogue.find(PROJECT, JOB).orElseThrow();
            if ((job.status() == JobStatus.JOB_RUNNING || job.status() == JobStatus.JOB_CANCEL_SUCCESS)
                    && changes.version() == seen) {
                return job;
            }
            assertThat(System.nanoTime()).as("settled in time: %s", job).isLessThan(deadline);
            changes.awaitAfter(seen, Duration.ofMillis(100));
        }
    }
}
