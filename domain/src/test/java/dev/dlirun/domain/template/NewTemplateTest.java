package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NewTemplateTest {

    @Test
    void everyFieldGivenIsKept() {
        NewTemplate template = new NewTemplate("t1", "about", "SELECT 1", JobType.FLINK_OPENSOURCE_SQL_JOB,
                List.of(new JobTag("env", "prod")));

        assertThat(template.name()).isEqualTo("t1");
        assertThat(template.desc()).isEqualTo("about");
        assertThat(template.sqlBody()).isEqualTo("SELECT 1");
        assertThat(template.jobType()).isEqualTo(JobType.FLINK_OPENSOURCE_SQL_JOB);
        assertThat(template.tags()).containsExactly(new JobTag("env", "prod"));
    }

    @Test
    void absentOptionalFieldsAreEmptyOrTheDefaultKind() {
        NewTemplate template = new NewTemplate("t1", null, null, null, null);

        assertThat(template.desc()).isEmpty();
        assertThat(template.sqlBody()).isEmpty();
        assertThat(template.jobType()).isEqualTo(JobType.FLINK_SQL_JOB);
        assertThat(template.tags()).isEmpty();
    }

    @Test
    void aNameIsRequired() {
        assertThatThrownBy(() -> new NewTemplate(null, null, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessage("name must be 1 to 64 characters long.");
    }

    @Test
    void eachFieldGivenFollowsTheTemplateRules() {
        assertThatThrownBy(() -> new NewTemplate("t\n", null, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessage("name must not hold control characters.");
        assertThatThrownBy(() -> new NewTemplate("t", "d".repeat(513), null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessage("desc must be at most 512 characters long.");
        assertThatThrownBy(() -> new NewTemplate("t", null, "s".repeat(10_001), null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sql_body must be at most 10000 characters long.");
        assertThatThrownBy(() -> new NewTemplate("t", null, null, JobType.FLINK_JAR_JOB, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_type must be flink_sql_job or flink_opensource_sql_job.");
        assertThatThrownBy(() -> new NewTemplate("t", null, null, null,
                List.of(new JobTag("k", "1"), new JobTag("k", "2"))))
                .isInstanceOf(InvalidInputException.class).hasMessage("tags must not repeat the key k.");
    }
}
