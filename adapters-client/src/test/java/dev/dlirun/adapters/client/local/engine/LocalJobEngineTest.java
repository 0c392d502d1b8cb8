package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.WatchedCatalogue;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.model.TestJobs;

import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.wait.Settling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class LocalJobEngineTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final EngineSettings FAST = new EngineSettings(Duration.ofMillis(5), 2, Duration.ofSeconds(5), 2);

    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    /** The observer's rounds come when the test turns this. */
    private final ManualTimer timer = new ManualTimer();
    private LocalJobEngine engine;

    @Test
    void aTriggeredSavepointBecomesTheJobsSavepointAndTheJobRunsOn(@TempDir Path storage) throws Exception {
        runtime.storage = storage.toUri();
        add(1, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);
        assertThatThrownBy(() -> engine.triggerSavepoint(PROJECT, JobId.of(1), Optional.empty(), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessage("Job 1 cannot take a savepoint in status job_submitting; only a running job can.");
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));

        engine.triggerSavepoint(PROJECT, JobId.of(1), Optional.empty(), DEADLINE);
        assertThat(runtime.triggeredInto.get(launch)).isEqualTo(storage.toUri().resolve("p1/1/"));
        runtime.triggers.get(launch).complete("file:/sp/p1/1/savepoint-t1");

        eventually(() -> assertThat(stored(1).savepointPath()).isEqualTo("file:/sp/p1/1/savepoint-t1"));
        assertThat(stored(1).hasSavepoint()).isTrue();
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(catalogue.savepoints(PROJECT, JobId.of(1))).singleElement()
                .satisfies(record -> {
                    assertThat(record.origin()).isEqualTo(SavepointRecord.Origin.TRIGGER);
                    assertThat(record.runtimeVersion()).isEqualTo("scripted 1.0");
                });
        assertThatThrownBy(() -> engine.triggerSavepoint(PROJECT, JobId.of(7), Optional.empty(), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void aTriggeredSavepointThatFailsLeavesTheSavepointPathAndSaysWhy(@TempDir Path storage) throws Exception {
        runtime.storage = storage.toUri();
        add(1, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));

        engine.triggerSavepoint(PROJECT, JobId.of(1), Optional.of("before-upgrade"), DEADLINE);
        assertThat(runtime.triggeredInto.get(launch)).isEqualTo(storage.toUri().resolve("p1/before-upgrade"));
        runtime.triggers.get(launch).completeExceptionally(new java.util.concurrent.TimeoutException());

        eventually(() -> assertThat(stored(1).run().statusDesc()).contains("failed (it did not complete within "
                + "--savepoint-timeout PT5S); the job runs on, its savepoint path unchanged."));
        assertThat(stored(1).hasSavepoint()).isFalse();
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING);
    }

    @Test
    void aSavepointIsImportedOnlyFromThisProjectsDirectoryAndOnlyIntoAStoppedJob(@TempDir Path storage)
            throws Exception {
        runtime.storage = storage.toUri();
        Path savepoint = Files.createDirectories(storage.resolve("p1/2/savepoint-abc"));
        Files.writeString(savepoint.resolve("_metadata"), "metadata");
        Path incomplete = Files.createDirectories(storage.resolve("p1/2/savepoint-half"));
        Files.createDirectories(storage.resolve("p2/9/savepoint-other"));
        add(1, JobStatus.JOB_CANCEL_SUCCESS, false);
        add(3, JobStatus.JOB_RUNNING, false);
        started();

        engine.importSavepoint(PROJECT, JobId.of(1), "2/savepoint-abc", DEADLINE);

        assertThat(stored(1).hasSavepoint()).isTrue();
        assertThat(stored(1).savepointPath()).isEqualTo(savepoint.toRealPath().toUri().toString().replaceAll("/$", ""));
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS);
        assertThat(catalogue.savepoints(PROJECT, JobId.of(1))).extracting(SavepointRecord::origin)
                .containsExactly(SavepointRecord.Origin.IMPORT);
        assertThatThrownBy(() -> engine.importSavepoint(PROJECT, JobId.of(1), incomplete.toString(), DEADLINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("_metadata");
        // Each refused for where it lies, not for lacking a _metadata file (the other project's savepoint has one).
        Files.writeString(storage.resolve("p2/9/savepoint-other/_metadata"), "metadata");
        for (String elsewhere : new String[]{"../p2/9/savepoint-other", storage.resolve("p2/9/savepoint-other")
                .toString(), "file:///etc", "/etc/passwd", "2/../../p2/9/savepoint-other",
                storage.toUri() + "p1/%2e%2e/p2/9/savepoint-other"}) {
            assertThatThrownBy(() -> engine.importSavepoint(PROJECT, JobId.of(1), elsewhere, DEADLINE))
                    .as(elsewhere).isInstanceOf(InvalidInputException.class)
                    .hasMessage("savepoint_path must lie in this project's savepoint directory.");
        }
        assertThatThrownBy(() -> engine.importSavepoint(PROJECT, JobId.of(1), "", DEADLINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 to 1024 characters");
        assertThatThrownBy(() -> engine.importSavepoint(PROJECT, JobId.of(3), "2/savepoint-abc", DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageStartingWith("Job 3 cannot import a savepoint in status job_running")
                .hasMessageEndingWith("; stop it first.");
        assertThatThrownBy(() -> engine.importSavepoint(PROJECT, JobId.of(4), "2/savepoint-abc", DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
        assertThat(stored(1).savepointPath()).isEqualTo(savepoint.toRealPath().toUri().toString().replaceAll("/$", ""));
    }

    @Test
    void aSymbolicLinkOutOfTheProjectsDirectoryIsRefused(@TempDir Path storage, @TempDir Path outside)
            throws Exception {
        runtime.storage = storage.toUri();
        Files.writeString(Files.createDirectories(outside.resolve("sp")).resolve("_metadata"), "metadata");
        Files.createDirectories(storage.resolve("p1"));
        Files.createSymbolicLink(storage.resolve("p1/link"), outside);
        add(1, JobStatus.JOB_CANCEL_SUCCESS, false);
        started();

        assertThatThrownBy(() -> engine.importSavepoint(PROJECT, JobId.of(1), "link/sp", DEADLINE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("savepoint_path must lie in this project's savepoint directory.");
        assertThat(stored(1).hasSavepoint()).isFalse();
    }

    @Test
    void onlyTheNewestSavepointsTheServiceTookAreKeptNeverTheCurrentOneNorAnImportedOne(@TempDir Path storage)
            throws Exception {
        runtime.storage = storage.toUri();
        add(1, JobStatus.JOB_INIT, false);
        started();
        catalogue.recordSavepoint(new SavepointRecord(PROJECT, JobId.of(1), "file:/imported", 1,
                SavepointRecord.Origin.IMPORT, "x", 0));
        for (int i = 1; i <= 4; i++) {
            RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);
            runtime.report(launch, ObservedJob.State.RUNNING);
            eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
            assertThat(stop(true, 1).get(JobId.of(1)).delivered()).isTrue();
            Thread.sleep(2);
            runtime.stops.get(launch).complete("file:/sp/" + i);
            eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        }

        // Two kept (FAST keeps 2): the newest, which is also the current one, and the one before it.
        assertThat(stored(1).savepointPath()).isEqualTo("file:/sp/4");
        assertThat(catalogue.savepoints(PROJECT, JobId.of(1))).extracting(SavepointRecord::path)
                .containsExactly("file:/sp/4", "file:/sp/3", "file:/imported");
        assertThat(runtime.deleted).containsExactly("file:/sp/1", "file:/sp/2");
    }

    @Test
    void theHistoryListsTheJobsSavepointsNewestFirstWithTheOneItRestoresAsCurrent(@TempDir Path storage)
            throws Exception {
        runtime.storage = storage.toUri();
        Path elsewhere = Files.createDirectories(storage.resolve("p1/2/savepoint-abc"));
        Files.writeString(elsewhere.resolve("_metadata"), "metadata");
        add(1, JobStatus.JOB_INIT, false);
        started();
        assertThat(engine.history(PROJECT, JobId.of(1), DEADLINE))
                .isEqualTo(new JobSavepoints(JobId.of(1), Optional.empty(), List.of()));

        RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
        engine.triggerSavepoint(PROJECT, JobId.of(1), Optional.empty(), DEADLINE);
        runtime.triggers.get(launch).complete("file:/sp/p1/1/savepoint-t1");
        eventually(() -> assertThat(stored(1).savepointPath()).isEqualTo("file:/sp/p1/1/savepoint-t1"));
        Thread.sleep(2);
        assertThat(stop(true, 1).get(JobId.of(1)).delivered()).isTrue();
        runtime.stops.get(launch).complete("file:/sp/p1/1/savepoint-s1");
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));

        JobSavepoints afterTheStop = engine.history(PROJECT, JobId.of(1), DEADLINE);
        assertThat(afterTheStop.savepoints()).extracting(JobSavepoints.Savepoint::path, JobSavepoints.Savepoint::origin)
                .containsExactly(tuple("file:/sp/p1/1/savepoint-s1", JobSavepoints.Origin.STOP),
                        tuple("file:/sp/p1/1/savepoint-t1", JobSavepoints.Origin.TRIGGER));
        assertThat(afterTheStop.savepoints()).filteredOn(afterTheStop::isCurrent)
                .extracting(JobSavepoints.Savepoint::path).containsExactly("file:/sp/p1/1/savepoint-s1");

        Thread.sleep(2);
        engine.importSavepoint(PROJECT, JobId.of(1), "2/savepoint-abc", DEADLINE);
        JobSavepoints afterTheImport = engine.history(PROJECT, JobId.of(1), DEADLINE);
        assertThat(afterTheImport.current()).contains(stored(1).savepointPath());
        assertThat(afterTheImport.savepoints()).extracting(JobSavepoints.Savepoint::path, JobSavepoints.Savepoint::origin)
                .containsExactly(tuple(stored(1).savepointPath(), JobSavepoints.Origin.IMPORT),
                        tuple("file:/sp/p1/1/savepoint-s1", JobSavepoints.Origin.STOP),
                        tuple("file:/sp/p1/1/savepoint-t1", JobSavepoints.Origin.TRIGGER));
        assertThat(afterTheImport.savepoints()).filteredOn(afterTheImport::isCurrent)
                .extracting(JobSavepoints.Savepoint::origin).containsExactly(JobSavepoints.Origin.IMPORT);
        assertThat(afterTheImport.savepoints().get(0).takenAt())
                .isGreaterThan(afterTheImport.savepoints().get(1).takenAt());

        // Another project's job of the same id, or none: not found, as every per-job operation answers.
        assertThatThrownBy(() -> engine.history(ProjectId.of("p2"), JobId.of(1), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> engine.history(PROJECT, JobId.of(9), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void aWaitEndsWhenTheLastJobSettlesWithEveryJobsStateThen() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        add(2, JobStatus.JOB_INIT, false);
        add(3, JobStatus.JOB_RUNNING, false);
        started();
        RuntimeJobId one = runUntilLaunched(1, StartMode.FRESH);
        RuntimeJobId two = runUntilLaunched(2, StartMode.FRESH);

        var waited = engine.awaitSettled(PROJECT, List.of(JobId.of(1), JobId.of(2), JobId.of(3), JobId.of(9)),
                List.of(JobId.of(1), JobId.of(2)), Settling.AFTER_RUN, Duration.ofSeconds(30)).toCompletableFuture();
        runtime.report(one, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
        timer.run(3);
        assertThat(waited).as("job 2 is still starting").isNotDone();
        runtime.failures.put(two, new Failure("SQL parse failed.", true));
        runtime.report(two, ObservedJob.State.FAILED);

        eventually(() -> assertThat(waited).isDone());
        var states = waited.get();
        assertThat(states.get(JobId.of(1)).status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(states.get(JobId.of(2)).status()).isEqualTo(JobStatus.JOB_SUBMIT_FAIL);
        assertThat(states.get(JobId.of(2)).statusDesc()).contains("SQL parse failed.");
        assertThat(states.get(JobId.of(3)).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
        assertThat(states).doesNotContainKey(JobId.of(9));
    }

    @Test
    void aWaitThatRunsOutAnswersTheStatesAsTheyAreAndOneWithNothingToWaitForAnswersAtOnce() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        started();
        runUntilLaunched(1, StartMode.FRESH);

        long start = System.nanoTime();
        var states = engine.awaitSettled(PROJECT, List.of(JobId.of(1)), List.of(JobId.of(1)), Settling.AFTER_RUN,
                Duration.ofMillis(200)).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(states.get(JobId.of(1)).status()).isEqualTo(JobStatus.JOB_SUBMITTING);

        var nothing = engine.awaitSettled(PROJECT, List.of(JobId.of(1)), List.of(), Settling.AFTER_RUN,
                Duration.ofMinutes(1)).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(nothing.get(JobId.of(1)).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
    }

    @Test
    void aStopThatWaitsSettlesWhenTheJobIsStopped() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
        stop(false, 1);

        var waited = engine.awaitSettled(PROJECT, List.of(JobId.of(1)), List.of(JobId.of(1)), Settling.AFTER_STOP,
                Duration.ofSeconds(30)).toCompletableFuture();
        timer.run(3);
        assertThat(waited).isNotDone();
        runtime.report(launch, ObservedJob.State.CANCELED);

        eventually(() -> assertThat(waited).isDone());
        assertThat(waited.get().get(JobId.of(1)).status())
                .isEqualTo(JobStatus.JOB_CANCEL_SUCCESS);
    }

    /** Stops the jobs of {@code ids} as the batch-stop use case would, whatever their status. */
    // ----------------------------------------------------------------------------------- job definitions

    private static JobFields fields(Object... pairs) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return JobFields.parse(body);
    }

    private JobId create(String name) {
        return engine.create(PROJECT, JobType.FLINK_OPENSOURCE_SQL_JOB, fields("name", name, "sql_body", "SELECT 1"),
                DEADLINE).id();
    }

    @Test
    void aCreatedJobIsADraftWhoseJarsTheRuntimeChecked() throws Exception {
        started();
        NewJob created = engine.create(PROJECT, JobType.FLINK_JAR_JOB, fields("name", "jar", "entrypoint",
                "allowed/job.jar"), DEADLINE);

        assertThat(created.status()).isEqualTo(JobStatus.JOB_INIT);
        assertThat(stored(created.id().value()).definition().config().entrypoint()).contains("allowed/job.jar");
        assertThatThrownBy(() -> engine.create(PROJECT, JobType.FLINK_JAR_JOB, fields("name", "other", "entrypoint",
                "/etc/job.jar"), DEADLINE)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("entrypoint must name a jar");
        assertThat(catalogue.list(dev.dlirun.domain.definition.JobQuery.all(PROJECT)).totalCount()).isEqualTo(1);
    }

    @Test
    void anUpdateIsJudgedAgainstTheStatusTheJobHasWhenItIsWritten() throws Exception {
        started();
        JobId id = create("orders");
        engine.update(PROJECT, id, false, fields("sql_body", "SELECT 2", "cu_number", 8), DEADLINE);
        assertThat(stored(id.value()).definition().sqlBody()).contains("SELECT 2");

        RuntimeJobId launch = runUntilLaunched(id.value(), StartMode.FRESH);
        assertThatThrownBy(() -> engine.update(PROJECT, id, false, fields("sql_body", "SELECT 3"), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("Stop it first");
        Instant when = engine.update(PROJECT, id, false, fields("restart_when_exception", true), DEADLINE).updateTime();
        assertThat(stored(id.value()).definition().config().restartWhenException()).isTrue();
        assertThat(stored(id.value()).definition().sqlBody()).contains("SELECT 2");
        assertThat(stored(id.value()).updateTime()).isEqualTo(when.toEpochMilli());
        assertThat(stored(id.value()).run().runtimeJobId()).as("the run is untouched").isEqualTo(launch);
        assertThatThrownBy(() -> engine.update(PROJECT, JobId.of(999), false, fields("desc", "x"), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
    }

    /** Runs the job until it runs, then stops it with the savepoint {@code path}; answers its launch. */
    private RuntimeJobId runAndStopWithSavepoint(JobId id, StartMode mode, String path) throws Exception {
        RuntimeJobId launch = runUntilLaunched(id.value(), mode);
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(id.value()).status()).isEqualTo(JobStatus.JOB_RUNNING));
        assertThat(stop(true, id.value()).get(id).delivered()).isTrue();
        runtime.stops.get(launch).complete(path);
        eventually(() -> assertThat(stored(id.value()).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        return launch;
    }

    @Test
    void eachCreateAndUpdateIsAVersionAndAStopWithASavepointIsItsVersionsSavepointAtStop() throws Exception {
        started();
        JobId id = create("orders");
        engine.update(PROJECT, id, false, fields("sql_body", "SELECT 2"), DEADLINE);
        long changedAt = stored(id.value()).updateTime();
        // The same again: the job's update time moves (it was updated), but no version is made.
        engine.update(PROJECT, id, false, fields("sql_body", "SELECT 2"), DEADLINE);

        VersionPage page = engine.versions(new VersionQuery(PROJECT, id, 10, 0), DEADLINE);
        assertThat(page.totalCount()).as("an update that changes nothing is no version").isEqualTo(2);
        assertThat(page.versions()).extracting(JobVersion::number, JobVersion::why, JobVersion::createdBy)
                .containsExactly(tuple(2, VersionReason.UPDATE, "p1"), tuple(1, VersionReason.CREATE, "p1"));
        assertThat(page.versions().get(0).definition()).isEqualTo(stored(id.value()).definition());
        assertThat(page.versions().get(0).createdAt()).isEqualTo(changedAt);
        assertThat(engine.version(PROJECT, id, 1, DEADLINE).definition().sqlBody()).contains("SELECT 1");

        runAndStopWithSavepoint(id, StartMode.FRESH, "file:/sp/p1/orders/savepoint-2");

        assertThat(engine.version(PROJECT, id, 2, DEADLINE).savepointAtStop()).contains("file:/sp/p1/orders/savepoint-2");
        assertThat(engine.version(PROJECT, id, 1, DEADLINE).savepointAtStop()).isEmpty();
        assertThat(catalogue.savepoints(PROJECT, id)).extracting(SavepointRecord::version).containsExactly(2);
        assertThatThrownBy(() -> engine.version(PROJECT, id, 3, DEADLINE)).isInstanceOf(InvalidInputException.class)
                .hasMessage("version 3 is not a version of job " + id + " (its versions are 1 to 2).");
        // Another project's job of the same id, or none: not found, as every per-job operation answers.
        for (ProjectId project : List.of(ProjectId.of("p2"), PROJECT)) {
            JobId asked = project.equals(PROJECT) ? JobId.of(999) : id;
            assertThatThrownBy(() -> engine.versions(new VersionQuery(project, asked, 10, 0), DEADLINE))
                    .isInstanceOf(JobNotFoundException.class);
            assertThatThrownBy(() -> engine.version(project, asked, 1, DEADLINE))
                    .isInstanceOf(JobNotFoundException.class);
            assertThatThrownBy(() -> engine.rollback(project, asked, 1, DEADLINE))
                    .isInstanceOf(JobNotFoundException.class);
        }
    }

    @Test
    void aRollbackIsRefusedWhileTheJobRunsAndThenRestoresTheVersionsDefinitionAndItsSavepoint() throws Exception {
        started();
        JobId id = create("orders");
        runAndStopWithSavepoint(id, StartMode.FRESH, "file:/sp/p1/orders/savepoint-1");
        engine.update(PROJECT, id, false, fields("sql_body", "SELECT 2", "cu_number", 8), DEADLINE);
        RuntimeJobId second = runUntilLaunched(id.value(), StartMode.FRESH);
        runtime.report(second, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(id.value()).status()).isEqualTo(JobStatus.JOB_RUNNING));

        assertThatThrownBy(() -> engine.rollback(PROJECT, id, 1, DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessage("Job " + id + " is job_running: while it runs its code cannot change. Stop it first to "
                        + "roll it back to version 1.");
        assertThat(stored(id.value()).definition().sqlBody()).contains("SELECT 2");
        assertThat(engine.versions(new VersionQuery(PROJECT, id, 10, 0), DEADLINE).totalCount()).isEqualTo(2);

        assertThat(stop(true, id.value()).get(id).delivered()).isTrue();
        runtime.stops.get(second).complete("file:/sp/p1/orders/savepoint-2");
        eventually(() -> assertThat(stored(id.value()).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        assertThat(stored(id.value()).savepointPath()).isEqualTo("file:/sp/p1/orders/savepoint-2");
        assertThatThrownBy(() -> engine.rollback(PROJECT, id, 4, DEADLINE)).isInstanceOf(InvalidInputException.class)
                .hasMessage("version 4 is not a version of job " + id + " (its versions are 1 to 2).");

        JobVersion rolledBack = engine.rollback(PROJECT, id, 1, DEADLINE);

        JobVersion first = engine.version(PROJECT, id, 1, DEADLINE);
        assertThat(rolledBack).isEqualTo(new JobVersion(id, 3, first.definition(), "p1",
                stored(id.value()).updateTime(), VersionReason.ROLLBACK, Optional.empty(), Optional.empty(),
                Optional.of(1)));
        assertThat(stored(id.value()).definition()).isEqualTo(first.definition());
        assertThat(stored(id.value()).savepointPath()).as("version 1's savepoint at stop")
                .isEqualTo("file:/sp/p1/orders/savepoint-1");
        assertThat(stored(id.value()).hasSavepoint()).isTrue();
        assertThat(stored(id.value()).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS);
        assertThat(engine.versions(new VersionQuery(PROJECT, id, 10, 0), DEADLINE).versions().get(0))
                .isEqualTo(rolledBack);

        // A run resuming from the savepoint restores the one version 1 stopped with, under version 1's code.
        RuntimeJobId resumed = runUntilLaunched(id.value(), StartMode.RESUME_FROM_LATEST_SAVEPOINT);
        assertThat(runtime.launches).filteredOn(launch -> launch.runtimeJobId().equals(resumed)).singleElement()
                .satisfies(launch -> assertThat(launch.restorePath()).contains("file:/sp/p1/orders/savepoint-1"));
    }

    @Test
    void aRollbackToAVersionWhoseSavepointIsNoLongerKeptOrWhoseNameAnotherJobTookKeepsTheJobAsItIs()
            throws Exception {
        started();
        JobId id = create("orders");
        runAndStopWithSavepoint(id, StartMode.FRESH, "file:/sp/p1/orders/savepoint-1");
        engine.update(PROJECT, id, false, fields("name", "orders-v2", "sql_body", "SELECT 2"), DEADLINE);
        runAndStopWithSavepoint(id, StartMode.FRESH, "file:/sp/p1/orders/savepoint-2");
        // --savepoints-kept pruned version 1's.
        catalogue.forgetSavepoint(PROJECT, id, "file:/sp/p1/orders/savepoint-1");

        JobVersion back = engine.rollback(PROJECT, id, 1, DEADLINE);
        assertThat(back.definition().name()).isEqualTo("orders");
        assertThat(stored(id.value()).savepointPath()).as("a savepoint the history no longer holds is not restored")
                .isEqualTo("file:/sp/p1/orders/savepoint-2");

        engine.rollback(PROJECT, id, 2, DEADLINE);
        create("orders");
        assertThatThrownBy(() -> engine.rollback(PROJECT, id, 1, DEADLINE))
                .isInstanceOf(dev.dlirun.domain.model.DuplicateJobNameException.class);
        assertThat(stored(id.value()).name()).isEqualTo("orders-v2");
        assertThat(engine.versions(new VersionQuery(PROJECT, id, 10, 0), DEADLINE).totalCount()).isEqualTo(4);
    }

    @Test
    void aDeletedRunningJobIsCancelledAndItsFilesRemovedOnceItStopped() throws Exception {
        started();
        JobId id = create("orders");
        RuntimeJobId launch = runUntilLaunched(id.value(), StartMode.FRESH);
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(id.value()).status()).isEqualTo(JobStatus.JOB_RUNNING));
        catalogue.recordSavepoint(new SavepointRecord(PROJECT, id, "file:/sp/taken", 1, SavepointRecord.Origin.STOP,
                "scripted 1.0", 0));
        catalogue.recordSavepoint(new SavepointRecord(PROJECT, id, "file:/sp/imported", 2,
                SavepointRecord.Origin.IMPORT, "scripted 1.0", 0));

        assertThat(engine.delete(PROJECT, List.of(id, JobId.of(999)), DEADLINE))
                .containsEntry(id, new JobOutcome.Delivered(JobOperation.DELETE, id))
                .containsEntry(JobId.of(999), new JobOutcome.NotFound(JobId.of(999)));

        assertThat(catalogue.find(PROJECT, id)).isEmpty();
        eventually(() -> assertThat(runtime.cancelled).contains(launch));
        assertThat(runtime.deleted).as("files stay until the job stopped").doesNotContain("state of p1/" + id);
        runtime.report(launch, ObservedJob.State.CANCELED);
        eventually(() -> assertThat(runtime.deleted).contains("file:/sp/taken", "state of p1/" + id)
                .doesNotContain("file:/sp/imported"));
    }

    @Test
    void aJobDeletedWhileItIsBeingLaunchedDoesNotKeepRunning() throws Exception {
        started();
        JobId id = create("orders");
        runtime.launchGate = new java.util.concurrent.CountDownLatch(1);
        engine.submit(PROJECT, List.of(stored(id.value()).toJob()), StartMode.FRESH, DEADLINE);
        assertThat(runtime.launchWaiting.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        RuntimeJobId launch = stored(id.value()).run().runtimeJobId();

        engine.delete(PROJECT, List.of(id), DEADLINE);
        runtime.launchGate.countDown();

        eventually(() -> assertThat(runtime.launches).extracting(Launch::runtimeJobId).contains(launch));
        // The delete's own cancel came before Flink had the job, and stopped nothing: the launch cancels itself.
        eventually(() -> assertThat(runtime.cancelledWhileKnown).contains(launch));
        assertThat(catalogue.find(PROJECT, id)).isEmpty();
    }

    @Test
    void aCallerWaitingForAJobThatIsDeletedIsAnsweredAtOnceNotAtTheEndOfItsWait() throws Exception {
        started();
        JobId id = create("orders");
        runUntilLaunched(id.value(), StartMode.FRESH);
        var answer = engine.awaitSettled(PROJECT, List.of(id), List.of(id), Settling.AFTER_RUN, Duration.ofMinutes(5))
                .toCompletableFuture();
        assertThat(answer).isNotDone();

        engine.delete(PROJECT, List.of(id), DEADLINE);

        assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS)).as("a job that is gone has no state")
                .doesNotContainKey(id);
    }

    @Test
    void anUpdateADeleteAndARunOfOneJobRacingEndInOneConsistentState() throws Exception {
        started();
        for (int round = 0; round < 20; round++) {
            JobId id = create("race-" + round);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(3);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                var update = pool.submit(() -> {
                    start.await();
                    try {
                        engine.update(PROJECT, id, false, fields("sql_body", "SELECT 9"), DEADLINE);
                    } catch (OperationNotAllowedException | JobNotFoundException e) {
                        // it ran first, or was deleted first
                    }
                    return null;
                });
                var run = pool.submit(() -> {
                    start.await();
                    return engine.submit(PROJECT, List.of(new Job(PROJECT, id, JobStatus.JOB_INIT, false)),
                            StartMode.FRESH, DEADLINE).get(id);
                });
                var delete = pool.submit(() -> {
                    start.await();
                    return engine.delete(PROJECT, List.of(id), DEADLINE).get(id);
                });
                update.get(10, java.util.concurrent.TimeUnit.SECONDS);
                JobOutcome ran = run.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(delete.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(new JobOutcome.Delivered(JobOperation.DELETE, id));
                assertThat(catalogue.find(PROJECT, id)).isEmpty();
                if (ran instanceof JobOutcome.Delivered) {
                    // Whatever it launched is cancelled: nothing of a deleted job runs on.
                    eventually(() -> assertThat(runtime.launches.stream().filter(l -> l.jobId().equals(id))
                            .map(Launch::runtimeJobId)).allSatisfy(l -> assertThat(runtime.cancelledWhileKnown)
                            .contains(l)));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private Map<JobId, JobOutcome> stop(boolean withSavepoint, long... ids) {
        List<Job> jobs = java.util.Arrays.stream(ids).mapToObj(id -> new Job(PROJECT, JobId.of(id),
                JobStatus.JOB_RUNNING, false)).toList();
        return engine.stop(PROJECT, jobs, StopMode.triggeringSavepoint(withSavepoint), DEADLINE);
    }

    private LocalJobEngine started() {
        engine = made();
        engine.start();
        return engine;
    }

    /** An engine whose rounds the test drives, and whose writes the test hears of. */
    private LocalJobEngine made() {
        return new LocalJobEngine(new WatchedCatalogue(catalogue, job -> runtime.changes.signal(),
                job -> runtime.changes.signal()), runtime, Clock.systemUTC(), FAST, timer);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private LocalJob add(long id, JobStatus status, boolean hasSavepoint) {
        LocalJob job = TestJobs.job(PROJECT, id, status, hasSavepoint);
        catalogue.addIfAbsent(job);
        return job;
    }

    private LocalJob stored(long id) {
        return catalogue.find(PROJECT, JobId.of(id)).orElseThrow();
    }

    /** Runs observer rounds until {@code assertion} holds ({@link ScriptedRuntime#untilHolds}). */
    private void eventually(Runnable assertion) throws InterruptedException {
        runtime.untilHolds(timer, assertion);
    }

    private RuntimeJobId runUntilLaunched(long id, StartMode mode) throws InterruptedException {
        var outcome = engine.submit(PROJECT, List.of(stored(id).toJob()), mode, DEADLINE);
        assertThat(outcome.get(JobId.of(id))).isEqualTo(new JobOutcome.Delivered(JobOperation.RUN, JobId.of(id)));
        RuntimeJobId recorded = stored(id).run().runtimeJobId();
        eventually(() -> assertThat(runtime.launches).anyMatch(l -> l.runtimeJobId().equals(recorded)));
        return recorded;
    }

    @Test
    void aRunRecordsItsLaunchBeforeLaunchingAndTheJobRunsOnlyOnceAllItsTasksRun() throws Exception {
        add(131, JobStatus.JOB_CANCEL_SUCCESS, true);
        runtime.ready = false;
        started();

        engine.submit(PROJECT, List.of(stored(131).toJob()), StartMode.RESUME_FROM_LATEST_SAVEPOINT, DEADLINE);

        RuntimeJobId recorded = stored(131).run().runtimeJobId();
        assertThat(recorded).isNotNull();
        assertThat(stored(131).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        long asked = runtime.changes.version();
        timer.run(3);
        runtime.changes.awaitAfter(asked, Duration.ofSeconds(5));
        assertThat(runtime.changes.version()).as("the launch asked whether the runtime is ready").isGreaterThan(asked);
        assertThat(runtime.launches).as("nothing is launched before the runtime is ready").isEmpty();

        runtime.ready = true;
        eventually(() -> assertThat(runtime.launches).singleElement().satisfies(launch -> {
            assertThat(launch.runtimeJobId()).isEqualTo(recorded);
            assertThat(launch.restorePath()).contains("file:///savepoints/p1/131");
        }));
        runtime.reported.put(recorded, new ObservedJob(recorded, ObservedJob.State.RUNNING, false));
        timer.run(3);
        assertThat(stored(131).status()).as("running, but tasks still wait for slots").isEqualTo(JobStatus.JOB_SUBMITTING);

        runtime.report(recorded, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(131).status()).isEqualTo(JobStatus.JOB_RUNNING));
        assertThat(stored(131).startTime()).isNotNull();
        assertThat(stored(131).resumedFromSavepoint()).isTrue();
    }

    @Test
    void aJobTheRuntimeRefusesFailsToSubmitWithTheReasonAndCanBeRunAgain() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        runtime.refusal = "SqlParserException: Encountered \"FORM\" at line 1, column 20.";
        started();

        engine.submit(PROJECT, List.of(stored(1).toJob()), StartMode.FRESH, DEADLINE);

        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMIT_FAIL));
        assertThat(stored(1).run().statusDesc()).isEqualTo(runtime.refusal);
        runtime.refusal = null;
        runUntilLaunched(1, StartMode.FRESH);
        assertThat(stored(1).run().statusDesc()).isNull();
    }

    @Test
    void aResumeOfAJobWhoseSavepointPathIsUnknownFailsRatherThanStartingFresh() throws Exception {
        LocalJob job = add(1, JobStatus.JOB_INIT, false);
        catalogue.update(PROJECT, JobId.of(1), j -> j.with(new JobRun(JobStatus.JOB_FINISH, null, true, null, null, 0,
                false, null, null, false)));
        started();

        engine.submit(PROJECT, List.of(stored(1).toJob()), StartMode.RESUME_FROM_LATEST_SAVEPOINT, DEADLINE);

        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMIT_FAIL));
        assertThat(stored(1).run().statusDesc()).isEqualTo("Job 1 has no savepoint path to resume from.");
        assertThat(runtime.launches).isEmpty();
        assertThat(job.definition()).isEqualTo(stored(1).definition());
    }

    @Test
    void aFailingJobShowsItsRootCauseAndRunsAgainOnceItRecovers() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));

        runtime.failures.put(launch, new Failure("NumberFormatException: For input string: 'x'", false));
        runtime.report(launch, ObservedJob.State.FAILING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION));
        assertThat(stored(1).run().statusDesc()).isEqualTo("NumberFormatException: For input string: 'x'");

        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
        assertThat(stored(1).run().statusDesc()).isNull();
    }

    @Test
    void aJobThatFailsForGoodEndsInRunningExceptionOrSubmitFailIfItNeverRan() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        add(2, JobStatus.JOB_INIT, true);
        started();
        RuntimeJobId ran = runUntilLaunched(1, StartMode.FRESH);
        RuntimeJobId neverRan = runUntilLaunched(2, StartMode.RESUME_FROM_LATEST_SAVEPOINT);

        runtime.failures.put(ran, new Failure("NumberFormatException: bad row", false));
        runtime.report(ran, ObservedJob.State.FAILED);
        runtime.failures.put(neverRan, new Failure("FileNotFoundException: Cannot find savepoint", true));
        runtime.report(neverRan, ObservedJob.State.FAILED);

        eventually(() -> {
            assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
            assertThat(stored(2).status()).isEqualTo(JobStatus.JOB_SUBMIT_FAIL);
        });
        assertThat(stored(1).run().statusDesc()).isEqualTo("NumberFormatException: bad row");
        assertThat(stored(2).run().statusDesc()).isEqualTo("FileNotFoundException: Cannot find savepoint");
        assertThat(stored(1).status().isStartable()).as("a failed job must be stopped before a new run").isFalse();
    }

    @Test
    void aBoundedJobFinishesAndAJobCancelledBehindTheServicesBackSaysSo() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        add(2, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId bounded = runUntilLaunched(1, StartMode.FRESH);
        RuntimeJobId cancelled = runUntilLaunched(2, StartMode.FRESH);

        runtime.report(bounded, ObservedJob.State.FINISHED);
        runtime.report(cancelled, ObservedJob.State.CANCELED);

        eventually(() -> {
            assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_FINISH);
            assertThat(stored(2).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS);
        });
        assertThat(stored(2).run().statusDesc()).isEqualTo(RunEvent.CANCELLED_OUTSIDE);
    }

    @Test
    void aReportAboutAnOlderLaunchNeverChangesTheJob() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId first = runUntilLaunched(1, StartMode.FRESH);
        runtime.report(first, ObservedJob.State.CANCELED);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        RuntimeJobId second = runUntilLaunched(1, StartMode.FRESH);
        assertThat(second).isNotEqualTo(first);

        runtime.report(first, ObservedJob.State.RUNNING);
        timer.run(3);

        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        assertThat(stored(1).isLaunch(second)).isTrue();
    }

    @Test
    void aStopWithASavepointRecordsTheSavepointAndAFailedOneLeavesTheJobRunningSayingWhy() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        add(2, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId one = runUntilLaunched(1, StartMode.FRESH);
        RuntimeJobId two = runUntilLaunched(2, StartMode.FRESH);
        runtime.report(one, ObservedJob.State.RUNNING);
        runtime.report(two, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(2).status()).isEqualTo(JobStatus.JOB_RUNNING));
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));

        var answers = stop(true, 1, 2, 9);

        assertThat(answers.get(JobId.of(1)).delivered()).isTrue();
        assertThat(answers.get(JobId.of(9))).isEqualTo(new JobOutcome.NotFound(JobId.of(9)));
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SAVEPOINTING);
        runtime.report(one, ObservedJob.State.FINISHED);
        timer.run(3);
        assertThat(stored(1).status()).as("a finished stop is settled by the stop").isEqualTo(JobStatus.JOB_SAVEPOINTING);
        runtime.stops.get(one).complete("file:/sp/p1/1/savepoint-1");
        runtime.stops.get(two).completeExceptionally(new IllegalStateException("wrapped",
                new java.util.concurrent.TimeoutException("the savepoint took longer than 1 ms")));

        eventually(() -> {
            assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS);
            assertThat(stored(2).status()).isEqualTo(JobStatus.JOB_RUNNING);
        });
        assertThat(stored(1).hasSavepoint()).isTrue();
        assertThat(stored(1).savepointPath()).isEqualTo("file:/sp/p1/1/savepoint-1");
        assertThat(stored(2).run().statusDesc()).isEqualTo("The job was not stopped: its savepoint failed "
                + "(TimeoutException: the savepoint took longer than 1 ms).");
        assertThat(stored(2).hasSavepoint()).isFalse();
    }

    @Test
    void aStopWithoutASavepointCancelsAndOnlyARunningJobTakesASavepoint() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        add(2, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);

        assertThat(stop(true, 1).get(JobId.of(1)))
                .isEqualTo(new JobOutcome.CannotTakeSavepoint(JobId.of(1), JobStatus.JOB_SUBMITTING));
        assertThat(stop(false, 2).get(JobId.of(2)))
                .isEqualTo(new JobOutcome.NotStoppable(JobId.of(2), JobStatus.JOB_INIT));
        assertThat(stop(false, 1).get(JobId.of(1)).delivered()).isTrue();

        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCELING);
        assertThat(runtime.cancelled).containsExactly(launch);
        runtime.report(launch, ObservedJob.State.CANCELED);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        assertThat(stored(1).run().statusDesc()).isNull();
    }

    @Test
    void aJobStoppedBeforeItWasLaunchedIsNeverLaunched() throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        runtime.ready = false;
        started();
        engine.submit(PROJECT, List.of(stored(1).toJob()), StartMode.FRESH, DEADLINE);

        stop(false, 1);
        runtime.ready = true;

        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
        assertThat(runtime.launches).isEmpty();
    }

    @Test
    void theObserverAsksTheRuntimeOnceARoundForAllJobsQuicklyWhileTheyStartAndNotAtAllWithoutJobs() throws Exception {
        started();
        timer.run(3);
        assertThat(runtime.observations.get()).as("no jobs, no looks").isZero();

        List<RuntimeJobId> launches = new java.util.ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            add(id, JobStatus.JOB_INIT, false);
            launches.add(runUntilLaunched(id, StartMode.FRESH));
        }
        int before = runtime.observations.get();
        timer.run(4);
        assertThat(runtime.observations.get() - before).as("one look a round for the five jobs together").isEqualTo(4);
        Duration quick = FAST.observeInterval().dividedBy(5);
        assertThat(timer.lastDelay()).as("quick rounds while jobs start").isEqualTo(quick);

        launches.forEach(launch -> runtime.report(launch, ObservedJob.State.RUNNING));
        for (long id = 1; id <= 5; id++) {
            long job = id;
            eventually(() -> assertThat(stored(job).status()).isEqualTo(JobStatus.JOB_RUNNING));
        }
        before = runtime.observations.get();
        timer.run(4);
        assertThat(runtime.observations.get() - before).isEqualTo(4);
        assertThat(timer.lastDelay()).as("rounds at the interval once they run").isEqualTo(FAST.observeInterval());
    }

    @Test
    void aRoundThatTakesProcessorTimeIsFollowedByAPauseThreeTimesAsLongSoTheObserverTakesAboutAQuarterOfACore()
            throws Exception {
        add(1, JobStatus.JOB_INIT, false);
        started();
        RuntimeJobId launch = runUntilLaunched(1, StartMode.FRESH);
        runtime.report(launch, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));

        // Each look now costs 20 ms of processor time, as hundreds of thousands of jobs followed do; rounds are due
        // every 5 ms. One after the other, they would take 0.8 of a core.
        runtime.observeCpuNanos = Duration.ofMillis(20).toNanos();
        for (int round = 0; round < 3; round++) {
            long spentBefore = runtime.observeCpuSpent.get();
            timer.runDue();
            Duration spent = Duration.ofNanos(runtime.observeCpuSpent.get() - spentBefore);
            assertThat(spent).isGreaterThanOrEqualTo(Duration.ofMillis(20));
            assertThat(timer.lastDelay()).as("the pause after a round: three times its processor time")
                    .isGreaterThanOrEqualTo(spent.multipliedBy(StatusObserver.PACE));
        }
        assertThat(StatusObserver.pause(Duration.ofMillis(100), Duration.ofMillis(10).toNanos()))
                .isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(StatusObserver.pause(Duration.ofMillis(100), Duration.ofMillis(50).toNanos()))
                .isEqualTo(Duration.ofMillis(150).toNanos());
    }

    @Test
    void aRestartLaunchesAgainWhatWasSubmittingUnderItsRecordedIdAndFollowsIt() throws Exception {
        RuntimeJobId recorded = RuntimeJobId.generate();
        LocalJob job = add(1, JobStatus.JOB_INIT, true);
        catalogue.update(PROJECT, JobId.of(1), j -> j.with(TestJobs.launching(j.run(), recorded, true, j.savepointPath(), null, 1)));
        add(2, JobStatus.JOB_INIT, false);

        started();

        eventually(() -> assertThat(runtime.launches).singleElement().satisfies(launch -> {
            assertThat(launch.runtimeJobId()).isEqualTo(recorded);
            assertThat(launch.restorePath()).contains(job.savepointPath());
        }));
        // Launched under its recorded id, nothing was written: the observer follows it all the same.
        runtime.report(recorded, ObservedJob.State.RUNNING);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING));
    }

    @Test
    void aRestartOfAnEmbeddedRuntimeResumesCheckpointedJobsFromTheirCheckpointAndEndsTheOthersSayingWhy()
            throws Exception {
        RuntimeJobId checkpointed = RuntimeJobId.generate();
        RuntimeJobId notCheckpointed = RuntimeJobId.generate();
        LocalJob one = TestJobs.job(PROJECT, 1, JobStatus.JOB_INIT, false);
        catalogue.addIfAbsent(new LocalJob(PROJECT, one.id(), new dev.dlirun.domain.model.JobDefinition(one.name(),
                one.jobType(), Optional.of("INSERT INTO x SELECT 1"), Optional.empty(), Optional.empty(),
                dev.dlirun.domain.model.JobConfig.builder().checkpointEnabled(true).build()), one.createTime(),
                TestJobs.running(TestJobs.launching(one.run(), checkpointed, false, null, null, 1), 2)));
        catalogue.addIfAbsent(TestJobs.job(PROJECT, 2, JobStatus.JOB_INIT, false));
        catalogue.update(PROJECT, JobId.of(2), j -> j.with(TestJobs.running(TestJobs.launching(j.run(), notCheckpointed, false, null, null, 1), 2)));
        add(3, JobStatus.JOB_RUNNING, false);
        runtime.checkpoints.put(checkpointed, "file:/checkpoints/p1/1/" + checkpointed + "/chk-7");

        started();

        eventually(() -> assertThat(runtime.launches).singleElement().satisfies(launch -> {
            assertThat(launch.jobId()).isEqualTo(JobId.of(1));
            assertThat(launch.runtimeJobId()).isNotEqualTo(checkpointed);
            assertThat(launch.restorePath()).contains("file:/checkpoints/p1/1/" + checkpointed + "/chk-7");
        }));
        eventually(() -> {
            assertThat(stored(2).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
            assertThat(stored(3).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
        });
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        assertThat(stored(1).run().statusDesc()).isEqualTo(RunEvent.RESTARTED_FROM_CHECKPOINT);
        assertThat(stored(2).run().statusDesc()).isEqualTo(RunEvent.STOPPED_WITHOUT_CHECKPOINT);
        assertThat(stored(3).run().statusDesc()).isEqualTo(RunEvent.STOPPED_WITHOUT_CHECKPOINT);
    }

    @Test
    void theJobsLeftRunningAreThoseTheCatalogueHoldsWhenTheyAreNotedNotWhenTheEngineIsMade() throws Exception {
        add(1, JobStatus.JOB_RUNNING, false);
        engine = made();
        // Added after the engine was made, as a jobs file read meanwhile adds them.
        add(2, JobStatus.JOB_RUNNING, false);

        engine.noteLeftOver();
        add(3, JobStatus.JOB_RUNNING, false);
        engine.start();

        eventually(() -> {
            assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
            assertThat(stored(2).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION);
        });
        assertThat(stored(2).run().statusDesc()).isEqualTo(RunEvent.STOPPED_WITHOUT_CHECKPOINT);
        // Noted after: to the engine, a job claimed since (as a request's would be); the restart leaves it alone.
        assertThat(stored(3).status()).isEqualTo(JobStatus.JOB_RUNNING);
    }

    @Test
    void aRestartOnARemoteRuntimeFollowsTheJobsStillRunningThereAndEndsTheLostOnes() throws Exception {
        RuntimeJobId alive = RuntimeJobId.generate();
        RuntimeJobId lost = RuntimeJobId.generate();
        add(1, JobStatus.JOB_INIT, false);
        add(2, JobStatus.JOB_INIT, false);
        catalogue.update(PROJECT, JobId.of(1), j -> j.with(TestJobs.running(TestJobs.launching(j.run(), alive, false, null, null, 1), 2)));
        catalogue.update(PROJECT, JobId.of(2), j -> j.with(TestJobs.running(TestJobs.launching(j.run(), lost, false, null, null, 1), 2)));
        runtime.outlivesTheService = true;
        runtime.report(alive, ObservedJob.State.RUNNING);

        started();

        eventually(() -> assertThat(stored(2).status()).isEqualTo(JobStatus.JOB_RUNNING_EXCEPTION));
        assertThat(stored(2).run().statusDesc()).isEqualTo(RunEvent.LOST);
        assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(runtime.launches).as("nothing runs twice").isEmpty();
        runtime.report(alive, ObservedJob.State.CANCELED);
        eventually(() -> assertThat(stored(1).status()).isEqualTo(JobStatus.JOB_CANCEL_SUCCESS));
    }

    @Test
    void refusedJobsAreNotLaunched() throws Exception {
        LocalJob running = add(1, JobStatus.JOB_RUNNING, true);
        started();
        timer.run(3);
        LocalJob afterStart = stored(1);

        engine.submit(PROJECT, List.of(afterStart.toJob()), StartMode.FRESH, DEADLINE);

        assertThat(runtime.launches).isEmpty();
        assertThat(stored(1)).isEqualTo(afterStart);
        assertThat(running.id()).isEqualTo(afterStart.id());
    }

    @Test
    void theProbeSaysWhenTheRuntimeIsNotReady() {
        runtime.ready = false;
        started();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.probe(DEADLINE))
                .hasMessage("the scripted runtime is starting");
        runtime.ready = true;
        engine.probe(DEADLINE);
    }

    @Test
    void closingTheEngineClosesItsRuntime() {
        started().close();
        assertThat(runtime.closed).isTrue();
    }
}
