package dev.dlirun.adapters.client.flink.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.adapters.client.flink.state.PlanMeanings.StatefulNode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The meanings of real compiled plans, made by Flink's planner from pairs of queries that differ in one thing. */
class PlanMeaningsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> TABLES = List.of(
            "CREATE TABLE s (k INT, v INT, w INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
                    + " WITH ('connector' = 'datagen')",
            "CREATE TABLE u (id INT, name STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
                    + " WITH ('connector' = 'datagen')",
            "CREATE TABLE t (k INT, c BIGINT) WITH ('connector' = 'blackhole')",
            "CREATE TABLE renamed (the_key INT, the_count BIGINT) WITH ('connector' = 'blackhole')",
            "CREATE TABLE t3 (k INT, c BIGINT, d BIGINT) WITH ('connector' = 'blackhole')",
            "CREATE TABLE tw (k INT, ws TIMESTAMP(3), c BIGINT) WITH ('connector' = 'blackhole')",
            "CREATE TABLE tj (k INT, name STRING) WITH ('connector' = 'print')",
            "CREATE TABLE fs (a INT, b STRING, c INT, fp STRING METADATA FROM 'file.path' VIRTUAL, d AS c + 1)"
                    + " WITH ('connector' = 'filesystem', 'path' = '/nowhere', 'format' = 'json')",
            "CREATE TABLE tf (k STRING, c BIGINT, s INT) WITH ('connector' = 'blackhole')",
            "CREATE TABLE cdc (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED)"
                    + " WITH ('connector' = 'filesystem', 'path' = '/nowhere', 'format' = 'debezium-json')",
            "CREATE TABLE tu (k INT, c BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'print')",
            "CREATE TABLE tu_renamed (id INT, n BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'print')");

    private static final String COUNT_PER_K = "INSERT INTO t SELECT k, COUNT(*) FROM s GROUP BY k";

    /** The compiled plan of the statement, planned in a fresh streaming table environment with the options. */
    private static String plan(String insert, Map<String, String> options) {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        options.forEach((key, value) -> tables.getConfig().set(key, value));
        TABLES.forEach(tables::executeSql);
        return tables.compilePlanSql(insert).asJsonString();
    }

    private static List<StatefulNode> stateful(String insert) {
        return PlanMeanings.of(plan(insert, Map.of()));
    }

    /** The one stateful node of the plan (a test's query has exactly one). */
    private static StatefulNode only(String insert) {
        return only(stateful(insert));
    }

    private static StatefulNode only(List<StatefulNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.get(0);
    }

    @Test
    void aGroupAggregateIsItsKeysFunctionsAndTtlWithThePlansDescription() {
        String json = plan(COUNT_PER_K, Map.of());
        StatefulNode count = only(PlanMeanings.of(json));

        assertThat(count.type()).isEqualTo("stream-exec-group-aggregate");
        assertThat(count.description()).isEqualTo("GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS EXPR$1])");
        assertThat(json).contains("\"id\" : " + count.nodeId() + ",\n    \"type\" : \"stream-exec-group-aggregate_");
        assertThat(count.summary()).isEqualTo("GroupAggregate(groupBy=[k]) count state");
        assertThat(count.meaning()).contains("keys=[`default_catalog`.`default_database`.`s`.`k`:INT]")
                .contains("$COUNT$").contains("ttl=[groupAggregateState=0 ms]")
                .doesNotContain("EXPR$1").doesNotContain("\"id\"");
    }

    /** A query of each kind of stateful node modelled. */
    private static final List<String> QUERIES = List.of(
            COUNT_PER_K,
            "INSERT INTO t3 SELECT k, COUNT(DISTINCT v), SUM(w) FILTER (WHERE v > 1) FROM s GROUP BY k",
            "INSERT INTO tj SELECT s.k, u.name FROM s JOIN u ON s.k = u.id AND s.v > u.id",
            "INSERT INTO tj SELECT s.k, u.name FROM s LEFT JOIN u ON s.k = u.id AND s.v > u.id",
            "INSERT INTO tj SELECT s.k, u.name FROM s JOIN u ON s.k = u.id AND s.ts BETWEEN u.ts - INTERVAL '5'"
                    + " SECOND AND u.ts",
            "INSERT INTO tw SELECT k, window_start, COUNT(*) FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL '5'"
                    + " SECOND, INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end",
            "INSERT INTO tw SELECT k, TUMBLE_START(ts, INTERVAL '10' SECOND), COUNT(*) FROM s"
                    + " GROUP BY k, TUMBLE(ts, INTERVAL '10' SECOND)",
            "INSERT INTO tj SELECT k, CAST(v AS STRING) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k"
                    + " ORDER BY v DESC) AS rn FROM s) WHERE rn <= 3",
            "INSERT INTO tj SELECT k, CAST(v AS STRING) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k"
                    + " ORDER BY ts ASC) AS rn FROM s) WHERE rn = 1",
            "INSERT INTO t SELECT k, SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND"
                    + " CURRENT ROW) FROM s",
            "INSERT INTO tu SELECT k, cnt FROM (SELECT k, v, COUNT(*) AS cnt FROM s GROUP BY k, v)");

    private static final Map<String, String> MINI_BATCH = Map.of("table.exec.mini-batch.enabled", "true",
            "table.exec.mini-batch.allow-latency", "1 s", "table.exec.mini-batch.size", "100");

    @Test
    void theSameQueryPlannedTwiceMeansTheSame() {
        for (Map<String, String> options : List.of(Map.<String, String>of(), MINI_BATCH)) {
            for (String insert : QUERIES) {
                List<StatefulNode> first = PlanMeanings.of(plan(insert, options));
                List<StatefulNode> second = PlanMeanings.of(plan(insert, options));

                assertThat(first).as(insert).isNotEmpty();
                // Node ids count up across plans in one JVM; what the state means does not.
                assertThat(second).extracting(StatefulNode::meaning).as(insert)
                        .isEqualTo(first.stream().map(StatefulNode::meaning).toList());
                assertThat(second).extracting(StatefulNode::summary).as(insert)
                        .isEqualTo(first.stream().map(StatefulNode::summary).toList());
                assertThat(second).extracting(StatefulNode::description).as(insert)
                        .isEqualTo(first.stream().map(StatefulNode::description).toList());
                assertThat(first).extracting(StatefulNode::summary).as(insert).noneMatch(s -> s.contains("not modelled"));
            }
        }
    }

    @Test
    void aChangedGroupingKeyOfTheSameTypeChangesTheMeaning() {
        StatefulNode byK = only(COUNT_PER_K);
        StatefulNode byV = only("INSERT INTO t SELECT v, COUNT(*) FROM s GROUP BY v");

        assertThat(byV.type()).isEqualTo(byK.type());
        assertThat(byV.meaning()).isNotEqualTo(byK.meaning());
        assertThat(byV.summary()).isEqualTo("GroupAggregate(groupBy=[v]) count state");
    }

    @Test
    void anAddedAggregateChangesTheMeaning() {
        StatefulNode count = only(COUNT_PER_K);
        StatefulNode countAndSum = only("INSERT INTO t3 SELECT k, COUNT(*), SUM(CAST(v AS BIGINT)) FROM s GROUP BY k");

        assertThat(countAndSum.meaning()).isNotEqualTo(count.meaning());
        assertThat(countAndSum.summary()).isEqualTo("GroupAggregate(groupBy=[k]) count, sum state");
    }

    @Test
    void anotherFunctionOrArgumentChangesTheMeaning() {
        StatefulNode countV = only("INSERT INTO t SELECT k, COUNT(v) FROM s GROUP BY k");
        StatefulNode sumV = only("INSERT INTO t SELECT k, SUM(v) FROM s GROUP BY k");
        StatefulNode countW = only("INSERT INTO t SELECT k, COUNT(w) FROM s GROUP BY k");
        StatefulNode countDistinctV = only("INSERT INTO t SELECT k, COUNT(DISTINCT v) FROM s GROUP BY k");

        assertThat(List.of(countV.meaning(), sumV.meaning(), countW.meaning(), countDistinctV.meaning()))
                .doesNotHaveDuplicates();
    }

    @Test
    void aFilterAddedBeforeTheAggregateLeavesItsMeaning() {
        StatefulNode all = only(COUNT_PER_K);
        StatefulNode filtered = only("INSERT INTO t SELECT k, COUNT(*) FROM s WHERE v > 3 AND w IS NOT NULL GROUP BY k");

        assertThat(filtered.meaning()).isEqualTo(all.meaning());
        assertThat(filtered.summary()).isEqualTo(all.summary());
    }

    @Test
    void aRenamedSinkOrAliasesLeaveTheMeaning() {
        StatefulNode count = only(COUNT_PER_K);
        StatefulNode renamedSink = only("INSERT INTO renamed SELECT k, COUNT(*) FROM s GROUP BY k");
        StatefulNode aliased = only(
                "INSERT INTO t SELECT the_key, COUNT(*) AS cnt FROM (SELECT k AS the_key FROM s) GROUP BY the_key");

        assertThat(renamedSink.meaning()).isEqualTo(count.meaning());
        assertThat(aliased.meaning()).isEqualTo(count.meaning());
    }

    @Test
    void aColumnProjectedAfterTheAggregateLeavesItsMeaning() {
        StatefulNode count = only(COUNT_PER_K);
        StatefulNode projected = only(
                "INSERT INTO t3 SELECT k, cnt, cnt * 2 FROM (SELECT k, COUNT(*) AS cnt FROM s GROUP BY k)");

        assertThat(projected.meaning()).isEqualTo(count.meaning());
    }

    @Test
    void twoPhaseAggregatesResolveTheirCallsThroughTheLocalHalf() {
        Map<String, String> miniBatch = MINI_BATCH;
        StatefulNode sumV = only(PlanMeanings.of(plan("INSERT INTO t SELECT k, SUM(v) FROM s GROUP BY k", miniBatch)));
        StatefulNode sumVFiltered = only(PlanMeanings.of(
                plan("INSERT INTO t SELECT k, SUM(v) FROM s WHERE w > 0 GROUP BY k", miniBatch)));
        StatefulNode sumW = only(PlanMeanings.of(plan("INSERT INTO t SELECT k, SUM(w) FROM s GROUP BY k", miniBatch)));

        assertThat(sumV.type()).isEqualTo("stream-exec-global-group-aggregate");
        assertThat(sumV.meaning()).contains("`s`.`v`:INT");
        assertThat(sumVFiltered.meaning()).isEqualTo(sumV.meaning());
        assertThat(sumW.meaning()).isNotEqualTo(sumV.meaning());
    }

    @Test
    void miniBatchesLeaveAOnePhaseAggregatesMeaning() {
        Map<String, String> onePhaseMiniBatch = new HashMap<>(MINI_BATCH);
        onePhaseMiniBatch.put("table.optimizer.agg-phase-strategy", "ONE_PHASE");
        StatefulNode perRow = only(COUNT_PER_K);
        StatefulNode miniBatched = only(PlanMeanings.of(plan(COUNT_PER_K, onePhaseMiniBatch)));

        // Flink's MiniBatchGroupAggFunction declares the very state GroupAggFunction does.
        assertThat(miniBatched.type()).isEqualTo("stream-exec-group-aggregate");
        assertThat(miniBatched.meaning()).isEqualTo(perRow.meaning());
    }

    @Test
    void aChangedStateTtlChangesTheMeaning() {
        StatefulNode hour = only(PlanMeanings.of(plan(COUNT_PER_K, Map.of("table.exec.state.ttl", "1 h"))));
        StatefulNode twoHours = only(PlanMeanings.of(plan(COUNT_PER_K, Map.of("table.exec.state.ttl", "2 h"))));

        assertThat(hour.meaning()).contains("ttl=[groupAggregateState=1 h]");
        assertThat(twoHours.meaning()).isNotEqualTo(hour.meaning());
    }

    @Test
    void aChangedWindowSizeChangesTheMeaning() {
        String tumble = "INSERT INTO tw SELECT k, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts),"
                + " INTERVAL '%d' SECOND)) GROUP BY k, window_start, window_end";
        StatefulNode tenSeconds = only(String.format(tumble, 10));
        StatefulNode tenSecondsAgain = only(String.format(tumble, 10));
        StatefulNode twentySeconds = only(String.format(tumble, 20));

        assertThat(tenSeconds.meaning()).contains("PT10S").contains("time=`default_catalog`.`default_database`.`s`.`ts`");
        assertThat(tenSecondsAgain.meaning()).isEqualTo(tenSeconds.meaning());
        assertThat(twentySeconds.meaning()).isNotEqualTo(tenSeconds.meaning());
        assertThat(tenSeconds.summary()).contains("groupBy=[k]").contains("PT10S").endsWith("count state");
    }

    @Test
    void aChangedGroupWindowSizeChangesTheMeaning() {
        String tumble = "INSERT INTO tw SELECT k, TUMBLE_START(ts, INTERVAL '%1$d' SECOND), COUNT(*) FROM s"
                + " GROUP BY k, TUMBLE(ts, INTERVAL '%1$d' SECOND)";
        StatefulNode tenSeconds = only(String.format(tumble, 10));
        StatefulNode twentySeconds = only(String.format(tumble, 20));

        assertThat(tenSeconds.type()).isEqualTo("stream-exec-group-window-aggregate");
        assertThat(twentySeconds.meaning()).isNotEqualTo(tenSeconds.meaning());
    }

    @Test
    void aJoinIsItsTypeKeysAndSides() {
        StatefulNode join = only("INSERT INTO tj SELECT s.k, u.name FROM s JOIN u ON s.k = u.id");
        StatefulNode otherKey = only("INSERT INTO tj SELECT s.k, u.name FROM s JOIN u ON s.v = u.id");
        StatefulNode swapped = only("INSERT INTO tj SELECT s.k, u.name FROM u JOIN s ON s.k = u.id");
        StatefulNode left = only("INSERT INTO tj SELECT s.k, u.name FROM s LEFT JOIN u ON s.k = u.id");

        assertThat(join.summary()).isEqualTo("Join(leftKeys=[s.k], rightKeys=[u.id]) INNER join state");
        assertThat(swapped.summary()).isEqualTo("Join(leftKeys=[u.id], rightKeys=[s.k]) INNER join state");
        assertThat(left.summary()).isEqualTo("Join(leftKeys=[s.k], rightKeys=[u.id]) LEFT join state");
        assertThat(List.of(join.meaning(), otherKey.meaning(), swapped.meaning(), left.meaning()))
                .doesNotHaveDuplicates();
    }

    @Test
    void aJoinsConditionCountsOnlyWhereItDecidesWhatAnOuterSideStores() {
        StatefulNode inner = only("INSERT INTO tj SELECT s.k, u.name FROM s JOIN u ON s.k = u.id AND s.v > u.id");
        StatefulNode innerOtherCondition = only(
                "INSERT INTO tj SELECT s.k, u.name FROM s JOIN u ON s.k = u.id AND s.v < u.id");
        StatefulNode outer = only("INSERT INTO tj SELECT s.k, u.name FROM s LEFT JOIN u ON s.k = u.id AND s.v > u.id");
        StatefulNode outerOtherCondition = only(
                "INSERT INTO tj SELECT s.k, u.name FROM s LEFT JOIN u ON s.k = u.id AND s.v < u.id");

        // An inner join stores every row of both sides whatever the condition: the state means the same.
        assertThat(innerOtherCondition.meaning()).isEqualTo(inner.meaning());
        // A LEFT join's left side stores with each row how many right rows matched it, which the condition decides.
        assertThat(outerOtherCondition.meaning()).isNotEqualTo(outer.meaning());
    }

    @Test
    void aRankIsItsPartitionOrderAndRange() {
        String topN = "INSERT INTO tj SELECT k, CAST(v AS STRING) FROM (SELECT *, ROW_NUMBER() OVER"
                + " (PARTITION BY %s ORDER BY v DESC) AS rn FROM s) WHERE rn <= %d";
        StatefulNode top3ByK = only(String.format(topN, "k", 3));
        StatefulNode top3ByW = only(String.format(topN, "w", 3));
        StatefulNode top5ByK = only(String.format(topN, "k", 5));

        assertThat(top3ByK.summary()).isEqualTo("Rank(partitionBy=[k], orderBy=[v DESC]) ROW_NUMBER state");
        assertThat(List.of(top3ByK.meaning(), top3ByW.meaning(), top5ByK.meaning())).doesNotHaveDuplicates();
    }

    @Test
    void statefulNodesComeInTopologicalOrder() {
        List<StatefulNode> nodes = stateful("INSERT INTO t SELECT s.k, COUNT(*) FROM s JOIN u ON s.k = u.id GROUP BY s.k");

        assertThat(nodes).extracting(StatefulNode::type)
                .containsExactly("stream-exec-join", "stream-exec-group-aggregate");
        assertThat(nodes.get(0).nodeId()).isLessThan(nodes.get(1).nodeId());
    }

    @Test
    void anUnknownStatefulNodeTypeMeansItsWholeConfiguration() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(plan(COUNT_PER_K, Map.of()));
        ObjectNode aggregate = (ObjectNode) root.get("nodes").findParents("aggCalls").get(0);
        aggregate.put("type", "stream-exec-fancy-aggregate_3");
        StatefulNode fancy = only(PlanMeanings.of(JSON.writeValueAsString(root)));
        aggregate.put("fancyOption", 42);
        StatefulNode fancier = only(PlanMeanings.of(JSON.writeValueAsString(root)));

        // Still stateful (its plan gives it a "state" array), and any change to it is a change of meaning.
        assertThat(fancy.type()).isEqualTo("stream-exec-fancy-aggregate");
        assertThat(fancy.meaning()).startsWith("stream-exec-fancy-aggregate_3 ")
                .contains("`default_catalog`.`default_database`.`s`.`k`");
        assertThat(fancier.meaning()).isNotEqualTo(fancy.meaning());
        assertThat(fancy.summary()).contains("not modelled");
    }

    @Test
    void anUnknownNodeUpstreamMakesItsFieldsOpaqueButDeterministic() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(plan(
                "INSERT INTO t SELECT k, COUNT(*) FROM s WHERE v > 3 GROUP BY k", Map.of()));
        ObjectNode calc = (ObjectNode) root.get("nodes").findParents("projection").get(0);
        calc.put("type", "stream-exec-mystery_1");
        StatefulNode once = only(PlanMeanings.of(JSON.writeValueAsString(root)));
        StatefulNode twice = only(PlanMeanings.of(JSON.writeValueAsString(root)));
        calc.put("mysteryOption", "other");
        StatefulNode changed = only(PlanMeanings.of(JSON.writeValueAsString(root)));

        assertThat(once.meaning()).contains("opaque(stream-exec-mystery:");
        assertThat(twice.meaning()).isEqualTo(once.meaning());
        assertThat(changed.meaning()).isNotEqualTo(once.meaning());

        // Even a row whose type cannot be read: what is read from it changes with it.
        calc.remove("outputType");
        StatefulNode untyped = only(PlanMeanings.of(JSON.writeValueAsString(root)));
        calc.put("mysteryOption", "yet another");
        StatefulNode untypedChanged = only(PlanMeanings.of(JSON.writeValueAsString(root)));
        assertThat(untypedChanged.meaning()).isNotEqualTo(untyped.meaning());
    }

    @Test
    void whatIsNotACompiledPlanIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> PlanMeanings.of("{\"nodes\": [")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The compiled plan is not valid JSON");
        assertThatThrownBy(() -> PlanMeanings.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> PlanMeanings.of("{\"flinkVersion\": \"2.2\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"nodes\" array");
        assertThatThrownBy(() -> PlanMeanings.of("{\"nodes\": [{\"type\": \"stream-exec-calc_1\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric \"id\"");
        assertThatThrownBy(() -> PlanMeanings.of("{\"nodes\": [{\"id\": 1, \"type\": \"stream-exec-calc_1\"}],"
                + " \"edges\": [{\"source\": 7, \"target\": 1}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not have");
        assertThatThrownBy(() -> PlanMeanings.of("{\"nodes\": [{\"id\": 1, \"type\": \"a_1\"}, {\"id\": 2,"
                + " \"type\": \"b_1\"}], \"edges\": [{\"source\": 1, \"target\": 2}, {\"source\": 2, \"target\": 1}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle");
    }

    @Test
    void aPlanWithoutStatefulNodesHasNone() {
        assertThat(stateful("INSERT INTO t SELECT k, CAST(v AS BIGINT) FROM s WHERE v > 0")).isEmpty();
    }

    @Test
    void eachNodesDescriptionIsThatOfTheOperatorFlinkMakesOfIt() {
        StreamExecutionEnvironment streams = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment tables = StreamTableEnvironment.create(streams);
        TABLES.forEach(tables::executeSql);
        String insert = "INSERT INTO t SELECT s.k, COUNT(*) FROM s JOIN u ON s.k = u.id GROUP BY s.k";
        List<StatefulNode> nodes = PlanMeanings.of(
                ((TableEnvironmentInternal) tables).compilePlanSql(insert).asJsonString());
        StreamStatementSet statements = tables.createStatementSet();
        statements.addInsertSql(insert);
        statements.attachAsDataStream();

        // Flink prefixes an operator's description with its plan node's id, "[12]:", which counts up per planning:
        // the same only when the job runs from this very plan.
        List<String> operators = streams.getStreamGraph().getStreamNodes().stream()
                .map(StreamNode::getOperatorDescription).map(text -> text.replaceFirst("^\\[\\d+]:", "")).toList();
        assertThat(nodes).hasSize(2);
        assertThat(operators).containsAll(nodes.stream().map(StatefulNode::description).toList());
    }

    @Test
    void aSinksUpsertMaterializerIsItsPrimaryKeyAndRowsWhateverTheTable() {
        String countPerKAndV = "INSERT INTO %s SELECT k, cnt FROM (SELECT k, v, COUNT(*) AS cnt FROM s GROUP BY k, v)";
        List<StatefulNode> nodes = stateful(String.format(countPerKAndV, "tu"));
        List<StatefulNode> renamed = stateful(String.format(countPerKAndV, "tu_renamed"));
        List<StatefulNode> otherRows = stateful(
                "INSERT INTO tu SELECT k, cnt FROM (SELECT k, w, COUNT(*) AS cnt FROM s GROUP BY k, w)");

        assertThat(nodes).extracting(StatefulNode::type)
                .containsExactly("stream-exec-group-aggregate", "stream-exec-sink");
        StatefulNode materializer = nodes.get(1);
        assertThat(materializer.summary()).isEqualTo("SinkMaterializer(pk=[k]) rows state");
        assertThat(materializer.meaning()).contains("ttl=[sinkMaterializeState=0 ms]");
        assertThat(renamed.get(1).meaning()).isEqualTo(materializer.meaning());
        assertThat(otherRows.get(1).meaning()).isNotEqualTo(materializer.meaning());
    }

    @Test
    void aDeduplicationIsItsKeyAndWhichRowItKeeps() {
        String dedup = "INSERT INTO tj SELECT k, CAST(v AS STRING) FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY %s"
                + " ORDER BY ts %s) AS rn FROM s) WHERE rn = 1";
        StatefulNode firstPerK = only(String.format(dedup, "k", "ASC"));
        StatefulNode lastPerK = only(String.format(dedup, "k", "DESC"));
        StatefulNode firstPerW = only(String.format(dedup, "w", "ASC"));

        assertThat(firstPerK.type()).isEqualTo("stream-exec-deduplicate");
        assertThat(firstPerK.summary()).isEqualTo("Deduplicate(key=[k]) first row state");
        assertThat(lastPerK.summary()).isEqualTo("Deduplicate(key=[k]) last row state");
        assertThat(List.of(firstPerK.meaning(), lastPerK.meaning(), firstPerW.meaning())).doesNotHaveDuplicates();
    }

    @Test
    void anOverAggregateIsItsPartitionWindowAndCalls() {
        String over = "INSERT INTO t SELECT k, %s(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN %d PRECEDING AND"
                + " CURRENT ROW) FROM s";
        StatefulNode sumOfThree = only(String.format(over, "SUM", 2));
        StatefulNode sumOfFour = only(String.format(over, "SUM", 3));
        StatefulNode maxOfThree = only(String.format(over, "MAX", 2));

        assertThat(sumOfThree.summary()).startsWith("OverAggregate(partitionBy=[k])");
        assertThat(List.of(sumOfThree.meaning(), sumOfFour.meaning(), maxOfThree.meaning())).doesNotHaveDuplicates();
    }

    @Test
    void anIntervalJoinIsItsKeysAndBounds() {
        String interval = "INSERT INTO tj SELECT s.k, u.name FROM s JOIN u ON s.k = u.id AND s.ts BETWEEN u.ts"
                + " - INTERVAL '%d' SECOND AND u.ts";
        StatefulNode fiveSeconds = only(String.format(interval, 5));
        StatefulNode tenSeconds = only(String.format(interval, 10));

        assertThat(fiveSeconds.summary()).isEqualTo("IntervalJoin(leftKeys=[s.k], rightKeys=[u.id]) INNER join state");
        assertThat(tenSeconds.meaning()).isNotEqualTo(fiveSeconds.meaning());
    }

    @Test
    void aHoppingWindowsSlideCounts() {
        String hop = "INSERT INTO tw SELECT k, window_start, COUNT(*) FROM TABLE(HOP(TABLE s, DESCRIPTOR(ts), INTERVAL"
                + " '%d' SECOND, INTERVAL '20' SECOND)) GROUP BY k, window_start, window_end";
        assertThat(only(String.format(hop, 10)).meaning()).isNotEqualTo(only(String.format(hop, 5)).meaning());
    }

    @Test
    void columnsReadThroughProjectionsAndMetadataPushedIntoTheSourceAreTheTablesColumns() {
        StatefulNode perB = only("INSERT INTO tf SELECT b, COUNT(*), SUM(d) FROM fs GROUP BY b");
        // The filter goes into the source (FilterPushDown) and widens its projection to a, b, c: b is still b.
        StatefulNode perBFiltered = only("INSERT INTO tf SELECT b, COUNT(*), SUM(d) FROM fs WHERE c > 1 AND a < 5"
                + " GROUP BY b");
        StatefulNode sumOfC = only("INSERT INTO tf SELECT b, COUNT(*), SUM(c) FROM fs GROUP BY b");
        StatefulNode perFile = only("INSERT INTO tf SELECT fp, COUNT(*), SUM(d) FROM fs GROUP BY fp");

        assertThat(perB.meaning()).contains("keys=[`default_catalog`.`default_database`.`fs`.`b`:VARCHAR(2147483647)]")
                .contains("$+$1(`default_catalog`.`default_database`.`fs`.`c`, ");
        assertThat(perBFiltered.meaning()).isEqualTo(perB.meaning());
        assertThat(perFile.meaning()).contains("`default_catalog`.`default_database`.`fs`.`fp`");
        assertThat(List.of(perB.meaning(), sumOfC.meaning(), perFile.meaning())).doesNotHaveDuplicates();
    }

    @Test
    void aChangelogNormalizeIsItsKeyAndTheRowsItKeeps() {
        Map<String, String> duplicates = Map.of("table.exec.source.cdc-events-duplicate", "true");
        StatefulNode normalize = only(PlanMeanings.of(plan("INSERT INTO tj SELECT id, name FROM cdc", duplicates)));
        StatefulNode aliased = only(PlanMeanings.of(plan(
                "INSERT INTO tj SELECT i, n FROM (SELECT id AS i, name AS n FROM cdc)", duplicates)));

        assertThat(normalize.type()).isEqualTo("stream-exec-changelog-normalize");
        assertThat(normalize.summary()).isEqualTo("ChangelogNormalize(key=[id]) last row state");
        assertThat(normalize.meaning()).contains("key=[`default_catalog`.`default_database`.`cdc`.`id`:INT]");
        assertThat(aliased.meaning()).isEqualTo(normalize.meaning());
    }
}
