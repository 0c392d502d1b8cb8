package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDefinitionTest {

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void everyRunSettingOfTheFieldsGoesIntoTheConfig() {
        JobDefinition definition = JobDefinition.from(JobType.FLINK_JAR_JOB, JobFields.parse(body(
                "name", "j", "parallel_number", 4, "checkpoint_enabled", true, "checkpoint_mode", 2,
                "checkpoint_interval", 30, "restart_when_exception", true, "resume_checkpoint", true,
                "resume_max_num", 5, "runtime_config", "a=b", "entrypoint", "obs://bucket/job.jar")));

        assertThat(definition.config()).isEqualTo(new JobConfig(4, true, CheckpointMode.AT_LEAST_ONCE, 30, true, true,
                5, Optional.of("a=b"), Optional.of("obs://bucket/job.jar")));
    }

    @Test
    void aDefinitionGivesBackEveryFieldItWasMadeFrom() {
        JobFields given = JobFields.parse(body("name", "j", "main_class", "com.example.Main",
                "entrypoint_args", "--in a --out b", "entrypoint", "obs://bucket/job.jar", "runtime_config", "a=b",
                "checkpoint_enabled", true, "queue_name", "q", "tags", List.of(Map.of("key", "team", "value", "ads"))));

        JobDefinition definition = JobDefinition.from(JobType.FLINK_JAR_JOB, given);

        assertThat(definition.mainClass()).contains("com.example.Main");
        assertThat(definition.entrypointArgs()).contains("--in a --out b");
        assertThat(definition.fields().only(given.names())).isEqualTo(given);
        assertThat(definition.extras().names()).as("the typed fields are not kept twice")
                .containsExactlyInAnyOrder(JobField.QUEUE_NAME, JobField.TAGS);
        assertThat(definition.tags()).containsExactly(new JobTag("team", "ads"));
        assertThat(definition.queueName()).contains("q");
    }

    @Test
    void aDefinitionWithoutOptionalFieldsGivesBackOnlyItsNameAndRunSettings() {
        JobDefinition named = JobDefinition.named("n", JobType.FLINK_SQL_JOB);

        assertThat(named.fields().names()).containsExactlyInAnyOrder(JobField.NAME, JobField.PARALLEL_NUMBER,
                JobField.CHECKPOINT_ENABLED, JobField.CHECKPOINT_MODE, JobField.CHECKPOINT_INTERVAL,
                JobField.RESTART_WHEN_EXCEPTION, JobField.RESUME_CHECKPOINT, JobField.RESUME_MAX_NUM);
        assertThat(named.config()).isEqualTo(JobConfig.DEFAULTS);
        assertThat(named.sqlBody()).isEmpty();
        assertThat(named.tags()).isEmpty();
        assertThat(named.queueName()).isEmpty();
    }

    @Test
    void aSqlJobHoldsItsScript() {
        JobDefinition sql = JobDefinition.sql("s", JobType.FLINK_OPENSOURCE_SQL_JOB, "SELECT 1", JobConfig.DEFAULTS);

        assertThat(sql.sqlBody()).contains("SELECT 1");
        assertThat(sql.fields().get(JobField.SQL_BODY)).contains("SELECT 1");
    }

    @Test
    void everyTypeButTheJarJobIsSql() {
        for (JobType type : JobType.values()) {
            assertThat(JobDefinition.named("n", type).isSql()).as(type.wireName())
                    .isEqualTo(type != JobType.FLINK_JAR_JOB);
        }
    }

    @Test
    void aBlankNameIsRefused() {
        assertThatThrownBy(() -> JobDefinition.named(" ", JobType.FLINK_SQL_JOB))
                .isInstanceOf(InvalidInputException.class).hasMessage("name must not be blank.");
    }
}
