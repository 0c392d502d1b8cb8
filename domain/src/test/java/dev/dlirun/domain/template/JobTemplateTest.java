package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTemplateTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final TemplateId ID = TemplateId.of(5);
    private static final List<JobTag> TAGS = List.of(new JobTag("env", "prod"));
    private static final Optional<String> NONE = Optional.empty();

    private static JobTemplate template() {
        return JobTemplate.created(ID, PROJECT,
                new NewTemplate("t1", "about", "SELECT 1", JobType.FLINK_OPENSOURCE_SQL_JOB, TAGS), 1_000);
    }

    @Test
    void aCreatedTemplateIsWhatWasAskedForCreatedAndUpdatedNow() {
        JobTemplate template = template();

        assertThat(template.id()).isEqualTo(ID);
        assertThat(template.projectId()).isEqualTo(PROJECT);
        assertThat(template.name()).isEqualTo("t1");
        assertThat(template.desc()).isEqualTo("about");
        assertThat(template.sqlBody()).isEqualTo("SELECT 1");
        assertThat(template.jobType()).isEqualTo(JobType.FLINK_OPENSOURCE_SQL_JOB);
        assertThat(template.tags()).isEqualTo(TAGS);
        assertThat(template.createTime()).isEqualTo(1_000);
        assertThat(template.updateTime()).isEqualTo(1_000);
    }

    @Test
    void aCreatedTemplateTakesTheDefaultsOfAnEmptyAsk() {
        JobTemplate template = JobTemplate.created(ID, PROJECT, new NewTemplate("t1", null, null, null, null), 7);

        assertThat(template.desc()).isEmpty();
        assertThat(template.sqlBody()).isEmpty();
        assertThat(template.jobType()).isEqualTo(JobType.FLINK_SQL_JOB);
        assertThat(template.tags()).isEmpty();
    }

    @Test
    void changesReplaceTheNameDescriptionAndSqlAndTheUpdateTime() {
        JobTemplate changed = template().changed(new TemplateChanges(Optional.of("t2"), Optional.of("new"),
                Optional.of("SELECT 2")), 2_000);

        assertThat(changed).isEqualTo(new JobTemplate(ID, PROJECT, "t2", "new", "SELECT 2",
                JobType.FLINK_OPENSOURCE_SQL_JOB, TAGS, 1_000, 2_000));
    }

    @Test
    void absentChangesKeepTheirValues() {
        JobTemplate changed = template().changed(new TemplateChanges(NONE, NONE, NONE), 1_500);

        assertThat(changed).isEqualTo(new JobTemplate(ID, PROJECT, "t1", "about", "SELECT 1",
                JobType.FLINK_OPENSOURCE_SQL_JOB, TAGS, 1_000, 1_500));
    }

    @Test
    void eachChangeAloneLeavesTheOthers() {
        assertThat(template().changed(new TemplateChanges(Optional.of("t2"), NONE, NONE), 1_000))
                .extracting(JobTemplate::name, JobTemplate::desc, JobTemplate::sqlBody)
                .containsExactly("t2", "about", "SELECT 1");
        assertThat(template().changed(new TemplateChanges(NONE, Optional.of(""), NONE), 1_000))
                .extracting(JobTemplate::name, JobTemplate::desc, JobTemplate::sqlBody)
                .containsExactly("t1", "", "SELECT 1");
        assertThat(template().changed(new TemplateChanges(NONE, NONE, Optional.of("SELECT 3")), 1_000))
                .extracting(JobTemplate::name, JobTemplate::desc, JobTemplate::sqlBody)
                .containsExactly("t1", "about", "SELECT 3");
    }

    @Test
    void anUpdateTimeNeverPrecedesTheCreationTime() {
        JobTemplate changed = template().changed(new TemplateChanges(Optional.of("t2"), NONE, NONE), 999);

        assertThat(changed.createTime()).isEqualTo(1_000);
        assertThat(changed.updateTime()).isEqualTo(1_000);
    }

    @Test
    void anIdAndAProjectAreRequired() {
        assertThatThrownBy(() -> new JobTemplate(null, PROJECT, "t", "", "", JobType.FLINK_SQL_JOB, TAGS, 1, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> new JobTemplate(ID, null, "t", "", "", JobType.FLINK_SQL_JOB, TAGS, 1, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("projectId");
    }

    @Test
    void everyFieldFollowsTheTemplateRulesWithoutDefaults() {
        assertThatThrownBy(() -> new JobTemplate(ID, PROJECT, "", "", "", JobType.FLINK_SQL_JOB, TAGS, 1, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("name must be 1 to 64 characters long.");
        assertThatThrownBy(() -> new JobTemplate(ID, PROJECT, "t", null, "", JobType.FLINK_SQL_JOB, TAGS, 1, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("desc must be at most 512 characters long.");
        assertThatThrownBy(() -> new JobTemplate(ID, PROJECT, "t", "", null, JobType.FLINK_SQL_JOB, TAGS, 1, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("sql_body must be at most 10000 characters long.");
        assertThatThrownBy(() -> new JobTemplate(ID, PROJECT, "t", "", "", null, TAGS, 1, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("job_type must be flink_sql_job or flink_opensource_sql_job.");
        assertThatThrownBy(() -> new JobTemplate(ID, PROJECT, "t", "", "", JobType.FLINK_SQL_JOB, null, 1, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("tags must hold at most 20 tags.");
    }
}
