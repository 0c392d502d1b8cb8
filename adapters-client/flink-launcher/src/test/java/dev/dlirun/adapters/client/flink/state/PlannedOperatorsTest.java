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

    @Test
    void eachOperatorKnowsTheOperatorsItReads() {
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                new org.apache.flink.streaming.api.environment.StreamExecutionEnvironment(
                        new org.apache.flink.configuration.Configuration());
        env.fromSequence(1, 10).name("numbers").map(n -> n * 2).name("doubled").keyBy(n -> n % 2)
                .reduce(Long::sum).name("sums").print().name("printed");

        PlannedOperators operators = PlannedOperators.of(env.getStreamGraph(), getClass().getClassLoader());

        java.util.function.Function<String, PlannedOperators.PlannedOperator> named = name -> operators.operators()
                .stream().filter(operator -> operator.name().contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no operator " + name + " in " + operators));
        assertThat(named.apply("numbers").inputs()).isEmpty();
        assertThat(named.apply("doubled").inputs()).containsExactly(named.apply("numbers").nodeId());
        // Through the keyBy's partitioning, which is no operator of its own.
        assertThat(named.apply("sums").inputs()).containsExactly(named.apply("doubled").nodeId());
        assertThat(named.apply("printed").inputs()).containsExactly(named.apply("sums").nodeId());
    }
}
