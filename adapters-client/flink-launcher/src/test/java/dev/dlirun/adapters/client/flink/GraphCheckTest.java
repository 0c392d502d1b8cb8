package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shape of a checked job's graph, on a Flink runtime that was never started: a check plans on the service's side
 * and needs no cluster.
 */
class GraphCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectId PROJECT = ProjectId.of("graphs");

    /** A source, a filter and projection, a keyed aggregate, a sink. */
    private static final String COUNTS = """
            CREATE TABLE clicks (user_id INT, url STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5',
              'fields.user_id.min' = '1', 'fields.user_id.max' = '9');
            CREATE TABLE counts (user_id INT, n BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks WHERE user_id > 2 GROUP BY user_id;""";

    private static FlinkJobRuntime runtime;

    @BeforeAll
    static void runtimeNeverStarted() throws Exception {
        Path root = Files.createTempDirectory("dlirun-graph-check");
        runtime = new FlinkJobRuntime(new FlinkSettings(new FlinkSettings.Embedded(4),
                root.resolve("checkpoints").toUri(), root.resolve("savepoints").toUri(), root.resolve("projects"),
                Optional.empty(), FlinkSettings.defaultConnectors(), EmbeddedFlink.CODE_PROJECTS, root.resolve("tmp"),
                root.resolve("cluster"), new FlinkSettings.JobReach(Optional.of(EmbeddedFlink.connectorJars()),
                EmbeddedFlink.ALLOW_HOSTS, java.util.Set::of)));
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static GraphVerdict check(String sql, int parallelism, GraphType type) {
        return runtime.checkGraph(PROJECT, JobId.of(1), JobDefinition.sql("counts", JobType.FLINK_OPENSOURCE_SQL_JOB,
                sql, JobConfig.builder().parallelNumber(parallelism).build()), type);
    }

    private static JsonNode graph(GraphVerdict verdict) throws Exception {
        assertThat(verdict).isInstanceOf(GraphVerdict.Planned.class);
        return JSON.readTree(((GraphVerdict.Planned) verdict).graph());
    }

    private static JsonNode node(JsonNode nodes, String namePrefix) {
        for (JsonNode node : nodes) {
            if (node.path("name").asText().startsWith(namePrefix)) {
                return node;
            }
        }
        throw new AssertionError("no node named " + namePrefix + "... in " + nodes);
    }

    @Test
    void theSimpleGraphListsEveryOperatorWithItsKindParallelismStateAndInputs() throws Exception {
        JsonNode graph = graph(check(COUNTS, 2, GraphType.SIMPLE_GRAPH));

        assertThat(graph.path("graph_type").asText()).isEqualTo("simple_graph");
        assertThat(graph.path("job_name").asText()).isEqualTo("graphs/1 counts");
        JsonNode nodes = graph.path("nodes");
        JsonNode source = nodes.get(0);
        assertThat(source.path("kind").asText()).isEqualTo("source");
        assertThat(source.path("name").asText()).contains("clicks");
        assertThat(source.path("inputs")).isEmpty();
        assertThat(source.path("keeps_state").asBoolean()).isFalse();
        JsonNode calc = node(nodes, "Calc");
        assertThat(calc.path("kind").asText()).isEqualTo("operator");
        assertThat(calc.path("keeps_state").asBoolean()).as("a filter and projection keep no state").isFalse();
        assertThat(calc.path("description").asText()).contains("where=[(user_id > 2)]");
        JsonNode aggregate = node(nodes, "GroupAggregate");
        assertThat(aggregate.path("keeps_state").asBoolean()).as("a GROUP BY aggregate keeps state").isTrue();
        assertThat(aggregate.path("inputs").get(0).path("ship_strategy").asText()).isEqualTo("HASH");
        assertThat(aggregate.path("inputs").get(0).path("id").asInt()).isEqualTo(calc.path("id").asInt());
        assertThat(node(nodes, "counts").path("kind").asText()).isEqualTo("sink");
        for (JsonNode node : nodes) {
            assertThat(node.path("parallelism").asInt()).as("parallel_number").isEqualTo(2);
        }
    }

    @Test
    void theJobGraphChainsOperatorsIntoTasksAndSaysWhichTaskKeepsState() throws Exception {
        JsonNode simple = graph(check(COUNTS, 1, GraphType.SIMPLE_GRAPH)).path("nodes");
        JsonNode graph = graph(check(COUNTS, 1, GraphType.JOB_GRAPH));

        assertThat(graph.path("graph_type").asText()).isEqualTo("job_graph");
        JsonNode vertices = graph.path("vertices");
        assertThat(vertices).hasSize(2);
        JsonNode first = vertices.get(0);
        JsonNode second = vertices.get(1);
        assertThat(first.path("name").asText()).contains("clicks").contains("Calc");
        assertThat(first.path("keeps_state").asBoolean()).isFalse();
        assertThat(first.path("inputs")).isEmpty();
        assertThat(second.path("keeps_state").asBoolean()).isTrue();
        assertThat(second.path("inputs").get(0).path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(second.path("inputs").get(0).path("ship_strategy").asText()).isEqualTo("HASH");
        // Every operator of the job is chained into exactly one task.
        List<Integer> chained = new ArrayList<>();
        vertices.forEach(vertex -> vertex.path("operators").forEach(id -> chained.add(id.asInt())));
        assertThat(chained).doesNotHaveDuplicates().hasSize(simple.size());
    }

    @Test
    void aScriptThatDoesNotParseIsRefusedSayingTheStatementLineAndColumn() {
        GraphVerdict verdict = check("""
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
                CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO b SELECT a FORM s;""", 1, GraphType.SIMPLE_GRAPH);

        assertThat(verdict).isEqualTo(new GraphVerdict.Refused(GraphVerdict.DOES_NOT_PLAN,
                "Statement 3 (line 3): SQL parse failed. Encountered \"s\" at line 3, column 29."));
    }

    @Test
    void anUnknownColumnIsRefusedWhereItIsInTheScript() {
        GraphVerdict verdict = check("""
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen');

                CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                INSERT INTO b
                  SELECT nope FROM s;""", 1, GraphType.SIMPLE_GRAPH);

        assertThat(verdict).isInstanceOfSatisfying(GraphVerdict.Refused.class, refused ->
                assertThat(refused.message()).startsWith("Statement 3 (line 4): ")
                        .contains("line 5, column 10").contains("Column 'nope' not found"));
    }

    @Test
    void aConnectorOffTheAllowlistIsRefusedAsARunWouldBe() {
        GraphVerdict verdict = check("""
                CREATE TABLE s (a INT) WITH ('connector' = 'datagen');
                CREATE TABLE b (a INT) WITH ('connector' = 'values');
                INSERT INTO b SELECT a FROM s;""", 1, GraphType.SIMPLE_GRAPH);

        assertThat(verdict).isInstanceOfSatisfying(GraphVerdict.Refused.class, refused ->
                assertThat(refused.message()).startsWith("Statement 2 (line 2): ").contains("values"));
    }

    @Test
    void aJarJobIsNotChecked() {
        assertThatThrownBy(() -> runtime.checkGraph(PROJECT, JobId.of(2), JobDefinition.named("jar",
                JobType.FLINK_JAR_JOB), GraphType.SIMPLE_GRAPH)).isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("only SQL jobs");
    }

    @Test
    void aProjectThatRunsCodeIsNotCheckedInTheService() throws Exception {
        Path root = Files.createTempDirectory("dlirun-graph-check-code");
        FlinkJobRuntime local = new FlinkJobRuntime(new FlinkSettings(new FlinkSettings.Local(4, 4, root.resolve("lib"),
                Optional.empty()), root.resolve("checkpoints").toUri(), root.resolve("savepoints").toUri(),
                root.resolve("projects"), Optional.of(root.resolve("jars")), FlinkSettings.defaultConnectors(),
                EmbeddedFlink.CODE_PROJECTS, root.resolve("tmp"), root.resolve("cluster"),
                new FlinkSettings.JobReach(Optional.empty(), List.of(), java.util.Set::of)));
        assertThatThrownBy(() -> local.checkGraph(ProjectId.of("code"), JobId.of(3), JobDefinition.sql("c",
                JobType.FLINK_OPENSOURCE_SQL_JOB, COUNTS, JobConfig.DEFAULTS), GraphType.SIMPLE_GRAPH))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("job client");
    }
}
