package dev.dlirun.domain.graph;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobField;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
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

    @Test
    void everyFieldOfDlisBodyMayStandInAndTheCheckKeepsWhatItWasGiven() {
        Map<String, Object> body = new HashMap<>(Map.of("sql_body", "SELECT 1", "parallel_number", 2, "cu_number", 2,
                "manager_cu_number", 1, "tm_cus", 1, "tm_slot_num", 1, "operator_config", "{}"));
        body.put("static_estimator_config", "{}");
        body.put("flink_version", "1.17");
        GraphCheck check = new GraphCheck(GraphType.JOB_GRAPH, JobFields.parse(body), Optional.of("flink_sql_job"),
                Optional.of(true));

        assertThat(check.overrides().names()).containsExactlyInAnyOrderElementsOf(GraphCheck.OVERRIDABLE);
        assertThat(check).returns(GraphType.JOB_GRAPH, GraphCheck::type)
                .returns(Optional.of("flink_sql_job"), GraphCheck::jobType)
                .returns(Optional.of(true), GraphCheck::staticEstimator);
        assertThat(GraphCheck.OVERRIDABLE).hasSize(9).doesNotContain(JobField.NAME, JobField.QUEUE_NAME);
    }

    @Test
    void aFieldOutsideDlisBodyIsRefusedWithItsWireName() {
        assertThatThrownBy(() -> new GraphCheck(GraphType.JOB_GRAPH, JobFields.parse(Map.of("queue_name", "q")),
                Optional.empty(), Optional.empty())).isInstanceOf(InvalidInputException.class)
                .hasMessage("queue_name is not a field of a graph check.");
    }

    @Test
    void aCheckOfTheJobAsDefinedOverridesNothingAndSaysNothingMore() {
        GraphCheck check = GraphCheck.of(GraphType.SIMPLE_GRAPH);

        assertThat(check).isEqualTo(new GraphCheck(GraphType.SIMPLE_GRAPH, JobFields.EMPTY, Optional.empty(),
                Optional.empty()));
        assertThat(check.overrides().isEmpty()).isTrue();
        assertThat(check.jobType()).isEmpty();
        assertThat(check.staticEstimator()).isEmpty();
    }

    @Test
    void aCheckNeedsEachPartNeverNull() {
        assertThatThrownBy(() -> new GraphCheck(null, JobFields.EMPTY, Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("type");
        assertThatThrownBy(() -> new GraphCheck(GraphType.JOB_GRAPH, null, Optional.empty(), Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("overrides");
        assertThatThrownBy(() -> new GraphCheck(GraphType.JOB_GRAPH, JobFields.EMPTY, null, Optional.empty()))
                .isInstanceOf(NullPointerException.class).hasMessage("jobType");
        assertThatThrownBy(() -> new GraphCheck(GraphType.JOB_GRAPH, JobFields.EMPTY, Optional.empty(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("staticEstimator");
    }
}
