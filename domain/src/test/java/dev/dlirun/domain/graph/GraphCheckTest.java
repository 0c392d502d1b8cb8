package dev.dlirun.domain.graph;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobFields;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphCheckTest {

    @Test
    void graphTypesAreDlisTwoWireNamesAndNothingElse() {
        assertThat(GraphType.fromWireName("simple_graph")).contains(GraphType.SIMPLE_GRAPH);
        assertThat(GraphType.fromWireName("job_graph")).contains(GraphType.JOB_GRAPH);
        assertThat(GraphType.fromWireName("JOB_GRAPH")).isEmpty();
        assertThat(GraphType.fromWireName("full_graph")).isEmpty();
    }

    @Test
    void aCheckStandsInForTheFieldsOfDlisBodyOnly() {
        assertThat(new GraphCheck(GraphType.SIMPLE_GRAPH, JobFields.parse(Map.of("sql_body", "x", "parallel_number",
                2, "tm_cus", 1)), Optional.empty(), Optional.empty()).overrides().names()).hasSize(3);
        assertThatThrownBy(() -> new GraphCheck(GraphType.SIMPLE_GRAPH, JobFields.parse(Map.of("name", "other")),
                Optional.empty(), Optional.empty())).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("name");
    }
}
