package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.state.PlanMeanings.StatefulNode;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.state.StateVerdict.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static dev.dlirun.adapters.client.flink.state.Synthetic.id;
import static dev.dlirun.adapters.client.flink.state.Synthetic.keyed;
import static dev.dlirun.adapters.client.flink.state.Synthetic.operatorState;
import static dev.dlirun.adapters.client.flink.state.Synthetic.plan;
import static dev.dlirun.adapters.client.flink.state.Synthetic.planned;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole check on synthetic states and plans: which finding decides the verdict, and what it says. The plans'
 * meanings come from a stand-in for {@link PlanMeanings}: a compiled plan here is a key into {@link #MEANINGS}.
 */
class StateCheckerTest {

    private static final String VERSION = "Flink 2.2.1";
    private static final int NOT_SET = PlannedOperators.NOT_SET;
    private static final String BY_K = "[3]:GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS c])";
    private static final String BY_V = "[3]:GroupAggregate(groupBy=[v], select=[v, COUNT(*) AS c])";

    /** The stateful nodes of each synthetic compiled plan. */
    private static final Map<String, List<StatefulNode>> MEANINGS = Map.of(
            "plan-k", List.of(new StatefulNode(3, "stream-exec-group-aggregate", "[3]:GroupAggregate(groupBy=[k], "
                    + "select=[k, COUNT(*) AS c])", "group-aggregate keys=[k:INT] accs=[count]",
                    "GroupAggregate(groupBy=[k]) count state")),
            "plan-v", List.of(new StatefulNode(5, "stream-exec-group-aggregate", "[5]:GroupAggregate(groupBy=[v], "
                    + "select=[v, COUNT(*) AS c])", "group-aggregate keys=[v:INT] accs=[count]",
                    "GroupAggregate(groupBy=[v]) count state")));

    private static final JobDefinition WRITER = definition("writer");
    private static final JobDefinition CANDIDATE = definition("candidate");

    @TempDir
    Path jars;

    private static JobDefinition definition(String sql) {
        return JobDefinition.sql("j", JobType.FLINK_OPENSOURCE_SQL_JOB, sql, JobConfig.DEFAULTS);
    }

    /** A SQL job's plan: a source and an aggregate chained into two tasks, compiled into {@code compiledPlan}. */
    private static PlannedJob sqlJob(String aggregate, int maxParallelism, String compiledPlan, List<Path> jars) {
        return new PlannedJob(plan(planned(1, "Source: events", false, "v1", 1, maxParallelism),
                planned(2, aggregate, true, "v2", 1, maxParallelism)), Optional.of(compiledPlan), Optional.empty(), jars,
                Optional.empty());
    }

    private static StateMetadata state() {
        return new StateMetadata("file:/sp/savepoint-1", 1, List.of(operatorState(1, 128), keyed(2, 128)));
    }

    private static StateVerdict check(Optional<JobDefinition> writer, Optional<String> writerRuntime,
                                      Map<JobDefinition, PlannedJob> plans) {
        StateCheck check = new StateCheck(ProjectId.of("p"), JobId.of(1), CANDIDATE, "file:/sp/savepoint-1", writer,
                writerRuntime);
        Function<String, List<StatefulNode>> meanings = plan -> MEANINGS.getOrDefault(plan, List.of());
        return new StateChecker(VERSION, meanings).check(check, state(), definition -> {
            PlannedJob planned = plans.get(definition);
            if (planned == null) {
                throw new LaunchRefusedException("Statement 3 (line 3): Object 'gone' not found.");
            }
            return planned;
        });
    }

    private StateVerdict check(PlannedJob writer, PlannedJob candidate) {
        return check(Optional.of(WRITER), Optional.of(VERSION), Map.of(WRITER, writer, CANDIDATE, candidate));
    }

    @Test
    void theSameMeaningsAreCompatible() {
        StateVerdict verdict = check(sqlJob(BY_K, NOT_SET, "plan-k", List.of()),
                sqlJob(BY_K, NOT_SET, "plan-k", List.of()));

        assertThat(verdict.kind()).isEqualTo(Kind.COMPATIBLE);
        assertThat(verdict.reason()).isEqualTo("The state of 2 operators maps to the new program; what its keyed "
                + "state means is the same in both plans.");
    }

    @Test
    void stateTakenUpWhereItMeansSomethingElseIsIncompatibleThoughFlinkWouldRestoreIt() {
        // GROUP BY k changed to GROUP BY v: the same operator ids, another key.
        StateVerdict verdict = check(sqlJob(BY_K, NOT_SET, "plan-k", List.of()),
                sqlJob(BY_V, NOT_SET, "plan-v", List.of()));

        assertThat(verdict.kind()).isEqualTo(Kind.INCOMPATIBLE);
        assertThat(verdict.reason()).contains("silently wrong");
        assertThat(verdict.operators()).singleElement().satisfies(note -> {
            assertThat(note.operatorId()).isEqualTo(id(2));
            assertThat(note.operator()).isEqualTo("GroupAggregate(groupBy=[v], select=[v, COUNT(*) AS c])");
            assertThat(note.note()).contains("was GroupAggregate(groupBy=[k]) count state")
                    .contains("would be taken up by GroupAggregate(groupBy=[v]) count state");
        });
    }

    @Test
    void aMaxParallelismConflictIsIncompatibleAndOutranksEverythingElse() {
        StateVerdict verdict = check(Optional.of(WRITER), Optional.of("Flink 1.20.1"), Map.of(
                WRITER, sqlJob(BY_K, NOT_SET, "plan-k", List.of()),
                CANDIDATE, sqlJob(BY_K, 256, "plan-k", List.of())));

        assertThat(verdict.kind()).isEqualTo(Kind.INCOMPATIBLE);
        assertThat(verdict.reason()).contains("max parallelism does not fit");
        assertThat(verdict.operators()).extracting(StateVerdict.OperatorNote::operatorId)
                .containsExactly(id(1), id(2));
        assertThat(verdict.operators().get(1).operator()).startsWith("GroupAggregate(groupBy=[k]")
                .doesNotStartWith("[");
    }

    @Test
    void droppedStateNamesTheOperatorAsTheWritersPlanDidAndItsSize() {
        PlannedJob candidate = new PlannedJob(plan(planned(1, "Source: events", false, "v1", 1, NOT_SET)),
                Optional.of("plan-none"), Optional.empty(), List.of(), Optional.empty());

        StateVerdict verdict = check(sqlJob(BY_K, NOT_SET, "plan-k", List.of()), candidate);

        assertThat(verdict.kind()).isEqualTo(Kind.DROPS_STATE);
        assertThat(verdict.operators()).singleElement().isEqualTo(new StateVerdict.OperatorNote(id(2),
                "GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS c])", "its keyed state (12 KB) would be dropped"));
        assertThat(verdict.reason()).startsWith("Flink restores the state only with allowNonRestoredState, dropping "
                + "the state of 1 operator the new program no longer has; the state of 1 operator maps");
    }

    @Test
    void anUnknownWriterLeavesFlinksVerdictAndSaysTheMeaningWasNotCompared() {
        StateVerdict verdict = check(Optional.empty(), Optional.empty(),
                Map.of(CANDIDATE, sqlJob(BY_V, NOT_SET, "plan-v", List.of())));

        assertThat(verdict.kind()).isEqualTo(Kind.COMPATIBLE);
        assertThat(verdict.reason()).contains("the definition that wrote the state is not known, so what its state "
                + "means could not be compared");
    }

    @Test
    void aWriterThatNoLongerPlansOrAnotherFlinkVersionCannotBeJudged() {
        StateVerdict gone = check(Optional.of(WRITER), Optional.of(VERSION),
                Map.of(CANDIDATE, sqlJob(BY_K, NOT_SET, "plan-k", List.of())));
        StateVerdict older = check(Optional.of(WRITER), Optional.of("Flink 1.20.1"), Map.of(
                WRITER, sqlJob(BY_K, NOT_SET, "plan-k", List.of()),
                CANDIDATE, sqlJob(BY_K, NOT_SET, "plan-k", List.of())));

        assertThat(gone.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(gone.reason()).contains("no longer plans").contains("Object 'gone' not found");
        assertThat(older.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(older.reason()).contains("Flink 1.20.1").contains(VERSION);
    }

    @Test
    void aPlanFlinkCannotCompileMakesTheMeaningUnknownWithFlinksReason() {
        PlannedJob uncompiled = new PlannedJob(sqlJob(BY_K, NOT_SET, "plan-k", List.of()).operators(),
                Optional.empty(), Optional.of("TableException: the sink 'collect' cannot be compiled"), List.of(),
                Optional.empty());

        StateVerdict verdict = check(sqlJob(BY_K, NOT_SET, "plan-k", List.of()), uncompiled);

        assertThat(verdict.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(verdict.reason()).contains("Flink cannot compile the plan of the new definition")
                .contains("the sink 'collect' cannot be compiled");
    }

    @Test
    void changedFunctionJarsCannotBeJudgedUnlessTheyAreTheSameBytes() throws Exception {
        Path v1 = Files.write(jars.resolve("udf-1.jar"), new byte[]{1, 2, 3});
        Path copy = Files.write(jars.resolve("udf-copy.jar"), new byte[]{1, 2, 3});
        Path v2 = Files.write(jars.resolve("udf-2.jar"), new byte[]{1, 2, 4});

        StateVerdict changed = check(sqlJob(BY_K, NOT_SET, "plan-k", List.of(v1)),
                sqlJob(BY_K, NOT_SET, "plan-k", List.of(v2)));
        StateVerdict copied = check(sqlJob(BY_K, NOT_SET, "plan-k", List.of(v1)),
                sqlJob(BY_K, NOT_SET, "plan-k", List.of(copy)));

        assertThat(changed.kind()).isEqualTo(Kind.UNKNOWN);
        assertThat(changed.reason()).contains("udf-1.jar then, udf-2.jar now");
        assertThat(copied.kind()).isEqualTo(Kind.COMPATIBLE);
    }

    @Test
    void operatorsWithTheSameDescriptionAreLinkedToPlanNodesInTopologicalOrder() {
        PlannedOperators operators = plan(planned(1, "[7]:Deduplicate(keep=[FirstRow], key=[k])", true, "v1", 1,
                NOT_SET), planned(2, "Calc", false, "v1", 1, NOT_SET),
                planned(3, "[9]:Deduplicate(keep=[FirstRow], key=[k])", true, "v2", 1, NOT_SET));
        List<StatefulNode> nodes = List.of(
                new StatefulNode(12, "dedup", "[12]:Deduplicate(keep=[FirstRow], key=[k])", "second", "second"),
                new StatefulNode(4, "dedup", "[4]:Deduplicate(keep=[FirstRow], key=[k])", "first", "first"));

        Map<String, StatefulNode> linked = new HashMap<>(StateMeaningCheck.link(operators, nodes));

        assertThat(linked.get(id(1)).meaning()).isEqualTo("first");
        assertThat(linked.get(id(3)).meaning()).isEqualTo("second");
        assertThat(linked).doesNotContainKey(id(2));
    }
}
