package dev.dlirun.domain.definition;

import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DefinitionRulesTest {

    private static final JobId ID = JobId.of(7);
    private static final JobDefinition SQL = JobDefinition.created(JobType.FLINK_OPENSOURCE_SQL_JOB,
            JobFields.parse(Map.of("name", "n", "sql_body", "SELECT 1", "smn_topic", "t")));

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"JOB_INIT", "JOB_SUBMIT_FAIL", "JOB_CANCEL_SUCCESS", "JOB_FINISH",
            "JOB_IDLE"})
    void aJobThatDoesNotRunMayChangeAnything(JobStatus status) {
        assertThat(DefinitionRules.decideUpdate(ID, status, SQL, false,
                JobFields.parse(Map.of("sql_body", "SELECT 2", "parallel_number", 4)))).isEqualTo(Decision.ALLOW);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"JOB_SUBMITTING", "JOB_RUNNING", "JOB_RUNNING_EXCEPTION",
            "JOB_CANCELING", "JOB_SAVEPOINTING"})
    void whileAJobRunsOnlyFiveFieldsMayChangeAndTheRefusalSaysToStopItFirst(JobStatus status) {
        assertThat(DefinitionRules.decideUpdate(ID, status, SQL, false, JobFields.parse(Map.of(
                "smn_topic", "u", "restart_when_exception", true, "resume_checkpoint", true, "resume_max_num", 3,
                "obs_bucket", "b")))).isEqualTo(Decision.ALLOW);
        assertThat(DefinitionRules.decideUpdate(ID, status, SQL, false,
                JobFields.parse(Map.of("sql_body", "SELECT 2", "smn_topic", "u", "cu_number", 8))))
                .isEqualTo(Decision.refuse(new JobOutcome.NotChangeable(ID, "Job 7 is " + status.wireName()
                        + ": while it runs only obs_bucket, restart_when_exception, resume_checkpoint, resume_max_num, "
                        + "smn_topic may change. Stop it first to change cu_number, sql_body.")));
    }

    @Test
    void aFieldSetToTheValueItHasIsNoChangeEvenWhileTheJobRuns() {
        assertThat(DefinitionRules.decideUpdate(ID, JobStatus.JOB_RUNNING, SQL, false,
                JobFields.parse(Map.of("sql_body", "SELECT 1", "name", "n")))).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aJobIsChangedThroughTheEndpointOfItsKind() {
        assertThat(DefinitionRules.decideUpdate(ID, JobStatus.JOB_INIT, SQL, true, JobFields.EMPTY))
                .isEqualTo(Decision.refuse(new JobOutcome.NotChangeable(ID,
                        "Job 7 is a flink_opensource_sql_job; change it through PUT .../streaming/sql-jobs/7.")));
        JobDefinition jar = JobDefinition.created(JobType.FLINK_JAR_JOB, JobFields.parse(Map.of("name", "j")));
        assertThat(DefinitionRules.decideUpdate(ID, JobStatus.JOB_INIT, jar, false, JobFields.EMPTY))
                .isEqualTo(Decision.refuse(new JobOutcome.NotChangeable(ID,
                        "Job 7 is a flink_jar_job; change it through PUT .../streaming/flink-jobs/7.")));
    }
}
