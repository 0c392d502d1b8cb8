package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.state.PlanMeanings.Connector;
import dev.dlirun.adapters.client.flink.state.PlanMeanings.PlanNode;
import dev.dlirun.adapters.client.flink.state.PlannedOperators.PlannedOperator;
import dev.dlirun.adapters.client.flink.state.RestoreRules.Mapped;
import dev.dlirun.adapters.client.flink.state.StateMetadata.SavedOperator;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.state.StateVerdict.Kind;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.dlirun.adapters.client.flink.state.Synthetic.id;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source's or sink's operator state compared by its table's connector options: real compiled plans of queries that
 * differ in one table, and the operators Flink makes of them (a scan's source, a file sink's StreamingFileWriter)
 * traced to their plan nodes.
 */
class ConnectorStateTest {

    private static final List<String> TABLES = List.of(
            "CREATE TABLE s (k INT, v INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')",
            "CREATE TABLE s_fast (k INT, v INT) WITH ('connector' = 'datagen', 'rows-per-second' = '500')",
            "CREATE TABLE files_a (k INT, v INT) WITH ('connector' = 'filesystem', 'path' = '/in/a', "
                    + "'format' = 'json')",
            "CREATE TABLE files_b (k INT, v INT) WITH ('connector' = 'filesystem', 'path' = '/in/b', "
                    + "'format' = 'json')",
            "CREATE TABLE out_a (k INT, v INT) WITH ('connector' = 'filesystem', 'path' = '/out/a', "
                    + "'format' = 'json', 'sink.rolling-policy.rollover-interval' = '1 s')",
            "CREATE TABLE renamed (k INT, v INT) WITH ('connector' = 'filesystem', 'path' = '/out/a', "
                    + "'format' = 'json', 'sink.rolling-policy.rollover-interval' = '1 s')",
            "CREATE TABLE rolls_slower (k INT, v INT) WITH ('connector' = 'filesystem', 'path' = '/out/a', "
                    + "'format' = 'json', 'sink.rolling-policy.rollover-interval' = '10 s')",
            "CREATE TABLE wider (k INT, v INT, w INT) WITH ('connector' = 'filesystem', 'path' = '/out/a', "
                    + "'format' = 'json', 'sink.rolling-policy.rollover-interval' = '1 s')",
            "CREATE TABLE out_b (k INT, v INT) WITH ('connector' = 'filesystem', 'path' = '/out/b', "
                    + "'format' = 'json', 'sink.rolling-policy.rollover-interval' = '1 s')",
            "CREATE TABLE out_iso (k INT, v INT) WITH ('connector' = 'filesystem', 'path' = '/out/a', "
                    + "'format' = 'json', 'json.timestamp-format.standard' = 'ISO-8601', "
                    + "'sink.rolling-policy.rollover-interval' = '1 s')");

    private static String plan(String insert) {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        TABLES.forEach(tables::executeSql);
        return tables.compilePlanSql(insert).asJsonString();
    }

    /** The scan's and the sink's nodes of a plan of one source and one sink. */
    private static PlanNode node(List<PlanNode> nodes, String role) {
        return nodes.stream().filter(node -> node.connector().filter(c -> c.role().equals(role)).isPresent())
                .findFirst().orElseThrow();
    }

    /**
     * The job Flink makes of "INSERT INTO sink SELECT ... FROM source" planned from {@code plan}: the scan's source
     * (described by its plan node, with the planner's number), then the file sink's StreamingFileWriter (described by
     * itself, reading the source) and the sink's end.
     */
    private static PlannedJob job(String plan) {
        List<PlanNode> nodes = PlanMeanings.nodes(plan);
        PlanNode scan = node(nodes, "source");
        List<PlannedOperator> operators = new ArrayList<>();
        operators.add(new PlannedOperator(1, id(1), Optional.empty(), "Source: s[" + scan.nodeId() + "]",
                "[" + scan.nodeId() + "]:" + scan.description(), false, false, "v1", 1, PlannedOperators.NOT_SET,
                List.of()));
        int last = 1;
        // A projection the plan keeps is an operator of its own between the two.
        for (PlanNode node : nodes) {
            if (node.type().endsWith("calc")) {
                operators.add(new PlannedOperator(5, id(5), Optional.empty(), "Calc[" + node.nodeId() + "]",
                        "[" + node.nodeId() + "]:" + node.description(), false, false, "v1", 1,
                        PlannedOperators.NOT_SET, List.of(last)));
                last = 5;
            }
        }
        operators.add(new PlannedOperator(2, id(2), Optional.empty(), "StreamingFileWriter", "StreamingFileWriter",
                false, false, "v1", 1, PlannedOperators.NOT_SET, List.of(last)));
        operators.add(new PlannedOperator(3, id(3), Optional.empty(), "end: Writer", "end: Writer", false, false,
                "v1", 1, PlannedOperators.NOT_SET, List.of(2)));
        return new PlannedJob(new PlannedOperators(operators), Optional.of(plan), Optional.empty(), List.of(),
                Optional.empty());
    }

    /** The source's splits (operator and coordinator state) and the file sink's buckets (operator state). */
    private static final List<SavedOperator> STATE = List.of(
            new SavedOperator(id(1), Optional.of("Source: s"), 1, 128, true, true, false, true, 400),
            new SavedOperator(id(2), Optional.of("StreamingFileWriter"), 1, 128, true, false, false, true, 1200));

    private static StateMeaningCheck.Result compare(String writerInsert, String candidateInsert) {
        PlannedJob writer = job(plan(writerInsert));
        PlannedJob candidate = job(plan(candidateInsert));
        List<Mapped> mapped = new ArrayList<>();
        for (SavedOperator saved : STATE) {
            mapped.add(new Mapped(saved, candidate.operators().byId(saved.operatorId()).orElseThrow()));
        }
        return StateMeaningCheck.compare(mapped, writer, candidate);
    }

    @Test
    void aPlansSourceAndSinkCarryTheirTablesOptionsSplitIntoIdentityAndTuning() {
        List<PlanNode> nodes = PlanMeanings.nodes(plan("INSERT INTO out_a SELECT k, v FROM s"));

        Connector source = node(nodes, "source").connector().orElseThrow();
        assertThat(source.table()).contains("`s`");
        assertThat(source.identity()).hasValueSatisfying(identity -> assertThat(identity)
                .containsEntry("connector", "datagen").doesNotContainKey("rows-per-second"));
        assertThat(source.tuning()).containsEntry("rows-per-second", "5");
        Connector sink = node(nodes, "sink").connector().orElseThrow();
        assertThat(sink.table()).contains("`out_a`");
        assertThat(sink.identity()).hasValue(new java.util.TreeMap<>(Map.of("connector", "filesystem",
                "path", "/out/a", "format", "json")));
        assertThat(sink.tuning()).containsOnlyKeys("sink.rolling-policy.rollover-interval");
        assertThat(nodes.stream().filter(node -> node.connector().isEmpty())).allSatisfy(node ->
                assertThat(node.type()).doesNotContain("scan").doesNotEndWith("-sink"));
    }

    @Test
    void whereAStateIsWrittenCountsAndHowFastOrWhenFilesRollDoesNot() {
        for (String identity : List.of("connector", "path", "topic", "topics", "properties.bootstrap.servers",
                "url", "table-name", "format", "properties.group.id", "sink.delivery-guarantee")) {
            assertThat(ConnectorOptions.tuning(identity)).as(identity).isFalse();
        }
        for (String tuning : List.of("rows-per-second", "sink.parallelism", "scan.parallelism",
                "sink.rolling-policy.rollover-interval", "sink.rolling-policy.file-size", "scan.startup.mode",
                "scan.startup.specific-offsets", "sink.buffer-flush.max-rows", "lookup.cache", "password")) {
            assertThat(ConnectorOptions.tuning(tuning)).as(tuning).isTrue();
        }
    }

    @Test
    void aSinkWritingToAnotherPathIsIncompatibleNamingTheWriterAndTheOption() {
        StateMeaningCheck.Result result = compare("INSERT INTO out_a SELECT k, v FROM s",
                "INSERT INTO out_b SELECT k, v FROM s");

        assertThat(result.unknown()).isEmpty();
        assertThat(result.incompatible()).singleElement().satisfies(note -> {
            assertThat(note.operatorId()).isEqualTo(id(2));
            assertThat(note.operator()).isEqualTo("StreamingFileWriter");
            assertThat(note.note()).startsWith("its state was written for path=/out/a; the new definition writes "
                    + "path=/out/b").contains("filesystem sink").contains("would go on writing into path=/out/a");
        });
        assertThat(result.connectorsMatched()).as("the source's state: the same table").isEqualTo(1);
    }

    @Test
    void anyOtherOptionOfTheSinkCountsUntilItIsKnownNotTo() {
        // Not a tuning option: the open part files would go on in another encoding.
        StateMeaningCheck.Result result = compare("INSERT INTO out_a SELECT k, v FROM s",
                "INSERT INTO out_iso SELECT k, v FROM s");

        assertThat(result.incompatible()).singleElement().satisfies(note -> assertThat(note.note())
                .startsWith("its state was written for json.timestamp-format.standard=(not set); the new definition "
                        + "writes json.timestamp-format.standard=ISO-8601"));
    }

    @Test
    void aSourceReadingAnotherPathIsIncompatibleAndSaysItWouldGoOnFromTheOldPositions() {
        StateMeaningCheck.Result result = compare("INSERT INTO out_a SELECT k, v FROM files_a",
                "INSERT INTO out_a SELECT k, v FROM files_b");

        assertThat(result.incompatible()).singleElement().satisfies(note -> {
            assertThat(note.operatorId()).isEqualTo(id(1));
            assertThat(note.note()).startsWith("its state was written for path=/in/a; the new definition reads "
                    + "path=/in/b").contains("would go on from the positions its state holds in path=/in/a");
        });
    }

    @Test
    void aRenamedSinkAtTheSamePlaceAWiderRowTuningAndTheSameJobKeepTheirMeaning() {
        for (String candidate : List.of("INSERT INTO out_a SELECT k, v FROM s",
                "INSERT INTO renamed SELECT k, v FROM s",
                "INSERT INTO rolls_slower SELECT k, v FROM s",
                // The file sink's state holds its open and pending files, not rows: a wider row goes on in them.
                "INSERT INTO wider SELECT k, v, v * 2 FROM s",
                "INSERT INTO out_a SELECT k, v FROM s_fast")) {
            StateMeaningCheck.Result result = compare("INSERT INTO out_a SELECT k, v FROM s", candidate);

            assertThat(result.incompatible()).as(candidate).isEmpty();
            assertThat(result.unknown()).as(candidate).isEmpty();
            assertThat(result.connectorsMatched()).as(candidate).isEqualTo(2);
            assertThat(result.connectorsNotCompared()).as(candidate).isZero();
        }
    }

    @Test
    void aConnectorsOperatorIsTracedThroughItsInputsToTheSinkItWasMadeOf() {
        String plan = plan("INSERT INTO wider SELECT k, v, v * 2 FROM s");
        PlannedJob job = job(plan);

        Map<Integer, PlanNode> origins = StateMeaningCheck.origins(job.operators(), PlanMeanings.nodes(plan));

        assertThat(origins.get(1).connector()).hasValueSatisfying(c -> assertThat(c.role()).isEqualTo("source"));
        assertThat(origins.get(5).type()).endsWith("calc");
        assertThat(origins.get(2).connector()).hasValueSatisfying(c -> assertThat(c.table()).contains("`wider`"));
        assertThat(origins.get(3)).as("the sink's end reads the writer: made of the same sink")
                .isEqualTo(origins.get(2));
    }

    @Test
    void twoSinksOfTheSameRowsCannotBeToldApartSoTheirWritersAreNotCompared() {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        TABLES.forEach(tables::executeSql);
        String plan = tables.createStatementSet().addInsertSql("INSERT INTO out_a SELECT k, v FROM s")
                .addInsertSql("INSERT INTO out_b SELECT k, v FROM s").compilePlan().asJsonString();
        List<PlanNode> nodes = PlanMeanings.nodes(plan);
        PlanNode scan = node(nodes, "source");
        PlannedOperators operators = new PlannedOperators(List.of(
                new PlannedOperator(1, id(1), Optional.empty(), "Source: s", "[" + scan.nodeId() + "]:"
                        + scan.description(), false, false, "v1", 1, -1, List.of()),
                new PlannedOperator(2, id(2), Optional.empty(), "StreamingFileWriter", "StreamingFileWriter", false,
                        false, "v1", 1, -1, List.of(1)),
                new PlannedOperator(3, id(3), Optional.empty(), "StreamingFileWriter", "StreamingFileWriter", false,
                        false, "v1", 1, -1, List.of(1))));

        Map<Integer, PlanNode> origins = StateMeaningCheck.origins(operators, nodes);

        assertThat(origins).containsOnlyKeys(1);
    }

    @Test
    void theCheckersVerdictOnAMovedSinkIsIncompatibleAndOnTheSameJobSaysTheStatesPlacesAreTheSame() {
        JobDefinition writer = JobDefinition.sql("j", JobType.FLINK_OPENSOURCE_SQL_JOB,
                "INSERT INTO out_a SELECT k, v FROM s", JobConfig.DEFAULTS);
        JobDefinition moved = JobDefinition.sql("j", JobType.FLINK_OPENSOURCE_SQL_JOB,
                "INSERT INTO out_b SELECT k, v FROM s", JobConfig.DEFAULTS);
        StateMetadata state = new StateMetadata("file:/sp/savepoint-1", 1, STATE);
        StateChecker checker = new StateChecker("Flink 2.2.1");
        StateChecker.Planner planner = definition -> job(plan(definition.sqlBody().orElseThrow()));

        StateVerdict incompatible = checker.check(new StateCheck(ProjectId.of("p"), JobId.of(1), moved,
                "file:/sp/savepoint-1", Optional.of(writer), Optional.of("Flink 2.2.1")), state, planner);
        StateVerdict same = checker.check(new StateCheck(ProjectId.of("p"), JobId.of(1), writer,
                "file:/sp/savepoint-1", Optional.of(writer), Optional.of("Flink 2.2.1")), state, planner);

        assertThat(incompatible.kind()).as(incompatible.describe()).isEqualTo(Kind.INCOMPATIBLE);
        assertThat(incompatible.reason()).contains("means something else");
        assertThat(incompatible.operators()).singleElement().satisfies(note -> {
            assertThat(note.operator()).isEqualTo("StreamingFileWriter");
            assertThat(note.note()).contains("path=/out/a").contains("path=/out/b");
        });
        assertThat(same.kind()).as(same.describe()).isEqualTo(Kind.COMPATIBLE);
        assertThat(same.reason()).isEqualTo("The state of 2 operators maps to the new program; none of it is keyed "
                + "state, whose meaning a change of the query could alter; the states of its 2 sources and sinks are "
                + "tied to the same place (the table's connector options) in both plans.");
    }
}
