package dev.dlirun.adapters.client.local.runtime.simulated;

import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedJobRuntimeTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final SimulatedJobRuntime runtime = new SimulatedJobRuntime(Duration.ofSeconds(2), clock);

    private Launch launch(long id) {
        return new Launch(PROJECT, JobId.of(id), RuntimeJobId.generate(),
                JobDefinition.named("j" + id, JobType.FLINK_SQL_JOB), Optional.empty());
    }

    @Test
    void aLaunchedJobIsStartingUntilTheDelayHasPassedThenRunsWithAllItsTasks() {
        Launch launch = launch(1);
        runtime.launch(launch);

        assertThat(runtime.observe().get(launch.runtimeJobId()))
                .isEqualTo(new ObservedJob(launch.runtimeJobId(), ObservedJob.State.STARTING, false));
        clock.at(T0.plusSeconds(2));
        assertThat(runtime.observe().get(launch.runtimeJobId()))
                .isEqualTo(new ObservedJob(launch.runtimeJobId(), ObservedJob.State.RUNNING, true));
    }

    @Test
    void aStopAnswersASavepointPathThatSaysItIsSimulatedAndTheJobFinishes() {
        Launch launch = launch(7);
        runtime.launch(launch);

        String path = runtime.stopWithSavepoint(launch.runtimeJobId(), PROJECT, JobId.of(7), Duration.ofSeconds(1)).join();

        assertThat(path).startsWith("simulated://").contains("p1/7");
        assertThat(runtime.observe().get(launch.runtimeJobId()).state()).isEqualTo(ObservedJob.State.FINISHED);
    }

    @Test
    void aCancelledJobIsCancelledAndAnUnknownOneCannotBeStopped() {
        Launch launch = launch(1);
        runtime.launch(launch);

        runtime.cancel(launch.runtimeJobId()).join();

        assertThat(runtime.observe().get(launch.runtimeJobId()).state()).isEqualTo(ObservedJob.State.CANCELED);
        assertThat(runtime.cancel(RuntimeJobId.generate())).isCompletedExceptionally();
        assertThat(runtime.stopWithSavepoint(RuntimeJobId.generate(), PROJECT, JobId.of(1), Duration.ofSeconds(1)))
                .isCompletedExceptionally();
    }

    @Test
    void itsJobsStopWithTheServiceAndAClosedRuntimeTakesNoMore() {
        assertThat(runtime.jobsOutliveTheService()).isFalse();
        runtime.close();

        assertThat(runtime.notReady()).isPresent();
        assertThatThrownBy(() -> runtime.launch(launch(1))).isInstanceOf(RuntimeUnavailableException.class);
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new SimulatedJobRuntime(Duration.ofMillis(-1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void at(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
