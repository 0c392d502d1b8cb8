package dev.dlirun.domain.graph;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GraphTypeTest {

    @Test
    void eachGraphTypeShowsAsItsWireName() {
        assertThat(GraphType.SIMPLE_GRAPH.wireName()).isEqualTo("simple_graph");
        assertThat(GraphType.JOB_GRAPH.wireName()).isEqualTo("job_graph");
        assertThat(GraphType.SIMPLE_GRAPH).hasToString("simple_graph");
        assertThat(GraphType.JOB_GRAPH).hasToString("job_graph");
    }

    @Test
    void noWireNameIsNoGraphType() {
        assertThat(GraphType.fromWireName(null)).isEmpty();
        assertThat(GraphType.fromWireName("")).isEmpty();
    }
}
