package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedJobLauncherTest {

    private static final LocalJob JOB = LocalJob.created(ProjectId.of("p1"), JobId.of(1), "j", JobType.FLINK_SQL_JOB,
            JobStatus.JOB_SUBMITTING, false, null, Instant.EPOCH);

    @Test
    void reportsTheJobRunningAfterTheDelay() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        long[] reportedAfterNanos = new long[1];
        long launchedAt = System.nanoTime();
        try (SimulatedJobLauncher launcher = new SimulatedJobLauncher(Duration.ofMillis(100), Clock.systemUTC())) {
            launcher.launch(JOB, StartMode.FRESH, new JobLauncher.Listener() {
                @Override
                public void running(ProjectId projectId, JobId id, Instant at) {
                    reportedAfterNanos[0] = System.nanoTime() - launchedAt;
                    running.countDown();
                }

                @Override
                public void failed(ProjectId projectId, JobId id, String reason, Instant at) {
                }
            });

            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reportedAfterNanos[0]).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        }
    }

    @Test
    void jobsLaunchedTogetherAreReportedRunningInOneReportAfterTheDelay() throws InterruptedException {
        List<LocalJob> jobs = List.of(JOB, job("p1", 2), job("p1", 3));
        List<List<JobId>> reports = new CopyOnWriteArrayList<>();
        CountDownLatch reported = new CountDownLatch(1);
        long launchedAt = System.nanoTime();
        long[] reportedAfterNanos = new long[1];
        try (SimulatedJobLauncher launcher = new SimulatedJobLauncher(Duration.ofMillis(100), Clock.systemUTC())) {
            launcher.launchAll(jobs, StartMode.FRESH, new JobLauncher.Listener() {
                @Override
                public void running(ProjectId projectId, JobId id, Instant at) {
                    reports.add(List.of(id));
                }

                @Override
                public void failed(ProjectId projectId, JobId id, String reason, Instant at) {
                }

                @Override
                public void allRunning(ProjectId projectId, List<JobId> ids, Instant at) {
                    reportedAfterNanos[0] = System.nanoTime() - launchedAt;
                    reports.add(ids);
                    reported.countDown();
                }
            });

            assertThat(reported.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reports).containsExactly(List.of(JobId.of(1), JobId.of(2), JobId.of(3)));
            assertThat(reportedAfterNanos[0]).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        }
    }

    @Test
    void aBatchLaunchIsForTheJobsOfOneProject() {
        try (SimulatedJobLauncher launcher = new SimulatedJobLauncher(Duration.ZERO, Clock.systemUTC())) {
            assertThatThrownBy(() -> launcher.launchAll(List.of(JOB, job("p2", 2)), StartMode.FRESH, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static LocalJob job(String project, long id) {
        return LocalJob.created(ProjectId.of(project), JobId.of(id), "j" + id, JobType.FLINK_SQL_JOB,
                JobStatus.JOB_SUBMITTING, false, null, Instant.EPOCH);
    }

    @Test
    void aClosedLauncherTakesNoMoreJobs() {
        SimulatedJobLauncher launcher = new SimulatedJobLauncher(Duration.ZERO, Clock.systemUTC());
        launcher.close();

        assertThatThrownBy(() -> launcher.launch(JOB, StartMode.FRESH, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> launcher.launchAll(List.of(JOB), StartMode.FRESH, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new SimulatedJobLauncher(Duration.ofMillis(-1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
