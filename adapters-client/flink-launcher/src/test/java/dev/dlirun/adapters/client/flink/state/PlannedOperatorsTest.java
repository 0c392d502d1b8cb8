package dev.dlirun.adapters.client.flink.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Operators named for people, and linked, without the numbers the planner gives each translation's nodes. */
class PlannedOperatorsTest {

    @Test
    void theNodeNumbersOfATranslationAreLeftOut() {
        assertThat(PlannedOperators.withoutNodeNumber("[85]:GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS c])"))
                .isEqualTo("GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS c])");
        assertThat(PlannedOperators.withoutNodeNumber("by_k[86]: Writer")).isEqualTo("by_k: Writer");
        assertThat(PlannedOperators.withoutNodeNumber("Calc(select=[a], where=[(a > 2)])"))
                .isEqualTo("Calc(select=[a], where=[(a > 2)])");
        assertThat(PlannedOperators.withoutNodeNumber(null)).isEmpty();
    }
}
