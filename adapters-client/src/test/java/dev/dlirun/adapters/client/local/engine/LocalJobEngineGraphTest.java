package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local engine's check of a job: the job looked up in its project, the check's fields in place of its own. */
class LocalJobEngineGraphTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));
    private static final EngineSettings FAST = new EngineSettings(Duration.ofMillis(5), 2, Duration.ofSeconds(5), 2);

    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();

    private static JobId create(LocalJobEngine engine, ProjectId project) {
        return engine.create(project, JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(Map.of("name", "counts",
                "sql_body", "INSERT INTO b SELECT 1;", "parallel_number", 1, "checkpoint_enabled", true)),
                DEADLINE).id();
    }

    @Test
    void theRuntimeChecksTheJobsDefinitionWithTheChecksFieldsInPlaceOfItsOwnAndTheJobStaysAsItWas() {
        ScriptedRuntime runtime = new ScriptedRuntime();
        LocalJobEngine engine = new LocalJobEngine(catalogue, runtime, Clock.systemUTC(), FAST);
        JobId id = create(engine, PROJECT);

        GraphVerdict verdict = engine.graph(PROJECT, id, new GraphCheck(GraphType.JOB_GRAPH, JobFields.parse(Map.of(
                "sql_body", "INSERT INTO c SELECT 2;", "parallel_number", 4)), Optional.empty(), Optional.empty()),
                DEADLINE);

        assertThat(verdict).isEqualTo(new GraphVerdict.Planned("{\"graph_type\":\"job_graph\"}"));
        assertThat(runtime.checked.sqlBody()).contains("INSERT INTO c SELECT 2;");
        assertThat(runtime.checked.config().parallelNumber()).isEqualTo(4);
        assertThat(runtime.checked.config().checkpointEnabled()).as("the job's own, not overridden").isTrue();
        assertThat(catalogue.find(PROJECT, id).orElseThrow().definition().sqlBody())
                .contains("INSERT INTO b SELECT 1;");
        assertThat(runtime.launches).as("a check launches nothing").isEmpty();
    }

    @Test
    void aJobOfAnotherProjectOrNoneIsNotFound() {
        LocalJobEngine engine = new LocalJobEngine(catalogue, new ScriptedRuntime(), Clock.systemUTC(), FAST);
        JobId other = create(engine, ProjectId.of("p2"));

        assertThatThrownBy(() -> engine.graph(PROJECT, other, GraphCheck.of(GraphType.SIMPLE_GRAPH), DEADLINE))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> engine.graph(PROJECT, JobId.of(424242), GraphCheck.of(GraphType.SIMPLE_GRAPH),
                DEADLINE)).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void simulatedRunsSayTheyCannotPlanRatherThanPretend() {
        LocalJobEngine engine = new LocalJobEngine(catalogue, new SimulatedJobRuntime(Duration.ofSeconds(1),
                Clock.systemUTC()), Clock.systemUTC(), FAST);
        JobId id = create(engine, PROJECT);

        assertThatThrownBy(() -> engine.graph(PROJECT, id, GraphCheck.of(GraphType.SIMPLE_GRAPH), DEADLINE))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("no SQL planner");
    }
}
