package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.WatchedCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.model.UpgradeRecord;
import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeRequest;
import dev.dlirun.domain.upgrade.UpgradeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one-call upgrade on the scripted runtime: refused with nothing changed, succeeded, rolled back after a failure
 * or a timeout, the catalogue's row after each step, and a service killed in the middle of each path (a new engine on
 * the same catalogue and runtime, the old one dropped unclosed, as {@code kill -9} leaves it) ending the same.
 */
class UpgradesTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(7);
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final EngineSettings FAST = new EngineSettings(Duration.ofMillis(5), 2, Duration.ofSeconds(5), 2);
    private static final JobDefinition COUNTS = JobDefinition.sql("counts", JobType.FLINK_OPENSOURCE_SQL_JOB,
            "INSERT INTO out SELECT k, COUNT(*) FROM s GROUP BY k",
            JobConfig.builder().checkpointEnabled(true).build());
    private static final String NEW_SQL = "INSERT INTO out SELECT k, COUNT(*) FROM s WHERE k <> '' GROUP BY k";
    private static final JobFields CHANGE = JobFields.parse(Map.of("sql_body", NEW_SQL));
    private static final String SAVEPOINT = "file:/sp/p1/7/savepoint-1";

    /** A clock the test moves: the upgrades' timeouts are read from it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
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

    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private final MovableClock clock = new MovableClock();
    private final List<LocalJobEngine> engines = new ArrayList<>();
    private JobCatalogue catalogue = new InMemoryJobCatalogue();
    private ManualTimer timer = new ManualTimer();
    private LocalJobEngine engine;
    private final RuntimeJobId running = RuntimeJobId.generate();

    /** Job 7 counting by key, running as {@link #running} with a completed checkpoint, on a remote runtime. */
    private void aRunningJob() {
        runtime.stateVerdict = StateVerdict.compatible("All 3 operators' state maps.");
        runtime.outlivesTheService = true;
        catalogue.addIfAbsent(LocalJob.created(PROJECT, ID, COUNTS, JobStatus.JOB_INIT, false, null,
                TestJobs.CREATED));
        catalogue.update(PROJECT, ID, job -> job.with(TestJobs.running(TestJobs.launching(job.run(), running,
                false, null, null, 1), 2)));
        runtime.report(running, ObservedJob.State.RUNNING);
        runtime.checkpoints.put(running, "file:/chk/p1/7/" + running + "/chk-3");
    }

    private LocalJobEngine started() {
        engine = new LocalJobEngine(new WatchedCatalogue(catalogue, job -> runtime.changes.signal(),
                job -> runtime.changes.signal()), runtime, clock, FAST, timer);
        engines.add(engine);
        engine.start();
        return engine;
    }

    /** Drops the engine as a kill leaves it (unclosed, its timer never turned again), and starts another. */
    private void killedAndRestarted() {
        timer = new ManualTimer();
        started();
    }

    @AfterEach
    void close() {
        engines.forEach(LocalJobEngine::close);
        if (catalogue instanceof JdbcJobCatalogue jdbc) {
            jdbc.close();
        }
    }

    private void eventually(Runnable assertion) throws InterruptedException {
        runtime.untilHolds(timer, assertion);
    }

    private LocalJob job() {
        return catalogue.find(PROJECT, ID).orElseThrow();
    }

    private UpgradeRecord row(JobUpgrade upgrade) {
        return catalogue.upgrades().find(PROJECT, upgrade.id()).orElseThrow();
    }

    private Launch launchOf(RuntimeJobId launch) {
        return runtime.launches.stream().filter(l -> l.runtimeJobId().equals(launch)).findFirst().orElseThrow();
    }

    /** Starts the upgrade to {@link #CHANGE} and lets it run until the job is stopping with its savepoint. */
    private JobUpgrade upgradedUntilSavepointing(UpgradeRequest request) throws InterruptedException {
        JobUpgrade upgrade = engine.startUpgrade(PROJECT, ID, request, DEADLINE);
        assertThat(upgrade.status()).isEqualTo(UpgradeStatus.CHECKING);
        assertThat(row(upgrade).status()).as("recorded before anything is done").isEqualTo(UpgradeStatus.CHECKING);
        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_SAVEPOINTING));
        UpgradeRecord stopping = row(upgrade);
        assertThat(stopping.status()).isEqualTo(UpgradeStatus.STOPPING);
        assertThat(stopping.verdict()).isEqualTo(runtime.stateVerdict);
        assertThat(stopping.replaced()).isEqualTo(running);
        assertThat(stopping.stopAsked()).isTrue();
        assertThat(runtime.stateChecks).singleElement().satisfies(check -> {
            assertThat(check.restorePath()).isEqualTo("file:/chk/p1/7/" + running + "/chk-3");
            assertThat(check.candidate().sqlBody()).contains(NEW_SQL);
            assertThat(check.writer()).contains(COUNTS);
        });
        return upgrade;
    }

    /** Completes the stop's savepoint and lets the upgrade run until the new version is launched from it. */
    private RuntimeJobId savepointTakenAndNewVersionLaunched(JobUpgrade upgrade) throws InterruptedException {
        runtime.stops.get(row(upgrade).replaced()).complete(SAVEPOINT);
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.VERIFYING));
        RuntimeJobId launched = row(upgrade).newLaunch();
        eventually(() -> assertThat(runtime.launches).anyMatch(l -> l.runtimeJobId().equals(launched)));
        assertThat(launchOf(launched).restorePath()).contains(SAVEPOINT);
        assertThat(launchOf(launched).definition().sqlBody()).contains(NEW_SQL);
        assertThat(row(upgrade).savepoint()).isEqualTo(SAVEPOINT);
        assertThat(job().definition().sqlBody()).contains(NEW_SQL);
        assertThat(job().isLaunch(launched)).isTrue();
        return launched;
    }

    @Test
    void anIncompatibleNewVersionIsRefusedAndNothingChanges() throws Exception {
        aRunningJob();
        started();
        runtime.stateVerdict = StateVerdict.incompatible("The state would mean something else.", List.of(
                new StateVerdict.OperatorNote("20ba6b65", "GroupAggregate(groupBy=[v])", "written for groupBy=[k]")));

        JobUpgrade upgrade = engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE);
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.REFUSED));

        JobUpgrade refused = engine.findUpgrade(PROJECT, ID, upgrade.id(), DEADLINE).orElseThrow();
        assertThat(refused.verdict()).contains(runtime.stateVerdict);
        assertThat(refused.why()).contains(runtime.stateVerdict.describe() + " Nothing was changed.");
        assertThat(refused.from().asMap()).containsEntry(dev.dlirun.domain.model.JobField.SQL_BODY,
                COUNTS.sqlBody().orElseThrow());
        assertThat(refused.to().asMap()).containsEntry(dev.dlirun.domain.model.JobField.SQL_BODY, NEW_SQL);
        assertThat(job().status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(job().isLaunch(running)).isTrue();
        assertThat(job().definition()).isEqualTo(COUNTS);
        assertThat(runtime.stops).isEmpty();
        assertThat(runtime.launches).isEmpty();
    }

    @Test
    void droppingStateIsRefusedUnlessAllowedAndAJobWithoutACheckpointIsRefused() throws Exception {
        aRunningJob();
        started();
        runtime.stateVerdict = StateVerdict.dropsState("Flink would drop 1 operator's state.", List.of());
        JobUpgrade refused = engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE);
        eventually(() -> assertThat(row(refused).status()).isEqualTo(UpgradeStatus.REFUSED));
        assertThat(row(refused).why()).contains("allow_non_restored_state: true");

        runtime.checkpoints.clear();
        JobUpgrade noCheckpoint = engine.startUpgrade(PROJECT, ID, new UpgradeRequest(CHANGE, Duration.ofSeconds(60),
                true), DEADLINE);
        eventually(() -> assertThat(row(noCheckpoint).status()).isEqualTo(UpgradeStatus.REFUSED));
        assertThat(row(noCheckpoint).why()).contains("has no completed checkpoint");
        assertThat(job().status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(runtime.stops).isEmpty();
    }

    @Test
    void anUpgradeIsAskedOfARunningJobOnlyOneAtATimeOnARuntimeThatKeepsState() throws Exception {
        aRunningJob();
        started();
        assertThatThrownBy(() -> engine.startUpgrade(PROJECT, JobId.of(8), UpgradeRequest.to(CHANGE), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(JobFields.parse(Map.of(
                "sql_body", COUNTS.sqlBody().orElseThrow()))), DEADLINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("changes nothing of job 7");
        JobUpgrade first = engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE);

        assertThatThrownBy(() -> engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessage("Job 7 is being upgraded already (upgrade " + first.id() + " is checking); upgrade it "
                        + "again once that one has settled.");
        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_SAVEPOINTING));
        assertThatThrownBy(() -> engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class);
        assertThat(engine.findUpgrade(PROJECT, JobId.of(8), first.id(), DEADLINE)).as("another job's").isEmpty();
        assertThat(engine.findUpgrade(PROJECT, ID, UpgradeId.generate(), DEADLINE)).isEmpty();

        catalogue.update(PROJECT, ID, job -> TestJobs.inStatus(job, JobStatus.JOB_CANCEL_SUCCESS));
        assertThatThrownBy(() -> engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessage("Job 7 cannot be upgraded in status job_cancel_success; only a running job can.");
        runtime.stateVerdict = null;
        assertThatThrownBy(() -> engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("cannot check a new version");
    }

    @Test
    void aCompatibleNewVersionRunsFromTheSavepointAndSucceedsOnceItRunsAndCheckpointed() throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));
        CompletableFuture<JobUpgrade> waiting = engine.awaitUpgrade(PROJECT, ID, upgrade.id(), Duration.ofMinutes(1))
                .toCompletableFuture();

        RuntimeJobId launched = savepointTakenAndNewVersionLaunched(upgrade);
        runtime.report(launched, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_RUNNING));
        timer.run(3);
        assertThat(row(upgrade).status()).as("running, but no checkpoint yet").isEqualTo(UpgradeStatus.VERIFYING);
        assertThat(waiting).isNotDone();

        runtime.checkpoints.put(launched, "file:/chk/p1/7/" + launched + "/chk-1");
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.SUCCEEDED));
        assertThat(waiting.get(5, TimeUnit.SECONDS).status()).isEqualTo(UpgradeStatus.SUCCEEDED);
        assertThat(waiting.get().savepoint()).contains(SAVEPOINT);
        assertThat(job().definition().sqlBody()).contains(NEW_SQL);
        assertThat(runtime.launches).hasSize(1);
        assertThat(engine.awaitUpgrade(PROJECT, ID, upgrade.id(), Duration.ofMinutes(1)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).status()).as("a settled upgrade answers at once")
                .isEqualTo(UpgradeStatus.SUCCEEDED);
    }

    @Test
    void aNewVersionThatFailsIsRolledBackToThePreviousFromTheSameSavepoint() throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));
        RuntimeJobId launched = savepointTakenAndNewVersionLaunched(upgrade);

        runtime.failures.put(launched, new Failure("NumberFormatException: For input string: \"x\"", false));
        runtime.report(launched, ObservedJob.State.FAILED);
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.ROLLING_BACK));
        RuntimeJobId back = row(upgrade).rollbackLaunch();
        assertThat(back).isNotNull().isNotEqualTo(launched);
        eventually(() -> assertThat(runtime.launches).anyMatch(l -> l.runtimeJobId().equals(back)));

        assertThat(launchOf(back).restorePath()).contains(SAVEPOINT);
        assertThat(launchOf(back).definition()).isEqualTo(COUNTS);
        assertThat(job().definition()).isEqualTo(COUNTS);
        runtime.report(back, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.ROLLED_BACK));
        assertThat(row(upgrade).why()).startsWith("The new version failed (job_")
                .contains("NumberFormatException").endsWith("The previous version runs again, from " + SAVEPOINT + ".");
        assertThat(job().status()).isEqualTo(JobStatus.JOB_RUNNING);
    }

    @Test
    void aNewVersionThatDoesNotRunWithinTheTimeoutIsCancelledAndRolledBack() throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(new UpgradeRequest(CHANGE, Duration.ofSeconds(30), false));
        RuntimeJobId launched = savepointTakenAndNewVersionLaunched(upgrade);
        timer.run(3);
        assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.VERIFYING);

        clock.advance(Duration.ofSeconds(31));
        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_CANCELING));
        assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.ROLLING_BACK);
        assertThat(row(upgrade).why()).isEqualTo("The new version did not get all its tasks running within 30 s.");
        eventually(() -> assertThat(runtime.cancelledWhileKnown).contains(launched));
        runtime.report(launched, ObservedJob.State.CANCELED);
        RuntimeJobId back = row(upgrade).rollbackLaunch();
        eventually(() -> assertThat(runtime.launches).anyMatch(l -> l.runtimeJobId().equals(back)));
        assertThat(launchOf(back).restorePath()).contains(SAVEPOINT);
        runtime.report(back, ObservedJob.State.RUNNING);

        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.ROLLED_BACK));
        assertThat(job().definition()).isEqualTo(COUNTS);
    }

    @Test
    void aSavepointThatFailsLeavesThePreviousVersionRunningAndTheUpgradeFailed() throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));

        runtime.stops.get(running).completeExceptionally(new IllegalStateException("the disk is full"));

        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.FAILED));
        assertThat(row(upgrade).why()).contains("the disk is full")
                .endsWith("The upgrade changed nothing: the previous version runs on.");
        assertThat(job().status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(job().isLaunch(running)).isTrue();
        assertThat(job().definition()).isEqualTo(COUNTS);
        assertThat(runtime.launches).isEmpty();
    }

    @Test
    void aServiceKilledWhileTheSavepointIsTakenStopsTheJobAgainAfterItsRestartAndSucceeds() throws Exception {
        catalogue = JdbcJobCatalogue.inMemory();
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));
        // The killed service's savepoint never reports back.
        runtime.stops.remove(running);

        killedAndRestarted();

        eventually(() -> assertThat(runtime.stops).containsKey(running));
        assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.STOPPING);
        RuntimeJobId launched = savepointTakenAndNewVersionLaunched(upgrade);
        runtime.report(launched, ObservedJob.State.RUNNING);
        runtime.checkpoints.put(launched, "file:/chk/p1/7/" + launched + "/chk-1");
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.SUCCEEDED));
        assertThat(runtime.launches).hasSize(1);
    }

    @Test
    void aServiceKilledWhileTheNewVersionIsVerifiedTakesItUpAndSucceeds() throws Exception {
        catalogue = JdbcJobCatalogue.inMemory();
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(new UpgradeRequest(CHANGE, Duration.ofSeconds(30), false));
        RuntimeJobId launched = savepointTakenAndNewVersionLaunched(upgrade);
        runtime.report(launched, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_RUNNING));

        clock.advance(Duration.ofMinutes(5));
        killedAndRestarted();
        timer.run(3);
        assertThat(row(upgrade).status()).as("the time the service was down counts for nothing")
                .isEqualTo(UpgradeStatus.VERIFYING);
        runtime.checkpoints.put(launched, "file:/chk/p1/7/" + launched + "/chk-1");

        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.SUCCEEDED));
        assertThat(runtime.launches).hasSize(1);
    }

    @Test
    void aServiceKilledWhileTheNewVersionIsCancelledRollsBackAfterItsRestart() throws Exception {
        catalogue = JdbcJobCatalogue.inMemory();
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(new UpgradeRequest(CHANGE, Duration.ofSeconds(30), false));
        RuntimeJobId launched = savepointTakenAndNewVersionLaunched(upgrade);
        clock.advance(Duration.ofSeconds(31));
        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_CANCELING));
        RuntimeJobId back = row(upgrade).rollbackLaunch();

        killedAndRestarted();

        runtime.report(launched, ObservedJob.State.CANCELED);
        eventually(() -> assertThat(runtime.launches).anyMatch(l -> l.runtimeJobId().equals(back)));
        assertThat(launchOf(back).restorePath()).contains(SAVEPOINT);
        assertThat(launchOf(back).definition()).isEqualTo(COUNTS);
        runtime.report(back, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.ROLLED_BACK));
        assertThat(job().definition()).isEqualTo(COUNTS);
        assertThat(runtime.launches).extracting(Launch::runtimeJobId).containsExactly(launched, back);
    }

    @Test
    void theRowKeepsBothDefinitionsTheVerdictAndEveryStepThroughTheDatabase() throws Exception {
        catalogue = JdbcJobCatalogue.inMemory();
        aRunningJob();
        started();
        runtime.stateVerdict = StateVerdict.incompatible("no", List.of(new StateVerdict.OperatorNote("20ba",
                "GroupAggregate", "other key")));
        JobUpgrade upgrade = engine.startUpgrade(PROJECT, ID, new UpgradeRequest(CHANGE, Duration.ofSeconds(45),
                true), DEADLINE);
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.REFUSED));

        UpgradeRecord stored = row(upgrade);
        assertThat(stored.previous()).isEqualTo(COUNTS);
        assertThat(stored.candidate()).isEqualTo(COUNTS.updatedWith(CHANGE));
        assertThat(stored.verdict()).isEqualTo(runtime.stateVerdict);
        assertThat(stored.timeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(stored.allowNonRestoredState()).isTrue();
        assertThat(stored.replaced()).isEqualTo(running);
        assertThat(catalogue.upgrades().latest(PROJECT, ID)).contains(stored);
        assertThat(engine.latestUpgrade(PROJECT, ID, DEADLINE)).contains(stored.toUpgrade());
        assertThat(engine.latestUpgrade(PROJECT, JobId.of(8), DEADLINE)).isEmpty();
        assertThat(catalogue.upgrades().unsettled()).isEmpty();
        assertThat(catalogue.upgrades().find(ProjectId.of("p2"), upgrade.id())).isEmpty();
        Optional<JobUpgrade> shown = engine.findUpgrade(PROJECT, ID, upgrade.id(), DEADLINE);
        assertThat(shown.orElseThrow().created()).isEqualTo(clock.instant());
    }

    @Test
    void onARuntimeWhoseJobsStopWithTheServiceAKillWhileTheSavepointIsTakenRestoresTheLatestCheckpoint()
            throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));
        // The service and the jobs it ran stop together: its runtime has nothing after the restart.
        runtime.outlivesTheService = false;
        runtime.stops.remove(running);
        runtime.reported.remove(running);

        killedAndRestarted();

        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.VERIFYING));
        RuntimeJobId launched = row(upgrade).newLaunch();
        String checkpoint = "file:/chk/p1/7/" + running + "/chk-3";
        assertThat(row(upgrade).savepoint()).isEqualTo(checkpoint);
        assertThat(row(upgrade).why()).contains("its latest checkpoint is restored instead");
        eventually(() -> assertThat(runtime.launches).anyMatch(l -> l.runtimeJobId().equals(launched)));
        assertThat(launchOf(launched).restorePath()).contains(checkpoint);
        assertThat(launchOf(launched).definition().sqlBody()).contains(NEW_SQL);
        runtime.report(launched, ObservedJob.State.RUNNING);
        runtime.checkpoints.put(launched, "file:/chk/p1/7/" + launched + "/chk-1");
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.SUCCEEDED));
        assertThat(runtime.launches).hasSize(1);
    }

    @Test
    void onARuntimeWhoseJobsStopWithTheServiceAKillBeforeTheNewVersionCheckpointedStartsItAgainFromTheSavepoint()
            throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));
        RuntimeJobId first = savepointTakenAndNewVersionLaunched(upgrade);
        runtime.report(first, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_RUNNING));
        runtime.outlivesTheService = false;
        runtime.reported.remove(first);

        killedAndRestarted();

        eventually(() -> assertThat(runtime.launches).hasSize(2));
        RuntimeJobId again = runtime.lastLaunch();
        assertThat(again).isNotEqualTo(first);
        assertThat(launchOf(again).restorePath()).contains(SAVEPOINT);
        assertThat(launchOf(again).definition().sqlBody()).contains(NEW_SQL);
        runtime.report(again, ObservedJob.State.RUNNING);
        runtime.checkpoints.put(again, "file:/chk/p1/7/" + again + "/chk-1");
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.SUCCEEDED));
        assertThat(row(upgrade).newLaunch()).isEqualTo(again);
    }

    @Test
    void aServiceKilledBetweenRecordingTheStopAndAskingForItAsksForItAfterItsRestart() throws Exception {
        catalogue = JdbcJobCatalogue.inMemory();
        aRunningJob();
        LocalJob job = job();
        UpgradeRecord recorded = UpgradeRecord.begun(UpgradeId.generate(), job, COUNTS.updatedWith(CHANGE),
                Duration.ofSeconds(60), false, clock.millis()).withVerdict(runtime.stateVerdict)
                .stopping(running, true).moved(UpgradeStatus.STOPPING, null, clock.millis());
        catalogue.upgrades().save(recorded);

        started();

        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_SAVEPOINTING));
        assertThat(catalogue.upgrades().find(PROJECT, recorded.id()).orElseThrow().status())
                .isEqualTo(UpgradeStatus.STOPPING);
        runtime.stops.get(running).complete(SAVEPOINT);
        eventually(() -> assertThat(catalogue.upgrades().find(PROJECT, recorded.id()).orElseThrow().status())
                .isEqualTo(UpgradeStatus.VERIFYING));
        assertThat(runtime.stateChecks).as("checked before the kill, not again").isEmpty();
    }

    @Test
    void aWaitThatRunsOutAnswersTheUpgradeAsItIsAndAnUpgradeNotOfTheJobIsNotFound() throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = engine.startUpgrade(PROJECT, ID, UpgradeRequest.to(CHANGE), DEADLINE);

        JobUpgrade asItIs = engine.awaitUpgrade(PROJECT, ID, upgrade.id(), Duration.ofMillis(50))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        JobUpgrade atOnce = engine.awaitUpgrade(PROJECT, ID, upgrade.id(), Duration.ZERO)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(asItIs.status()).isEqualTo(UpgradeStatus.CHECKING);
        assertThat(atOnce.id()).isEqualTo(upgrade.id());
        assertThat(engine.awaitUpgrade(PROJECT, JobId.of(8), upgrade.id(), Duration.ofSeconds(1))
                .toCompletableFuture()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(
                java.util.concurrent.ExecutionException.class).withCauseInstanceOf(JobNotFoundException.class);
    }

    @Test
    void aJobDeletedDuringItsUpgradeEndsItFailed() throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));

        engine.delete(PROJECT, List.of(ID), DEADLINE);

        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.FAILED));
        assertThat(row(upgrade).why()).isEqualTo("Job 7 was deleted during its upgrade.");
        assertThat(runtime.launches).isEmpty();
    }

    @Test
    void aJobCancelledByItsOwnerWhileItsSavepointIsTakenEndsTheUpgradeFailedWithNothingChangedAndNothingStarted() throws Exception {
        aRunningJob();
        started();
        JobUpgrade upgrade = upgradedUntilSavepointing(UpgradeRequest.to(CHANGE));

        runtime.report(running, ObservedJob.State.CANCELED);
        runtime.stops.get(running).completeExceptionally(new IllegalStateException("the job was cancelled"));

        eventually(() -> assertThat(job().status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        eventually(() -> assertThat(row(upgrade).status()).isEqualTo(UpgradeStatus.FAILED));
        assertThat(row(upgrade).why()).endsWith("changed nothing.");
        assertThat(job().definition()).isEqualTo(COUNTS);
        assertThat(runtime.launches).isEmpty();
    }

    @Test
    void aJobFoundCancelledWithoutTheUpgradesSavepointEndsItFailedAndIsNotStarted() throws Exception {
        aRunningJob();
        UpgradeRecord recorded = UpgradeRecord.begun(UpgradeId.generate(), job(), COUNTS.updatedWith(CHANGE),
                Duration.ofSeconds(60), false, clock.millis()).withVerdict(runtime.stateVerdict)
                .stopping(running, true).moved(UpgradeStatus.STOPPING, null, clock.millis());
        catalogue.upgrades().save(recorded);
        catalogue.update(PROJECT, ID, job -> TestJobs.inStatus(job, JobStatus.JOB_CANCEL_SUCCESS));
        runtime.reported.remove(running);

        started();

        eventually(() -> assertThat(catalogue.upgrades().find(PROJECT, recorded.id()).orElseThrow().status())
                .isEqualTo(UpgradeStatus.FAILED));
        assertThat(catalogue.upgrades().find(PROJECT, recorded.id()).orElseThrow().why())
                .isEqualTo("Job 7 stopped without the upgrade's savepoint (job_cancel_success); the upgrade changed "
                        + "nothing.");
        assertThat(job().definition()).isEqualTo(COUNTS);
        assertThat(runtime.launches).isEmpty();
    }
}
