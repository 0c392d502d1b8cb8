package dev.dlirun.adapters.client.local.model;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.dlirun.domain.model.JobStatus.JOB_CANCELING;
import static dev.dlirun.domain.model.JobStatus.JOB_CANCEL_SUCCESS;
import static dev.dlirun.domain.model.JobStatus.JOB_FINISH;
import static dev.dlirun.domain.model.JobStatus.JOB_INIT;
import static dev.dlirun.domain.model.JobStatus.JOB_RUNNING;
import static dev.dlirun.domain.model.JobStatus.JOB_RUNNING_EXCEPTION;
import static dev.dlirun.domain.model.JobStatus.JOB_SAVEPOINTING;
import static dev.dlirun.domain.model.JobStatus.JOB_SUBMITTING;
import static dev.dlirun.domain.model.JobStatus.JOB_SUBMIT_FAIL;
import static org.assertj.core.api.Assertions.assertThat;

/** The local engine's state machine: which events move a run from which status, and where to. */
class RunEventTest {

    private static final RuntimeJobId LAUNCH = RuntimeJobId.generate();
    private static final long NOW = 1_000;

    /** One of every event. */
    private static final List<RunEvent> EVERY_EVENT = List.of(
            new RunEvent.LaunchClaimed(LAUNCH, false, null), new RunEvent.StopClaimed(StopMode.CANCEL),
            new RunEvent.StopClaimed(StopMode.WITH_SAVEPOINT), new RunEvent.LaunchWaiting("w"),
            new RunEvent.LaunchFailed("f"), new RunEvent.StoppedBeforeLaunch(), new RunEvent.LaunchRecorded(LAUNCH),
            new RunEvent.RestartedFromCheckpoint(LAUNCH, "chk"), new RunEvent.TasksRunning(),
            new RunEvent.Failing("f"), new RunEvent.Failed(false, "f"), new RunEvent.CancellingOutside(),
            new RunEvent.Cancelled(), new RunEvent.Finished(), new RunEvent.Gone(RunEvent.LOST),
            new RunEvent.SavepointTaken("sp"), new RunEvent.TriggeredSavepointFailed("f"),
            new RunEvent.StoppedWithSavepoint("sp"), new RunEvent.StopWithSavepointFailed("f"),
            new RunEvent.SavepointImported("sp"), new RunEvent.Redefined());

    private static JobRun run(JobStatus status) {
        return new JobRun(status, "before", false, null, null, 0, false, LAUNCH, null, false);
    }

    @Test
    void anEventLeavesARunInAStatusItDoesNotLeaveAsItWas() {
        for (RunEvent event : EVERY_EVENT) {
            for (JobStatus status : JobStatus.values()) {
                Optional<JobRun> after = run(status).on(event, NOW);
                assertThat(after.isPresent()).as("%s from %s", event, status)
                        .isEqualTo(event.leaves().contains(status));
            }
        }
    }

    @Test
    void onlyTheStopsSavepointMovesAJobFromSavepointingToCancelSuccess() {
        Set<String> movers = EVERY_EVENT.stream()
                .filter(event -> run(JOB_SAVEPOINTING).on(event, NOW).map(JobRun::status)
                        .filter(status -> status == JOB_CANCEL_SUCCESS).isPresent())
                .map(event -> event.getClass().getSimpleName()).collect(Collectors.toSet());
        assertThat(movers).containsExactly("StoppedWithSavepoint");

        JobRun stopped = run(JOB_SAVEPOINTING).on(new RunEvent.StoppedWithSavepoint("file:/sp/1"), NOW).orElseThrow();
        assertThat(stopped.hasSavepoint()).isTrue();
        assertThat(stopped.savepointPath()).isEqualTo("file:/sp/1");
        assertThat(stopped.statusDesc()).isNull();
    }

    @Test
    void aStopWithASavepointIsClaimedOnlyOfARunningJobAndACancelOfAnyLiveOne() {
        assertThat(new RunEvent.StopClaimed(StopMode.WITH_SAVEPOINT).leaves()).containsExactly(JOB_RUNNING);
        assertThat(new RunEvent.StopClaimed(StopMode.CANCEL).leaves())
                .containsExactlyInAnyOrder(JOB_SUBMITTING, JOB_RUNNING, JOB_RUNNING_EXCEPTION);
        assertThat(run(JOB_RUNNING).on(new RunEvent.StopClaimed(StopMode.WITH_SAVEPOINT), NOW).orElseThrow().status())
                .isEqualTo(JOB_SAVEPOINTING);
        assertThat(run(JOB_SUBMITTING).on(new RunEvent.StopClaimed(StopMode.CANCEL), NOW).orElseThrow().status())
                .isEqualTo(JOB_CANCELING);
    }

    @Test
    void aJobBeingCancelledIsCancelledWhateverWayItsLaunchEnds() {
        for (RunEvent end : List.of(new RunEvent.Cancelled(), new RunEvent.Finished(), new RunEvent.Failed(true, "x"),
                new RunEvent.Gone(RunEvent.LOST))) {
            JobRun after = run(JOB_CANCELING).on(end, NOW).orElseThrow();
            assertThat(after.status()).as("%s", end).isEqualTo(JOB_CANCEL_SUCCESS);
        }
        assertThat(run(JOB_CANCELING).on(new RunEvent.Cancelled(), NOW).orElseThrow().statusDesc())
                .as("a stop keeps saying why, if it did").isEqualTo("before");
        assertThat(run(JOB_RUNNING).on(new RunEvent.Cancelled(), NOW).orElseThrow().statusDesc())
                .isEqualTo(RunEvent.CANCELLED_OUTSIDE);
    }

    @Test
    void aFailureBeforeRunningFailsTheSubmitAndOneAfterIsARunningException() {
        assertThat(run(JOB_SUBMITTING).on(new RunEvent.Failed(true, "parse"), NOW).orElseThrow())
                .extracting(JobRun::status, JobRun::statusDesc).containsExactly(JOB_SUBMIT_FAIL, "parse");
        assertThat(run(JOB_RUNNING).on(new RunEvent.Failed(false, "oom"), NOW).orElseThrow())
                .extracting(JobRun::status, JobRun::statusDesc).containsExactly(JOB_RUNNING_EXCEPTION, "oom");
        assertThat(run(JOB_RUNNING).on(new RunEvent.Failing("restarting"), NOW).orElseThrow().status())
                .isEqualTo(JOB_RUNNING_EXCEPTION);
        assertThat(run(JOB_RUNNING_EXCEPTION).on(new RunEvent.TasksRunning(), NOW).orElseThrow())
                .extracting(JobRun::status, JobRun::statusDesc).containsExactly(JOB_RUNNING, null);
    }

    @Test
    void aJobRunsOnlyOnceAllItsTasksRunAndThenHasAStartTime() {
        JobRun running = run(JOB_SUBMITTING).on(new RunEvent.TasksRunning(), NOW).orElseThrow();
        assertThat(running.status()).isEqualTo(JOB_RUNNING);
        assertThat(running.startTime()).isEqualTo(NOW);
        assertThat(run(JOB_SAVEPOINTING).on(new RunEvent.Finished(), NOW))
                .as("a job stopping with a savepoint is settled by its stop").isEmpty();
        assertThat(run(JOB_RUNNING).on(new RunEvent.Finished(), NOW).orElseThrow().status()).isEqualTo(JOB_FINISH);
    }

    @Test
    void aClaimMakesANewLaunchOfAStartableJobOnlyAndARestartFromACheckpointSaysSo() {
        RuntimeJobId next = RuntimeJobId.generate();
        assertThat(new RunEvent.LaunchClaimed(next, false, null).leaves())
                .allMatch(JobStatus::isStartable).contains(JOB_INIT, JOB_SUBMIT_FAIL, JOB_CANCEL_SUCCESS);
        JobRun claimed = run(JOB_FINISH).on(new RunEvent.LaunchClaimed(next, true, "file:/sp/1"), NOW).orElseThrow();
        assertThat(claimed).extracting(JobRun::status, JobRun::runtimeJobId, JobRun::resumedFromSavepoint,
                JobRun::restorePath).containsExactly(JOB_SUBMITTING, next, true, "file:/sp/1");
        assertThat(claimed.allowNonRestoredState()).as("dropping state was not asked for").isFalse();
        JobRun dropping = run(JOB_FINISH).on(new RunEvent.LaunchClaimed(next, true, "file:/sp/1", true), NOW)
                .orElseThrow();
        assertThat(dropping.allowNonRestoredState()).isTrue();
        assertThat(dropping.running(NOW + 1).allowNonRestoredState()).as("kept as the run goes on").isTrue();
        JobRun recorded = dropping.moved(JOB_SUBMITTING, null, NOW).on(new RunEvent.LaunchRecorded(next), NOW)
                .orElseThrow();
        assertThat(recorded.allowNonRestoredState()).as("kept by a launch recorded late").isTrue();

        JobRun restarted = run(JOB_RUNNING).on(new RunEvent.RestartedFromCheckpoint(next, "file:/chk-7"), NOW)
                .orElseThrow();
        assertThat(restarted).extracting(JobRun::status, JobRun::runtimeJobId, JobRun::restorePath,
                JobRun::statusDesc).containsExactly(JOB_SUBMITTING, next, "file:/chk-7",
                RunEvent.RESTARTED_FROM_CHECKPOINT);
    }

    @Test
    void aSavepointIsImportedOnlyIntoAJobThatIsNotActive() {
        Set<JobStatus> active = EnumSet.copyOf(JobRun.activeStatuses());
        assertThat(new RunEvent.SavepointImported("sp").leaves()).doesNotContainAnyElementsOf(active);
        assertThat(active).allMatch(status -> run(status).isActive());
        assertThat(run(JOB_FINISH).on(new RunEvent.SavepointImported("file:/sp/9"), NOW).orElseThrow())
                .extracting(JobRun::status, JobRun::savepointPath, JobRun::statusDesc)
                .containsExactly(JOB_FINISH, "file:/sp/9", "before");
    }
}
