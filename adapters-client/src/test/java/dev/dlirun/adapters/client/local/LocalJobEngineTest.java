package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalJobEngineTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant SUBMITTED = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant RUNNING = Instant.parse("2026-11-24T10:00:02Z");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));

    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
    private final RecordingLauncher launcher = new RecordingLauncher();
    private final LocalJobEngine engine = new LocalJobEngine(catalogue, launcher, Clock.fixed(SUBMITTED, ZoneOffset.UTC));

    private LocalJob add(long id, JobStatus status, boolean hasSavepoint) {
        LocalJob job = LocalJob.created(PROJECT, JobId.of(id), "job-" + id, JobType.FLINK_JAR_JOB, status,
                hasSavepoint, hasSavepoint ? "obs://b/sp/" + id : null, CREATED);
        catalogue.addIfAbsent(job);
        return job;
    }

    private LocalJob stored(long id) {
        return catalogue.find(PROJECT, JobId.of(id)).orElseThrow();
    }

    @Test
    void aSubmittedJobIsSubmittingThenRunningWithItsStartTimeAndHowItStarted() {
        LocalJob job = add(131, JobStatus.JOB_CANCEL_SUCCESS, true);

        var outcome = engine.submit(PROJECT, List.of(job.toJob()), StartMode.RESUME_FROM_LATEST_SAVEPOINT, DEADLINE);

        assertThat(outcome.get(JobId.of(131))).isEqualTo(new RunOutcome.Submitted(JobId.of(131)));
        assertThat(stored(131).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        assertThat(stored(131).updateTime()).isEqualTo(SUBMITTED.toEpochMilli());
        assertThat(stored(131).startTime()).isNull();
        assertThat(launcher.launches).singleElement()
                .returns(StartMode.RESUME_FROM_LATEST_SAVEPOINT, RecordingLauncher.Launch::mode);

        launcher.launches.get(0).running(RUNNING);

        LocalJob running = stored(131);
        assertThat(running.status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(running.startTime()).isEqualTo(RUNNING.toEpochMilli());
        assertThat(running.resumedFromSavepoint()).isTrue();
        assertThat(running.createTime()).isEqualTo(CREATED.toEpochMilli());
        assertThat(running.savepointPath()).isEqualTo("obs://b/sp/131");
    }

    @Test
    void aFreshStartIsRecordedAsNotResumed() {
        LocalJob job = add(1, JobStatus.JOB_INIT, true);

        engine.submit(PROJECT, List.of(job.toJob()), StartMode.FRESH, DEADLINE);
        launcher.launches.get(0).running(RUNNING);

        assertThat(stored(1).resumedFromSavepoint()).isFalse();
    }

    @Test
    void aJobWhoseLaunchFailsEndsInSubmitFailAndCanBeStartedAgain() {
        LocalJob job = add(1, JobStatus.JOB_INIT, false);
        engine.submit(PROJECT, List.of(job.toJob()), StartMode.FRESH, DEADLINE);

        launcher.launches.get(0).failed("no slots", RUNNING);

        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMIT_FAIL);
        assertThat(engine.submit(PROJECT, List.of(stored(1).toJob()), StartMode.FRESH, DEADLINE))
                .containsValue(new RunOutcome.Submitted(JobId.of(1)));
    }

    @Test
    void aLateLaunchReportDoesNotOverrideAStatusThatChangedMeanwhile() {
        LocalJob job = add(1, JobStatus.JOB_INIT, false);
        engine.submit(PROJECT, List.of(job.toJob()), StartMode.FRESH, DEADLINE);
        catalogue.update(PROJECT, JobId.of(1), j -> new LocalJob(j.projectId(), j.id(), j.name(), j.jobType(),
                JobStatus.JOB_CANCELING, j.hasSavepoint(), j.savepointPath(), j.createTime(), j.startTime(),
                j.updateTime(), j.resumedFromSavepoint()));

        launcher.launches.get(0).running(RUNNING);

        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCELING);
    }

    @Test
    void aLauncherThatCannotTakeTheJobRefusesItAndLeavesItStartable() {
        LocalJob job = add(1, JobStatus.JOB_INIT, false);
        launcher.close();

        RunOutcome outcome = engine.submit(PROJECT, List.of(job.toJob()), StartMode.FRESH, DEADLINE).get(JobId.of(1));

        assertThat(outcome).isEqualTo(new RunOutcome.BackendRefused(JobId.of(1),
                "Job 1 could not be launched by the local engine."));
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMIT_FAIL);
        assertThat(stored(1).status().isStartable()).isTrue();
    }

    @Test
    void refusedJobsAreNotLaunched() {
        LocalJob running = add(1, JobStatus.JOB_RUNNING, true);

        engine.submit(PROJECT, List.of(running.toJob()), StartMode.FRESH, DEADLINE);

        assertThat(launcher.launches).isEmpty();
        assertThat(stored(1)).isEqualTo(running);
    }

    @Test
    void launchesThatWereInFlightWhenTheServiceStoppedAreResumed() {
        LocalJob interrupted = add(1, JobStatus.JOB_INIT, true)
                .submitting(StartMode.RESUME_FROM_LATEST_SAVEPOINT, SUBMITTED);
        catalogue.update(PROJECT, JobId.of(1), j -> interrupted);
        add(2, JobStatus.JOB_RUNNING, true);

        assertThat(engine.resumeInterruptedLaunches()).isEqualTo(1);

        assertThat(launcher.launches).singleElement().satisfies(launch -> {
            assertThat(launch.job().id()).isEqualTo(JobId.of(1));
            assertThat(launch.mode()).isEqualTo(StartMode.RESUME_FROM_LATEST_SAVEPOINT);
        });
        launcher.launches.get(0).running(RUNNING);
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING);
    }

    @Test
    void closingTheEngineClosesItsLauncher() {
        engine.close();
        assertThat(launcher.closed).isTrue();
    }
}
