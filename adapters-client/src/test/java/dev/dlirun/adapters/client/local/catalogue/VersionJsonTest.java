package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.state.StateVerdict;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionJsonTest {

    /** A value each field accepts, for every field of {@link JobField}: the test fails when a new one has none. */
    private static Object valueOf(JobField field) {
        return switch (field) {
            case NAME -> "orders";
            case SQL_BODY -> "SELECT 'ü\\n';\nSELECT 2";
            case CHECKPOINT_MODE -> 2;
            case TAGS -> List.of(Map.of("key", "team", "value", "ads"), Map.of("key", "env", "value", ""));
            case EDGE_GROUP_IDS, DEPENDENCY_JARS, DEPENDENCY_FILES -> List.of("a", "b");
            case RUN_MODE -> "exclusive_cluster";
            case DIRTY_DATA_STRATEGY -> "2:obs://b/dirty";
            case RESUME_MAX_NUM -> 7;
            case TEMPLATE_ID -> 12;
            default -> switch (field.wireName()) {
                case "checkpoint_enabled", "log_enabled", "restart_when_exception", "resume_checkpoint" -> true;
                case "cu_number", "parallel_number", "checkpoint_interval", "manager_cu_number", "tm_cus",
                     "tm_slot_num", "idle_state_retention" -> 3;
                default -> field.wireName() + "-value";
            };
        };
    }

    @Test
    void aDefinitionWithEveryFieldSetReadsBackExactly() {
        Map<String, Object> body = new LinkedHashMap<>();
        for (JobField field : EnumSet.allOf(JobField.class)) {
            body.put(field.wireName(), valueOf(field));
        }
        for (JobType type : JobType.values()) {
            JobDefinition whole = JobDefinition.created(type, JobFields.parse(body));

            JobDefinition read = VersionJson.definition(VersionJson.definition(whole));

            assertThat(read).as(type.wireName()).isEqualTo(whole);
            assertThat(read.fields()).as(type.wireName()).isEqualTo(whole.fields());
        }
    }

    @Test
    void aDefinitionOfDefaultsReadsBackExactly() {
        JobDefinition bare = JobDefinition.named("bare", JobType.FLINK_JAR_JOB);

        assertThat(VersionJson.definition(VersionJson.definition(bare))).isEqualTo(bare);
    }

    @Test
    void everyVerdictReadsBackExactly() {
        List<StateVerdict.OperatorNote> notes = List.of(new StateVerdict.OperatorNote("0".repeat(32),
                "GroupAggregate(groupBy=[k], select=[k, COUNT(*) AS \"c\"])", "its state (1 KB) would be dropped"));
        for (StateVerdict verdict : List.of(StateVerdict.compatible("all taken up"),
                StateVerdict.dropsState("one dropped", notes), StateVerdict.incompatible("another key", notes),
                StateVerdict.unknown("another Flink"))) {
            assertThat(VersionJson.verdict(VersionJson.verdict(verdict))).isEqualTo(verdict);
        }
    }

    @Test
    void whatTheCatalogueCannotReadIsItsFaultNeverTheCallers() {
        assertThatThrownBy(() -> VersionJson.definition("{\"job_type\": \"spark\", \"fields\": {}}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown job type: spark");
        assertThatThrownBy(() -> VersionJson.definition("{\"job_type\": \"flink_jar_job\", \"fields\": "
                + "{\"name\": \"a\", \"parallel_number\": 0}}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("breaks a rule");
        assertThatThrownBy(() -> VersionJson.definition("not json")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> VersionJson.verdict("{\"kind\": \"maybe\", \"reason\": \"r\", \"operators\": []}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown state verdict: maybe");
    }
}
