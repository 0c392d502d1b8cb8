package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.state.PlannedOperators.PlannedOperator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.dlirun.adapters.client.flink.state.Synthetic.coordinatorOnly;
import static dev.dlirun.adapters.client.flink.state.Synthetic.empty;
import static dev.dlirun.adapters.client.flink.state.Synthetic.id;
import static dev.dlirun.adapters.client.flink.state.Synthetic.keyed;
import static dev.dlirun.adapters.client.flink.state.Synthetic.operatorState;
import static dev.dlirun.adapters.client.flink.state.Synthetic.plan;
import static dev.dlirun.adapters.client.flink.state.Synthetic.planned;
import static org.assertj.core.api.Assertions.assertThat;

/** Flink's restore rules on synthetic states and plans: each rule, and where its edge lies. */
class RestoreRulesTest {

    private static final int NOT_SET = PlannedOperators.NOT_SET;

    @Test
    void stateMapsToTheOperatorWithItsIdWhateverTheParallelismWithinTheKeyGroups() {
        RestoreRules.Outcome outcome = RestoreRules.apply(List.of(operatorState(1, 128), keyed(2, 128)),
                plan(planned(1, "Source", false, "v1", 4, NOT_SET), planned(2, "GroupAggregate", true, "v2", 128,
                        NOT_SET)));

        assertThat(outcome.mapped()).extracting(m -> m.planned().nodeId()).containsExactly(1, 2);
        assertThat(outcome.dropped()).isEmpty();
        assertThat(outcome.conflicts()).isEmpty();
    }

    @Test
    void stateMapsByTheUserDefinedIdOfSetUidHashToo() {
        PlannedOperator withUidHash = new PlannedOperator(7, id(70), Optional.of(id(2)), "agg", "agg", true, true, "v",
                1, NOT_SET);

        RestoreRules.Outcome outcome = RestoreRules.apply(List.of(keyed(2, 128)), plan(withUidHash));

        assertThat(outcome.mapped()).singleElement().satisfies(m -> assertThat(m.planned()).isEqualTo(withUidHash));
    }

    @Test
    void stateOfAnOperatorTheProgramNoLongerHasIsDroppedUnlessItIsEmpty() {
        RestoreRules.Outcome outcome = RestoreRules.apply(List.of(keyed(1, 128), empty(2), coordinatorOnly(3),
                operatorState(4, 128)), plan(planned(9, "Other", false, "v", 1, NOT_SET)));

        // Checkpoints#loadAndValidateCheckpoint: any subtask's state, or the coordinator's, needs the setting.
        assertThat(outcome.dropped()).extracting(StateMetadata.SavedOperator::operatorId)
                .containsExactly(id(1), id(3), id(4));
        assertThat(outcome.skipped()).extracting(StateMetadata.SavedOperator::operatorId).containsExactly(id(2));
        assertThat(outcome.mapped()).isEmpty();
    }

    @Test
    void aMaxParallelismTheProgramSetsMustBeTheStates() {
        RestoreRules.Outcome other = RestoreRules.apply(List.of(keyed(1, 128)),
                plan(planned(1, "agg", true, "v", 1, 256)));
        RestoreRules.Outcome same = RestoreRules.apply(List.of(keyed(1, 128)),
                plan(planned(1, "agg", true, "v", 1, 128)));
        RestoreRules.Outcome notSet = RestoreRules.apply(List.of(keyed(1, 128)),
                plan(planned(1, "agg", true, "v", 1, NOT_SET)));

        assertThat(other.conflicts()).singleElement().satisfies(conflict -> assertThat(conflict.why())
                .contains("written with max parallelism 128").contains("sets its max parallelism to 256"));
        assertThat(other.mapped()).isEmpty();
        assertThat(same.conflicts()).isEmpty();
        // Not set: the scheduler takes the state's (ExecutionJobVertex#canRescaleMaxParallelism).
        assertThat(notSet.conflicts()).isEmpty();
        assertThat(notSet.mapped()).hasSize(1);
    }

    @Test
    void aRestoredTaskCannotRunMoreInstancesThanTheStatesKeyGroups() {
        RestoreRules.Outcome beyond = RestoreRules.apply(List.of(keyed(1, 2)),
                plan(planned(1, "agg", true, "v", 4, NOT_SET)));
        RestoreRules.Outcome atTheEdge = RestoreRules.apply(List.of(keyed(1, 2)),
                plan(planned(1, "agg", true, "v", 2, NOT_SET)));

        assertThat(beyond.conflicts()).singleElement().satisfies(conflict -> assertThat(conflict.why())
                .contains("max parallelism 2, lower than the parallelism 4"));
        assertThat(atTheEdge.conflicts()).isEmpty();
    }

    @Test
    void theInstancesRuleHoldsForEveryOperatorOfATaskWhoseStateIsRestoredButNotForATaskWithout() {
        // StateAssignmentOperation checks each operator state of a task with state; a task whose states are all
        // finished or absent takes part in no assignment.
        RestoreRules.Outcome chained = RestoreRules.apply(List.of(keyed(1, 128), empty(2)),
                plan(planned(1, "agg", true, "v", 4, NOT_SET), planned(2, "sink", false, "v", 4, NOT_SET)));
        RestoreRules.Outcome alone = RestoreRules.apply(List.of(empty(2)),
                plan(planned(2, "sink", false, "w", 200, NOT_SET)));

        assertThat(chained.conflicts()).isEmpty();
        assertThat(alone.conflicts()).isEmpty();
        assertThat(alone.mapped()).hasSize(1);

        RestoreRules.Outcome emptyBeside = RestoreRules.apply(List.of(keyed(1, 256), empty(2)),
                plan(planned(1, "agg", true, "v", 200, NOT_SET), planned(2, "sink", false, "v", 200, NOT_SET)));
        assertThat(emptyBeside.conflicts()).extracting(c -> c.saved().operatorId()).containsExactly(id(2));
    }
}
