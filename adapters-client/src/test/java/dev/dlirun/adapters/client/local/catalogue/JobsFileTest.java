package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobsFileTest {

    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");
    private static final String VALID = """
            {"project_id": "p1", "job_id": 131, "name": "orders", "job_type": "flink_opensource_sql_job",
             "status": "job_cancel_success", "has_savepoint": true, "savepoint_path": "obs://b/sp"}""";

    @Test
    void readsJobDetailShapedObjectsAndIgnoresOtherJobDetailFields(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("jobs.json");
        Files.writeString(file, "[" + VALID + ", " + """
                {"project_id": "p2", "job_id": 9223372036854775807, "name": "n", "job_type": "flink_jar_job",
                 "status": "job_running", "has_savepoint": false, "queue_name": "q", "desc": "d",
                 "create_time": 1700000000000, "restart_times": 0}]""");

        List<LocalJob> jobs = JobsFile.read(file, NOW);

        assertThat(jobs).containsExactly(
                LocalJob.created(ProjectId.of("p1"), JobId.of(131),
                        JobDefinition.named("orders", JobType.FLINK_OPENSOURCE_SQL_JOB),
                        JobStatus.JOB_CANCEL_SUCCESS, true, "obs://b/sp", NOW),
                LocalJob.created(ProjectId.of("p2"), JobId.of(Long.MAX_VALUE), JobDefinition.named("n",
                        JobType.FLINK_JAR_JOB), JobStatus.JOB_RUNNING, false, null, NOW));
    }

    @Test
    void readsAJobsCodeAndTheJobConfigFieldsThatShapeARun() {
        List<LocalJob> jobs = JobsFile.parse("f", """
                [{"project_id": "p1", "job_id": 1, "name": "counts", "job_type": "flink_opensource_sql_job",
                  "status": "job_init", "has_savepoint": false, "sql_body": "INSERT INTO s SELECT 1",
                  "job_config": {"parallel_number": 2, "checkpoint_enabled": true, "checkpoint_mode": 2,
                                 "checkpoint_interval": 5, "restart_when_exception": true, "resume_checkpoint": true,
                                 "resume_max_num": 3, "runtime_config": "{\\\"table.exec.mini-batch.enabled\\\": \\\"true\\\"}",
                                 "log_enabled": true, "obs_bucket": "ignored"}},
                 {"project_id": "p1", "job_id": 2, "name": "jar", "job_type": "flink_jar_job", "status": "job_init",
                  "has_savepoint": false, "main_class": "com.example.Main", "entrypoint_args": "--rate 5",
                  "job_config": {"entrypoint": "example.jar", "checkpoint_mode": "at_least_once",
                                 "runtime_config": {"parallelism.default": "2"}}}]""", NOW);

        assertThat(jobs.get(0).definition()).isEqualTo(JobDefinition.sql("counts", JobType.FLINK_OPENSOURCE_SQL_JOB,
                "INSERT INTO s SELECT 1", JobConfig.builder().parallelNumber(2).checkpointEnabled(true)
                        .checkpointMode(CheckpointMode.AT_LEAST_ONCE).checkpointIntervalSeconds(5)
                        .restartWhenException(true).resumeCheckpoint(true).resumeMaxNum(3)
                        .runtimeConfig("{\"table.exec.mini-batch.enabled\": \"true\"}").build()));
        JobDefinition jar = jobs.get(1).definition();
        assertThat(jar.mainClass()).contains("com.example.Main");
        assertThat(jar.entrypointArgs()).contains("--rate 5");
        assertThat(jar.config().entrypoint()).contains("example.jar");
        assertThat(jar.config().checkpointMode()).isEqualTo(CheckpointMode.AT_LEAST_ONCE);
        assertThat(jar.config().runtimeConfig()).contains("{\"parallelism.default\":\"2\"}");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            "job_config": 5                              | job_config must be a JSON object
            "job_config": {"parallel_number": 0}         | job_config.parallel_number must be at least 1
            "job_config": {"parallel_number": "2"}       | job_config.parallel_number must be an integer
            "job_config": {"checkpoint_mode": 3}         | job_config.checkpoint_mode must be 1 (exactly_once) or 2 (at_least_once)
            "job_config": {"checkpoint_interval": 0}     | job_config.checkpoint_interval must be at least 1 second
            "job_config": {"checkpoint_enabled": "true"} | job_config.checkpoint_enabled must be true or false
            "job_config": {"resume_max_num": -2}         | job_config.resume_max_num must be -1 (no limit) or more
            "job_config": {"entrypoint": 1}              | job_config.entrypoint must be a string
            "sql_body": 1                                | sql_body must be a string
            """)
    void aBadCodeOrConfigFieldIsReportedWithItsElementAndRule(String field, String expected) {
        String element = VALID.substring(0, VALID.length() - 1) + ", " + field + "}";

        assertThatThrownBy(() -> JobsFile.parse("jobs.json", "[" + element + "]", NOW))
                .isInstanceOf(JobsFileException.class)
                .hasMessage("jobs file jobs.json, element 0: " + expected);
    }

    @Test
    void anEmptyArrayIsAnEmptyCatalogue() {
        assertThat(JobsFile.parse("f", "[]", NOW)).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            "project_id"          | project_id is required
            "project_id": "a b",  | project_id must be 1 to 64 characters, each a letter, a digit, '_' or '-'
            "job_id": 0,          | job_id must be an integer from 1 to 9223372036854775807
            "job_id": 1.5,        | job_id must be an integer from 1 to 9223372036854775807
            "job_id": "131",      | job_id must be an integer from 1 to 9223372036854775807
            "job_id": 9223372036854775808, | job_id must be an integer from 1 to 9223372036854775807
            "name": " ",          | name must not be blank
            "name": 5,            | name must be a string
            "job_type": "spark",  | job_type must be one of flink_sql_job, flink_opensource_sql_job, flink_sql_edge_job, flink_jar_job; got "spark"
            "status": "job_finished", | status must be one of job_init, job_submitting, job_submit_fail, job_running, job_running_exception, job_downloading, job_idle, job_canceling, job_cancel_success, job_cancel_fail, job_savepointing, job_arrearage_stopped, job_arrearage_recovering, job_finish; got "job_finished"
            "has_savepoint": "yes", | has_savepoint must be true or false
            "savepoint_path": 3,  | savepoint_path must be a string
            """)
    void aBadFieldIsReportedWithItsElementAndRule(String override, String expected) {
        String element = override.endsWith(",") ? withField(override) : withoutField(override);

        assertThatThrownBy(() -> JobsFile.parse("jobs.json", "[" + VALID + ", " + element + "]", NOW))
                .isInstanceOf(JobsFileException.class)
                .hasMessage("jobs file jobs.json, element 1: " + expected);
    }

    private static String withField(String override) {
        String field = override.substring(0, override.indexOf(':'));
        return "{" + override + VALID.substring(1).replaceAll(field + ": [^,}]+,?", "").replaceAll(",\\s*}$", "}");
    }

    private static String withoutField(String quotedField) {
        return VALID.replaceAll(quotedField + ": [^,}]+,?", "");
    }

    @Test
    void aJobListedTwiceInTheSameProjectIsRefused() {
        assertThatThrownBy(() -> JobsFile.parse("f", "[" + VALID + "," + VALID + "]", NOW))
                .hasMessage("jobs file f, element 1: job 131 of project p1 is listed twice");
    }

    @Test
    void somethingOtherThanAnArrayOfObjectsIsRefused() {
        assertThatThrownBy(() -> JobsFile.parse("f", VALID, NOW)).hasMessage("jobs file f must hold a JSON array of jobs");
        assertThatThrownBy(() -> JobsFile.parse("f", "", NOW)).hasMessage("jobs file f must hold a JSON array of jobs");
        assertThatThrownBy(() -> JobsFile.parse("f", "[1]", NOW)).hasMessage("jobs file f, element 0: must be a JSON object");
    }

    @Test
    void brokenJsonIsReportedWithItsPlace() {
        assertThatThrownBy(() -> JobsFile.parse("f", "[\n{\"job_id\": }", NOW))
                .isInstanceOf(JobsFileException.class)
                .hasMessage("jobs file f is not valid JSON (line 2, column 12)");
        assertThatThrownBy(() -> JobsFile.parse("f", "[{\"job_id\": 1, \"job_id\": 2}]", NOW))
                .hasMessageStartingWith("jobs file f is not valid JSON");
    }

    @Test
    void aMissingFileIsReportedByName(@TempDir Path dir) {
        assertThatThrownBy(() -> JobsFile.read(dir.resolve("nope.json"), NOW))
                .hasMessage("jobs file " + dir.resolve("nope.json") + " does not exist");
    }

    @Test
    void aFileIsHandedOverInChunksHeldWholeOrStreamedAlike(@TempDir Path dir) throws Exception {
        StringBuilder five = new StringBuilder("[");
        for (int id = 1; id <= 5; id++) {
            five.append(id > 1 ? "," : "").append(VALID.replace("\"job_id\": 131", "\"job_id\": " + id));
        }
        Path file = Files.writeString(dir.resolve("five.json"), five.append("]"));

        for (long heldWhole : new long[]{Long.MAX_VALUE, 0}) {
            List<List<Long>> chunks = new java.util.ArrayList<>();
            long count = JobsFile.load(file, NOW, 2, chunk -> chunks.add(chunk.stream().map(j -> j.id().value())
                    .toList()), heldWhole);

            assertThat(count).isEqualTo(5);
            assertThat(chunks).as("held whole up to %d bytes", heldWhole)
                    .containsExactly(List.of(1L, 2L), List.of(3L, 4L), List.of(5L));
        }
    }

    @Test
    void aStreamedFileWithABrokenElementHandsNothingOver(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"), "[" + VALID + ", {\"job_id\": 2}]");
        List<LocalJob> handed = new java.util.ArrayList<>();

        assertThatThrownBy(() -> JobsFile.load(file, NOW, 1, handed::addAll, 0))
                .hasMessageStartingWith("jobs file " + file + ", element 1: ");
        assertThat(handed).isEmpty();
    }
}
