package dev.dlirun.domain.state;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateVerdictTest {

    private static final StateVerdict.OperatorNote AGGREGATE = new StateVerdict.OperatorNote(
            "cbc357ccb763df2852fee8c4fc7d55f2", "GroupAggregate(groupBy=[v])", "its count state was written for k");

    @Test
    void theFourVerdictsHaveTheirWireNames() {
        assertThat(StateVerdict.Kind.values()).extracting(StateVerdict.Kind::wireName)
                .containsExactly("compatible", "drops_state", "incompatible", "unknown");
        assertThat(StateVerdict.compatible("ok").kind()).isEqualTo(StateVerdict.Kind.COMPATIBLE);
        assertThat(StateVerdict.dropsState("x", List.of(AGGREGATE)).kind()).isEqualTo(StateVerdict.Kind.DROPS_STATE);
        assertThat(StateVerdict.incompatible("x", List.of(AGGREGATE)).kind())
                .isEqualTo(StateVerdict.Kind.INCOMPATIBLE);
        assertThat(StateVerdict.unknown("x").kind()).isEqualTo(StateVerdict.Kind.UNKNOWN);
        assertThat(StateVerdict.unknown("x").operators()).isEmpty();
        assertThat(StateVerdict.compatible("x").operators()).isEmpty();
    }

    @Test
    void onlyACompatibleStateRestoresAndOneThatDropsStateOnlyWhenDroppingIsAllowed() {
        assertThat(StateVerdict.compatible("ok").allowsRestore(false)).isTrue();
        assertThat(StateVerdict.compatible("ok").allowsRestore(true)).isTrue();
        assertThat(StateVerdict.dropsState("x", List.of(AGGREGATE)).allowsRestore(false)).isFalse();
        assertThat(StateVerdict.dropsState("x", List.of(AGGREGATE)).allowsRestore(true)).isTrue();
        assertThat(StateVerdict.incompatible("x", List.of(AGGREGATE)).allowsRestore(true)).isFalse();
        assertThat(StateVerdict.incompatible("x", List.of(AGGREGATE)).allowsRestore(false)).isFalse();
        assertThat(StateVerdict.unknown("x").allowsRestore(true)).isFalse();
        assertThat(StateVerdict.unknown("x").allowsRestore(false)).isFalse();
    }

    @Test
    void aVerdictDescribesItselfInOneSentencePerOperator() {
        assertThat(StateVerdict.incompatible("The state would be taken up where it means something else.",
                List.of(AGGREGATE)).describe()).isEqualTo("The state check says incompatible: The state would be "
                + "taken up where it means something else. GroupAggregate(groupBy=[v]) "
                + "(cbc357ccb763df2852fee8c4fc7d55f2): its count state was written for k.");
        assertThat(StateVerdict.unknown("the state was written by Flink 1.20.1").describe())
                .isEqualTo("The state check says unknown: the state was written by Flink 1.20.1.");
        assertThat(StateVerdict.dropsState("Flink would drop state", List.of(AGGREGATE)).describe())
                .isEqualTo("The state check says drops_state: Flink would drop state. GroupAggregate(groupBy=[v]) "
                        + "(cbc357ccb763df2852fee8c4fc7d55f2): its count state was written for k.");
    }

    @Test
    void aVerdictKeepsItsOwnCopyOfItsOperatorsAndNeedsEveryPart() {
        List<StateVerdict.OperatorNote> notes = new ArrayList<>(List.of(AGGREGATE));
        StateVerdict verdict = StateVerdict.dropsState("x", notes);
        notes.clear();
        assertThat(verdict.operators()).containsExactly(AGGREGATE);
        assertThatThrownBy(() -> new StateVerdict(null, "x", List.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StateVerdict(StateVerdict.Kind.UNKNOWN, null, List.of()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StateVerdict.OperatorNote(null, "o", "n")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StateVerdict.OperatorNote("i", null, "n")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StateVerdict.OperatorNote("i", "o", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aCheckTakesTheFieldsThatDecideHowStateIsRestoredAndNothingElse() {
        StateCheckRequest request = new StateCheckRequest(JobFields.parse(Map.of("sql_body", "x", "parallel_number", 2,
                "runtime_config", "{}")), Optional.of("file:/s/p/1/savepoint-1"));
        assertThat(request.changes().names()).containsExactlyInAnyOrder(JobField.SQL_BODY, JobField.PARALLEL_NUMBER,
                JobField.RUNTIME_CONFIG);
        assertThat(request.statePath()).contains("file:/s/p/1/savepoint-1");
        assertThatThrownBy(() -> new StateCheckRequest(JobFields.parse(Map.of("name", "other")), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("name");
        assertThatThrownBy(() -> new StateCheckRequest(JobFields.EMPTY, Optional.of(" ")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("savepoint_path");
        assertThat(StateCheckRequest.asItIs()).isEqualTo(new StateCheckRequest(JobFields.EMPTY, Optional.empty()));
        assertThatThrownBy(() -> new StateCheckRequest(null, Optional.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StateCheckRequest(JobFields.EMPTY, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aResultSaysWhichStateWasChecked() {
        assertThat(StateCheckResult.Source.values()).extracting(StateCheckResult.Source::wireName)
                .containsExactly("named", "savepoint", "checkpoint");
        StateCheckResult result = new StateCheckResult(StateVerdict.compatible("ok"), "file:/s",
                StateCheckResult.Source.SAVEPOINT);
        assertThat(result.statePath()).isEqualTo("file:/s");
        assertThatThrownBy(() -> new StateCheckResult(null, "p", StateCheckResult.Source.NAMED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StateCheckResult(StateVerdict.compatible("ok"), null,
                StateCheckResult.Source.NAMED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StateCheckResult(StateVerdict.compatible("ok"), "p", null))
                .isInstanceOf(NullPointerException.class);
    }
}
