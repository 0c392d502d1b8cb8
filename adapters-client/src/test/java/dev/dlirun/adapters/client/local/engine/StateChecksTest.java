package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
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
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;
import dev.dlirun.domain.state.StateVerdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine's side of state checks: which state, which writer, and the gate every resume passes. */
class StateChecksTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(7);
    private static final String SAVEPOINT = "file:/sp/p1/7/savepoint-1";
    private static final JobDefinition WRITER = JobDefinition.sql("counts", JobType.FLINK_OPENSOURCE_SQL_JOB,
            "INSERT INTO t SELECT k, COUNT(*) FROM s GROUP BY k", JobConfig.DEFAULTS);
    private static final JobDefinition CHANGED = WRITER.updatedWith(JobFields.parse(Map.of("sql_body",
            "INSERT INTO t SELECT v, COUNT(*) FROM s GROUP BY v")));
    private static final StateVerdict.OperatorNote AGGREGATE = new StateVerdict.OperatorNote("20ba6b65",
            "GroupAggregate(groupBy=[v])", "its state was written by GroupAggregate(groupBy=[k]) count state");

    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
    private final ScriptedRuntime runtime = new ScriptedRuntime();
    private Optional<JobDefinition> writer = Optional.of(WRITER);
    private final StateChecks checks = new StateChecks(catalogue, runtime,
            new SavepointPaths(URI.create("file:/sp/")), record -> writer);

    @BeforeEach
    void aJobWithASavepoint() {
        runtime.stateVerdict = StateVerdict.compatible("All 3 operators' state maps.");
        LocalJob job = LocalJob.created(PROJECT, ID, WRITER, JobStatus.JOB_CANCEL_SUCCESS, true, SAVEPOINT,
                TestJobs.CREATED);
        catalogue.addIfAbsent(job);
        catalogue.recordSavepoint(new SavepointRecord(PROJECT, ID, SAVEPOINT, 1L, SavepointRecord.Origin.STOP,
                "Flink 2.2.1", 1));
    }

    private LocalJob resumed(JobDefinition definition, boolean allow) {
        LocalJob stored = catalogue.find(PROJECT, ID).orElseThrow().with(definition);
        JobRun run = stored.run().on(new RunEvent.LaunchClaimed(RuntimeJobId.generate(), true, SAVEPOINT, allow), 2L)
                .orElseThrow();
        return stored.with(run);
    }

    @Test
    void aResumeOfTheCodeThatWroteTheStateIsNotChecked() {
        StateChecks.Gate gate = checks.gate(resumed(WRITER.updatedWith(JobFields.parse(Map.of("name", "renamed",
                "restart_when_exception", true))), false));

        assertThat(gate).isEqualTo(new StateChecks.Gate.Pass(false, Optional.empty()));
        assertThat(runtime.stateChecks).isEmpty();
    }

    @Test
    void aResumeOfChangedCodeIsCheckedAgainstTheWriterAndRefusedWithTheVerdict() {
        runtime.stateVerdict = StateVerdict.incompatible("The state would mean something else.", List.of(AGGREGATE));

        StateChecks.Gate gate = checks.gate(resumed(CHANGED, true));

        assertThat(gate).isEqualTo(new StateChecks.Gate.Refuse(runtime.stateVerdict.describe()));
        StateCheck asked = runtime.stateChecks.get(0);
        assertThat(asked.candidate()).isEqualTo(CHANGED);
        assertThat(asked.writer()).contains(WRITER);
        assertThat(asked.writerRuntime()).contains("Flink 2.2.1");
        assertThat(asked.restorePath()).isEqualTo(SAVEPOINT);
    }

    @Test
    void droppingStateIsRefusedUnlessTheRunAllowsItAndThenSaidInANote() {
        runtime.stateVerdict = StateVerdict.dropsState("Flink would drop the state of 1 operator.",
                List.of(AGGREGATE));

        StateChecks.Gate refused = checks.gate(resumed(CHANGED, false));
        StateChecks.Gate allowed = checks.gate(resumed(CHANGED, true));

        assertThat(refused).isInstanceOf(StateChecks.Gate.Refuse.class);
        assertThat(((StateChecks.Gate.Refuse) refused).why()).startsWith(runtime.stateVerdict.describe())
                .endsWith("Run it with allow_non_restored_state: true to drop that state, or change the job back.");
        assertThat(allowed).isEqualTo(new StateChecks.Gate.Pass(true, Optional.of(runtime.stateVerdict.describe())));
    }

    @Test
    void aCompatibleChangePassesWithoutANoteAndUnknownOrIncompatibleNeverPass() {
        assertThat(checks.gate(resumed(CHANGED, false))).isEqualTo(new StateChecks.Gate.Pass(false, Optional.empty()));
        runtime.stateVerdict = StateVerdict.unknown("the state was written by Flink 1.20.1");
        assertThat(checks.gate(resumed(CHANGED, true))).isInstanceOf(StateChecks.Gate.Refuse.class);
    }

    @Test
    void whatCannotBeJudgedPassesAsItIs() {
        writer = Optional.empty();
        assertThat(checks.gate(resumed(CHANGED, true))).as("a savepoint whose writer is not known")
                .isEqualTo(new StateChecks.Gate.Pass(true, Optional.empty()));
        writer = Optional.of(WRITER);
        runtime.stateVerdict = null;
        assertThat(checks.gate(resumed(CHANGED, false))).as("a runtime that keeps no real state")
                .isEqualTo(new StateChecks.Gate.Pass(false, Optional.empty()));
        LocalJob fresh = catalogue.find(PROJECT, ID).orElseThrow();
        fresh = fresh.with(fresh.run().on(new RunEvent.LaunchClaimed(RuntimeJobId.generate(), false, null), 2L)
                .orElseThrow());
        runtime.stateVerdict = StateVerdict.incompatible("no", List.of());
        assertThat(checks.gate(fresh)).as("a fresh start").isEqualTo(new StateChecks.Gate.Pass(false,
                Optional.empty()));
        assertThat(runtime.stateChecks).isEmpty();
    }

    @Test
    void aDryRunChecksTheJobWithTheChangesAgainstItsSavepointAndItsWriter() {
        StateCheckResult result = checks.dryRun(PROJECT, ID, new StateCheckRequest(JobFields.parse(Map.of("sql_body",
                CHANGED.sqlBody().orElseThrow())), Optional.empty()));

        assertThat(result).isEqualTo(new StateCheckResult(runtime.stateVerdict, SAVEPOINT,
                StateCheckResult.Source.SAVEPOINT));
        assertThat(runtime.stateChecks.get(0).candidate()).isEqualTo(CHANGED);
        assertThat(runtime.stateChecks.get(0).writer()).contains(WRITER);
    }

    @Test
    void aDryRunAgainstANamedSavepointTakesItFromTheProjectsDirectoryOnly() {
        StateCheckResult result = checks.dryRun(PROJECT, ID, new StateCheckRequest(JobFields.EMPTY,
                Optional.of("7/savepoint-2")));

        assertThat(result.source()).isEqualTo(StateCheckResult.Source.NAMED);
        assertThat(result.statePath()).isEqualTo("file:///sp/p1/7/savepoint-2");
        assertThat(runtime.stateChecks.get(0).writer()).as("a savepoint the history does not hold").isEmpty();
        assertThat(runtime.stateChecks.get(0).writerRuntime()).isEmpty();
        assertThatThrownBy(() -> checks.dryRun(PROJECT, ID, new StateCheckRequest(JobFields.EMPTY,
                Optional.of("file:/elsewhere/savepoint-1")))).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("savepoint_path");
        assertThat(checks.dryRun(PROJECT, ID, new StateCheckRequest(JobFields.EMPTY, Optional.of(SAVEPOINT)))
                .source()).isEqualTo(StateCheckResult.Source.NAMED);
        assertThat(runtime.stateChecks.get(1).writer()).as("a savepoint the history holds").contains(WRITER);
    }

    @Test
    void aRunningJobWithoutASavepointIsCheckedAgainstItsLatestCheckpointWrittenByItsOwnCode() {
        RuntimeJobId launch = RuntimeJobId.generate();
        catalogue.update(PROJECT, ID, job -> job.with(new JobRun(JobStatus.JOB_RUNNING, null, false, null, 1L, 2L,
                false, launch, null, false)));
        runtime.checkpoints.put(launch, "file:/chk/p1/7/chk-3");

        StateCheckResult result = checks.dryRun(PROJECT, ID, StateCheckRequest.asItIs());

        assertThat(result.source()).isEqualTo(StateCheckResult.Source.CHECKPOINT);
        assertThat(result.statePath()).isEqualTo("file:/chk/p1/7/chk-3");
        assertThat(runtime.stateChecks.get(0).writer()).contains(WRITER);
        assertThat(runtime.stateChecks.get(0).writerRuntime()).contains("scripted 1.0");
        runtime.checkpoints.clear();
        assertThatThrownBy(() -> checks.dryRun(PROJECT, ID, StateCheckRequest.asItIs()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no savepoint");
    }

    @Test
    void aDryRunOfAJobThatIsNotThereOrOnARuntimeWithoutStateIsRefused() {
        assertThatThrownBy(() -> checks.dryRun(PROJECT, JobId.of(8), StateCheckRequest.asItIs()))
                .isInstanceOf(JobNotFoundException.class);
        runtime.stateVerdict = null;
        assertThatThrownBy(() -> checks.dryRun(PROJECT, ID, StateCheckRequest.asItIs()))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("simulates");
    }

    @Test
    void aChangeOfAStoppedJobWithASavepointIsCheckedAgainstItAndNothingElseIs() {
        LocalJob stopped = catalogue.find(PROJECT, ID).orElseThrow();
        assertThat(checks.afterChange(stopped.with(WRITER.updatedWith(JobFields.parse(Map.of("desc", "x"))))))
                .as("nothing that decides how state restores changed").hasValueSatisfying(verdict ->
                        assertThat(verdict.kind()).isEqualTo(StateVerdict.Kind.COMPATIBLE));
        assertThat(runtime.stateChecks).isEmpty();
        runtime.stateVerdict = StateVerdict.incompatible("The state would mean something else.", List.of(AGGREGATE));

        assertThat(checks.afterChange(stopped.with(CHANGED))).contains(runtime.stateVerdict);
        assertThat(runtime.stateChecks.get(0).candidate()).isEqualTo(CHANGED);
        assertThat(runtime.stateChecks.get(0).writer()).contains(WRITER);

        assertThat(checks.afterChange(resumed(CHANGED, false))).as("a job starting").isEmpty();
        writer = Optional.empty();
        assertThat(checks.afterChange(stopped.with(CHANGED))).as("a savepoint whose writer is not known").isEmpty();
        writer = Optional.of(WRITER);
        LocalJob without = LocalJob.created(PROJECT, JobId.of(8), WRITER, JobStatus.JOB_CANCEL_SUCCESS, false, null,
                TestJobs.CREATED);
        assertThat(checks.afterChange(without.with(CHANGED))).as("no savepoint").isEmpty();
        runtime.stateVerdict = null;
        assertThat(checks.afterChange(stopped.with(CHANGED))).as("a runtime without state").isEmpty();
    }

    @Test
    void aSavepointThatCannotBeReadAnymoreMakesTheChangesVerdictUnknown() {
        runtime.stateCheckFailure = new InvalidInputException("restore_path", "holds no _metadata file");
        StateChecks checking = checks;

        assertThat(checking.afterChange(catalogue.find(PROJECT, ID).orElseThrow().with(CHANGED)))
                .hasValueSatisfying(verdict -> {
                    assertThat(verdict.kind()).isEqualTo(StateVerdict.Kind.UNKNOWN);
                    assertThat(verdict.reason()).startsWith("its savepoint cannot be read: restore_path");
                });
    }

    @Test
    void aSavepointHasOneSpellingWhateverItsUriLooksLike() {
        assertThat(StateChecks.spelling("file:/sp/p1/7/savepoint-1")).isEqualTo("file:///sp/p1/7/savepoint-1");
        assertThat(StateChecks.spelling("file:///sp/p1/7/savepoint-1/")).isEqualTo("file:///sp/p1/7/savepoint-1");
        assertThat(StateChecks.spelling("file:/sp/p1/./7/savepoint-1")).isEqualTo("file:///sp/p1/7/savepoint-1");
        assertThat(StateChecks.spelling("s3://bucket/sp/1")).isEqualTo("s3://bucket/sp/1");
        assertThat(StateChecks.spelling("/plain/path")).isEqualTo("/plain/path");
        assertThat(StateChecks.spelling("not a uri")).isEqualTo("not a uri");
    }

    @Test
    void definitionsRestoreAlikeWhenTheirCodeParallelismAndFlinkSettingsAreTheSame() {
        assertThat(StateChecks.sameState(WRITER, WRITER.updatedWith(JobFields.parse(Map.of("desc", "x",
                "checkpoint_interval", 30))))).isTrue();
        for (Map<String, Object> change : List.<Map<String, Object>>of(Map.of("sql_body", "INSERT INTO t SELECT 1"),
                Map.of("parallel_number", 2), Map.of("runtime_config", "{\"a\":\"b\"}"),
                Map.of("udf_jar_url", "file:/jars/u.jar"), Map.of("entrypoint", "file:/jars/j.jar"),
                Map.of("main_class", "a.B"), Map.of("entrypoint_args", "--x"))) {
            assertThat(StateChecks.sameState(WRITER, WRITER.updatedWith(JobFields.parse(change)))).as(change.toString())
                    .isFalse();
        }
    }
}
