package dev.dlirun.domain.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobFieldsTest {

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void aBodyIsReadByWireNameUnknownNamesIgnoredAndNullLeftOut() {
        JobFields fields = JobFields.parse(body("name", "orders", "cu_number", 4, "desc", null, "colour", "blue",
                "edge_group_ids", List.of("g1"), "tags", List.of(Map.of("key", "team", "value", "ads"))));

        assertThat(fields.names()).containsExactly(JobField.NAME, JobField.CU_NUMBER, JobField.EDGE_GROUP_IDS,
                JobField.TAGS);
        assertThat(fields.get(JobField.CU_NUMBER)).contains(4L);
        assertThat(fields.get(JobField.TAGS)).contains(List.of(new JobTag("team", "ads")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1|EXACTLY_ONCE", "2|AT_LEAST_ONCE", "exactly_once|EXACTLY_ONCE", "at_least_once|AT_LEAST_ONCE",
            "'2'|AT_LEAST_ONCE"})
    void theCheckpointModeIsTakenAsItsNumberOrItsName(String sent, CheckpointMode mode) {
        Object raw = sent.matches("\\d") ? (Object) Integer.parseInt(sent) : sent;
        assertThat(JobFields.parse(body("checkpoint_mode", raw)).get(JobField.CHECKPOINT_MODE)).contains(mode);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "checkpoint_mode|3|checkpoint_mode must be 1 (exactly_once) or 2 (at_least_once).",
            "cu_number|0|cu_number must be an integer from 1 to 10000.",
            "parallel_number|10001|parallel_number must be an integer from 1 to 10000.",
            "resume_max_num|-2|resume_max_num must be an integer from -1 to 100.",
            "checkpoint_interval|0|checkpoint_interval must be an integer from 1 to 86400.",
            "template_id|0|template_id must be an integer from 1 to 9223372036854775807.",
            "idle_state_retention|-1|idle_state_retention must be an integer from 0 to 2147483647.",
    })
    void aNumberOutOfItsRangeIsRefusedNamingTheFieldAndTheRange(String field, long value, String message) {
        assertThatThrownBy(() -> JobFields.parse(body(field, value))).isInstanceOf(InvalidInputException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "name||name must be 1 to 57 characters long.",
            "name|a b|name may hold only letters, digits, '-', '_' and '.'.",
            "name|x/../y|name may hold only letters, digits, '-', '_' and '.'.",
            "run_mode|cluster|run_mode must be one of shared_cluster, exclusive_cluster, edge_node.",
            "dirty_data_strategy|3|dirty_data_strategy must be \"0\" (ignore dirty data), \"1\" (fail the job) or "
                    + "\"2:<directory>\" (save it there).",
            "dirty_data_strategy|2:|dirty_data_strategy must be \"0\" (ignore dirty data), \"1\" (fail the job) or "
                    + "\"2:<directory>\" (save it there).",
            "flink_version||flink_version must be 1 to 32 characters long.",
    })
    void textThatBreaksItsRuleIsRefusedNamingTheField(String field, String value, String message) {
        assertThatThrownBy(() -> JobFields.parse(body(field, value == null ? "" : value)))
                .isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void aNameOfLettersOfAnyScriptDigitsAndPunctuationIsAccepted() {
        assertThat(JobFields.parse(body("name", "作业-1_v2.0")).get(JobField.NAME)).contains("作业-1_v2.0");
        assertThatThrownBy(() -> JobFields.parse(body("name", "x".repeat(58)))).hasMessage(
                "name must be 1 to 57 characters long.");
    }

    @Test
    void theSqlBodyMayHoldAMillionCharactersAndNoMore() {
        assertThat(JobFields.parse(body("sql_body", "x".repeat(1024 * 1024))).has(JobField.SQL_BODY)).isTrue();
        assertThatThrownBy(() -> JobFields.parse(body("sql_body", "x".repeat(1024 * 1024 + 1))))
                .hasMessage("sql_body must be at most 1048576 characters long.");
    }

    @Test
    void valuesOfTheWrongKindAreRefusedNamingTheField() {
        assertThatThrownBy(() -> JobFields.parse(body("cu_number", "2"))).hasMessage("cu_number must be an integer.");
        assertThatThrownBy(() -> JobFields.parse(body("log_enabled", "true")))
                .hasMessage("log_enabled must be true or false.");
        assertThatThrownBy(() -> JobFields.parse(body("desc", 5))).hasMessage("desc must be text.");
        assertThatThrownBy(() -> JobFields.parse(body("dependency_jars", List.of(1))))
                .hasMessage("dependency_jars must be a list of text.");
        assertThatThrownBy(() -> JobFields.parse(body("dependency_jars", List.of(" "))))
                .hasMessage("dependency_jars[0] must be 1 to 1024 characters long.");
    }

    @Test
    void tagsAreKeyValueObjectsEachKeyOnceAtMostTwenty() {
        assertThatThrownBy(() -> JobFields.parse(body("tags", List.of(Map.of("key", "a", "value", "1"),
                Map.of("key", "a", "value", "2"))))).hasMessage("tags[1].key must not repeat another tag's key.");
        assertThatThrownBy(() -> JobFields.parse(body("tags", List.of(Map.of("value", "1")))))
                .hasMessage("tags[0] must be an object with a text key and a text value.");
        assertThatThrownBy(() -> JobFields.parse(body("tags", List.of(Map.of("key", "a=b", "value", "1")))))
                .hasMessage("tags[0].key must be 1 to 128 characters long, without '='.");
        List<Map<String, String>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(Map.of("key", "k" + i, "value", "v"));
        }
        assertThatThrownBy(() -> JobFields.parse(body("tags", many))).hasMessage("tags must hold at most 20 tags.");
    }

    @Test
    void toJsonIsReadBackAsTheSameFields() {
        JobFields fields = JobFields.parse(body("name", "n", "checkpoint_mode", "at_least_once", "tm_cus", 3,
                "tags", List.of(Map.of("key", "k", "value", "v")), "dependency_files", List.of("f")));

        assertThat(fields.toJson()).containsEntry("checkpoint_mode", 2L);
        assertThat(JobFields.parse(fields.toJson())).isEqualTo(fields);
    }

    @Test
    void aMergeKeepsWhatTheChangeLeavesOutAndChangingNamesOnlyRealChanges() {
        JobFields current = JobFields.parse(body("name", "n", "cu_number", 2, "smn_topic", "a"));
        JobFields change = JobFields.parse(body("cu_number", 2, "smn_topic", "b", "desc", "d"));

        assertThat(current.with(change).toJson()).containsExactly(Map.entry("name", "n"), Map.entry("desc", "d"),
                Map.entry("cu_number", 2L), Map.entry("smn_topic", "b"));
        assertThat(change.changing(current)).containsExactlyInAnyOrder(JobField.SMN_TOPIC, JobField.DESC);
    }

    @Test
    void aDefinitionCreatedFromFieldsTakesDlisDefaultsAndKeepsEveryFieldItWasGiven() {
        JobDefinition created = JobDefinition.created(JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(body(
                "name", "n", "sql_body", "SELECT 1", "parallel_number", 3, "queue_name", "q", "runtime_config", "{ }")));

        assertThat(created.config().parallelNumber()).isEqualTo(3);
        assertThat(created.config().runtimeConfig()).contains("{ }");
        assertThat(created.queueName()).contains("q");
        assertThat(created.fields().toJson()).containsEntry("cu_number", 2L).containsEntry("manager_cu_number", 1L)
                .containsEntry("tm_cus", 1L).containsEntry("idle_state_retention", 3600L)
                .containsEntry("run_mode", "shared_cluster").containsEntry("checkpoint_interval", 10L)
                .containsEntry("resume_max_num", -1L);
        assertThat(created.updatedWith(JobFields.parse(body("parallel_number", 5))).config().parallelNumber())
                .isEqualTo(5);
        assertThat(JobDefinition.created(JobType.FLINK_JAR_JOB, JobFields.parse(body("name", "j"))).fields().toJson())
                .doesNotContainKey("idle_state_retention");
        assertThatThrownBy(() -> JobDefinition.created(JobType.FLINK_SQL_JOB, JobFields.EMPTY))
                .hasMessage("name is required.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cu_number|1|10000", "parallel_number|1|10000", "checkpoint_interval|1|86400",
            "resume_max_num|-1|100", "idle_state_retention|0|2147483647", "tm_slot_num|0|10000",
            "template_id|1|9223372036854775807"})
    void aNumberAtEitherEndOfItsRangeIsAccepted(String field, long min, long max) {
        assertThat(JobFields.parse(body(field, min)).get(JobField.fromWireName(field).orElseThrow())).contains(min);
        assertThat(JobFields.parse(body(field, max)).get(JobField.fromWireName(field).orElseThrow())).contains(max);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "2:obs://bucket/dirty", "2:x"})
    void aDirtyDataStrategyIgnoresFailsOrSavesInADirectory(String strategy) {
        assertThat(JobFields.parse(body("dirty_data_strategy", strategy)).get(JobField.DIRTY_DATA_STRATEGY))
                .contains(strategy);
    }

    @Test
    void aDirtyDataDirectoryMayMakeTheStrategyAtMost1024CharactersLong() {
        String longest = "2:" + "d".repeat(1022);
        assertThat(JobFields.parse(body("dirty_data_strategy", longest)).has(JobField.DIRTY_DATA_STRATEGY)).isTrue();
        assertThatThrownBy(() -> JobFields.parse(body("dirty_data_strategy", longest + "d")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("dirty_data_strategy must be");
    }

    @Test
    void aListHoldsAtMostItsNumberOfEntriesEachAtMostItsLength() {
        List<String> hundred = java.util.Collections.nCopies(100, "j".repeat(1024));
        assertThat(JobFields.parse(body("dependency_jars", hundred)).get(JobField.DEPENDENCY_JARS)).contains(hundred);

        List<String> more = new java.util.ArrayList<>(hundred);
        more.add("j");
        assertThatThrownBy(() -> JobFields.parse(body("dependency_jars", more)))
                .hasMessage("dependency_jars must hold at most 100 entries.");
        assertThatThrownBy(() -> JobFields.parse(body("edge_group_ids", List.of("g", "g".repeat(129)))))
                .hasMessage("edge_group_ids[1] must be 1 to 128 characters long.");
    }

    @Test
    void twentyTagsAreAcceptedAndATagWithoutValueHasAnEmptyOne() {
        List<Map<String, String>> twenty = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(Map.of("key", "k" + i, "value", "v"));
        }
        assertThat(JobFields.parse(body("tags", twenty)).get(JobField.TAGS, List.class))
                .hasValueSatisfying(tags -> assertThat(tags.size()).isEqualTo(20));
        assertThat(JobFields.parse(body("tags", List.of(Map.of("key", "team")))).get(JobField.TAGS))
                .contains(List.of(new JobTag("team", "")));
    }

    @Test
    void onlyTheFieldsSetAreThere() {
        JobFields fields = JobFields.parse(body("name", "n", "cu_number", 2));

        assertThat(fields.has(JobField.NAME)).isTrue();
        assertThat(fields.has(JobField.DESC)).isFalse();
        assertThat(fields.get(JobField.DESC)).isEmpty();
        assertThat(fields.isEmpty()).isFalse();
        assertThat(JobFields.EMPTY.isEmpty()).isTrue();
        assertThat(JobFields.parse(body("colour", "blue")).isEmpty()).as("an unknown name is no field").isTrue();
        assertThat(fields.asMap()).containsExactly(Map.entry(JobField.NAME, "n"), Map.entry(JobField.CU_NUMBER, 2L));
    }

    @Test
    void onlyAndWithoutKeepTheFieldsNamedAndTheOthers() {
        JobFields fields = JobFields.parse(body("name", "n", "cu_number", 2, "smn_topic", "t"));
        java.util.Set<JobField> named = java.util.Set.of(JobField.NAME, JobField.SMN_TOPIC, JobField.DESC);

        assertThat(fields.only(named)).isEqualTo(JobFields.parse(body("name", "n", "smn_topic", "t")));
        assertThat(fields.without(named)).isEqualTo(JobFields.parse(body("cu_number", 2)));
    }

    @Test
    void fieldsAreEqualWhenTheyHoldTheSameValues() {
        JobFields fields = JobFields.parse(body("name", "n", "cu_number", 2));

        assertThat(fields).isEqualTo(JobFields.of(Map.of(JobField.CU_NUMBER, 2, JobField.NAME, "n")))
                .hasSameHashCodeAs(JobFields.of(Map.of(JobField.CU_NUMBER, 2L, JobField.NAME, "n")))
                .isNotEqualTo(JobFields.parse(body("name", "n", "cu_number", 3)))
                .isNotEqualTo(JobFields.parse(body("name", "n")))
                .isNotEqualTo(Map.of("name", "n", "cu_number", 2L));
        assertThat(fields.hashCode()).isNotEqualTo(JobFields.EMPTY.hashCode());
    }

    @Test
    void fieldsShowAsWireNamesAndValues() {
        assertThat(JobFields.parse(body("cu_number", 2, "name", "n"))).hasToString("{name=n, cu_number=2}");
        assertThat(JobFields.EMPTY).hasToString("{}");
    }

    @Test
    void eachFieldSaysWhereAJobDetailShowsItAndWhatKindItIs() {
        assertThat(JobField.NAME).returns(JobField.Place.DETAIL, JobField::place)
                .returns(JobField.Kind.TEXT, JobField::kind).returns("must be text", JobField::kindRule);
        assertThat(JobField.CU_NUMBER).returns(JobField.Place.CONFIG, JobField::place)
                .returns(JobField.Kind.INTEGER, JobField::kind).returns("must be an integer", JobField::kindRule);
        assertThat(JobField.TAGS).returns(JobField.Place.NOWHERE, JobField::place)
                .returns("must be a list of {key, value} objects", JobField::kindRule);
        assertThat(JobField.LOG_ENABLED.kindRule()).isEqualTo("must be true or false");
        assertThat(JobField.DEPENDENCY_JARS.kindRule()).isEqualTo("must be a list of text");
        assertThat(JobField.CHECKPOINT_MODE.kindRule()).isEqualTo("must be 1 (exactly_once) or 2 (at_least_once)");
    }
}
