package dev.dlirun.adapters.client.local;

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
                LocalJob.created(ProjectId.of("p1"), JobId.of(131), "orders", JobType.FLINK_OPENSOURCE_SQL_JOB,
                        JobStatus.JOB_CANCEL_SUCCESS, true, "obs://b/sp", NOW),
                LocalJob.created(ProjectId.of("p2"), JobId.of(Long.MAX_VALUE), "n", JobType.FLINK_JAR_JOB,
                        JobStatus.JOB_RUNNING, false, null, NOW));
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
}
