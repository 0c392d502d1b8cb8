package dev.dlirun.domain.template;

import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplatePageTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final ProjectId OTHER = ProjectId.of("p2");

    private static JobTemplate template(long id, ProjectId project, String name, long createTime, JobTag... tags) {
        return new JobTemplate(TemplateId.of(id), project, name, "", "", JobType.FLINK_SQL_JOB, List.of(tags),
                createTime, createTime);
    }

    private static TemplateQuery query(boolean ascending, int limit, long offset) {
        return new TemplateQuery(PROJECT, Optional.empty(), Optional.empty(), ascending, limit, offset);
    }

    private static List<Long> ids(TemplatePage page) {
        return page.templates().stream().map(template -> template.id().value()).toList();
    }

    // created at 10, 30, 20, 20: ids 1, 2, 3, 4; 3 and 4 created at the same time
    private static final List<JobTemplate> TEMPLATES = List.of(
            template(4, PROJECT, "d", 20), template(1, PROJECT, "a", 10),
            template(2, PROJECT, "b", 30), template(3, PROJECT, "c", 20));

    @Test
    void theNewestComeFirstByDefaultAndOfTheSameTimeTheHigherId() {
        TemplatePage page = TemplatePage.of(TemplateQuery.all(PROJECT), TEMPLATES);

        assertThat(page.totalCount()).isEqualTo(4);
        assertThat(ids(page)).containsExactly(2L, 4L, 3L, 1L);
    }

    @Test
    void ascendingTheOldestComeFirstAndOfTheSameTimeTheLowerId() {
        TemplatePage page = TemplatePage.of(query(true, 10, 0), TEMPLATES);

        assertThat(page.totalCount()).isEqualTo(4);
        assertThat(ids(page)).containsExactly(1L, 3L, 4L, 2L);
    }

    @Test
    void aPageSkipsTheOffsetAndHoldsAtMostTheLimitWhileTheTotalCountsEveryMatch() {
        TemplatePage page = TemplatePage.of(query(true, 2, 1), TEMPLATES);

        assertThat(page.totalCount()).isEqualTo(4);
        assertThat(ids(page)).containsExactly(3L, 4L);
    }

    @Test
    void aPagePastTheEndIsEmptyButCountsEveryMatch() {
        TemplatePage page = TemplatePage.of(query(true, 10, 4), TEMPLATES);

        assertThat(page.totalCount()).isEqualTo(4);
        assertThat(page.templates()).isEmpty();
    }

    @Test
    void theLastPageHoldsWhatIsLeft() {
        TemplatePage page = TemplatePage.of(query(false, 3, 3), TEMPLATES);

        assertThat(page.totalCount()).isEqualTo(4);
        assertThat(ids(page)).containsExactly(1L);
    }

    @Test
    void anotherProjectsTemplatesAreNeverListed() {
        List<JobTemplate> mixed = List.of(template(1, PROJECT, "a", 10), template(2, OTHER, "a", 20));

        TemplatePage page = TemplatePage.of(TemplateQuery.all(PROJECT), mixed);

        assertThat(page.totalCount()).isEqualTo(1);
        assertThat(ids(page)).containsExactly(1L);
    }

    @Test
    void onlyTemplatesMatchingTheFiltersAreListedAndCounted() {
        List<JobTemplate> templates = List.of(
                template(1, PROJECT, "orders", 10, new JobTag("env", "prod")),
                template(2, PROJECT, "users", 20, new JobTag("env", "prod")),
                template(3, PROJECT, "orders-2", 30, new JobTag("env", "dev")),
                template(4, PROJECT, "more-orders", 40, new JobTag("env", "prod")));
        TemplateQuery query = new TemplateQuery(PROJECT, Optional.of("orders"),
                Optional.of(new JobTag("env", "prod")), false, 10, 0);

        TemplatePage page = TemplatePage.of(query, templates);

        assertThat(page.totalCount()).isEqualTo(2);
        assertThat(ids(page)).containsExactly(4L, 1L);
    }

    @Test
    void noTemplateIsAnEmptyPage() {
        TemplatePage page = TemplatePage.of(TemplateQuery.all(PROJECT), List.of());

        assertThat(page.totalCount()).isZero();
        assertThat(page.templates()).isEmpty();
    }

    @Test
    void aPageHoldsAnUnmodifiableCopyOfItsTemplates() {
        List<JobTemplate> given = new ArrayList<>(List.of(template(1, PROJECT, "a", 10)));
        TemplatePage page = new TemplatePage(5, given);
        given.add(template(2, PROJECT, "b", 20));

        assertThat(page.totalCount()).isEqualTo(5);
        assertThat(ids(page)).containsExactly(1L);
        assertThatThrownBy(() -> page.templates().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aPageWithoutItsTemplatesIsRefused() {
        assertThatThrownBy(() -> new TemplatePage(0, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("templates");
    }
}
