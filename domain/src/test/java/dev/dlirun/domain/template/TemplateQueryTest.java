package dev.dlirun.domain.template;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateQueryTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    private static TemplateQuery page(int limit, long offset) {
        return new TemplateQuery(PROJECT, Optional.empty(), Optional.empty(), false, limit, offset);
    }

    private static TemplateQuery filtered(Optional<String> nameContains, Optional<JobTag> tag) {
        return new TemplateQuery(PROJECT, nameContains, tag, false, 10, 0);
    }

    private static JobTemplate template(String name, JobTag... tags) {
        return new JobTemplate(TemplateId.of(1), PROJECT, name, "", "", JobType.FLINK_SQL_JOB, List.of(tags), 1, 1);
    }

    @Test
    void everyTemplateIsTheFirstPageOfTenNewestFirstWithoutFilters() {
        TemplateQuery all = TemplateQuery.all(PROJECT);

        assertThat(all.projectId()).isEqualTo(PROJECT);
        assertThat(all.nameContains()).isEmpty();
        assertThat(all.tag()).isEmpty();
        assertThat(all.ascending()).isFalse();
        assertThat(all.limit()).isEqualTo(10).isEqualTo(TemplateQuery.DEFAULT_LIMIT);
        assertThat(all.offset()).isZero();
        assertThat(TemplateQuery.MAX_LIMIT).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50, 100})
    void aPageHoldsOneToAHundredTemplates(int limit) {
        assertThat(page(limit, 0).limit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void aPageOfNoTemplateOrOfMoreThanAHundredIsRefused(int limit) {
        assertThatThrownBy(() -> page(limit, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("limit must be an integer from 1 to 100.");
    }

    @Test
    void theOffsetIsZeroOrMore() {
        assertThat(page(10, 0).offset()).isZero();
        assertThat(page(10, 1).offset()).isEqualTo(1);
        assertThatThrownBy(() -> page(10, -1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("offset must be 0 or more.");
    }

    @Test
    void theProjectAndEveryFilterAreRequiredNeverNull() {
        assertThatThrownBy(() -> new TemplateQuery(null, Optional.empty(), Optional.empty(), false, 10, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("projectId");
        assertThatThrownBy(() -> new TemplateQuery(PROJECT, null, Optional.empty(), false, 10, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("nameContains");
        assertThatThrownBy(() -> new TemplateQuery(PROJECT, Optional.empty(), null, false, 10, 0))
                .isInstanceOf(NullPointerException.class).hasMessage("tag");
    }

    @Test
    void withoutFiltersEveryTemplateMatches() {
        assertThat(TemplateQuery.all(PROJECT).matches(template("any"))).isTrue();
    }

    @Test
    void aNameFilterMatchesAnyPartOfTheName() {
        TemplateQuery query = filtered(Optional.of("orders"), Optional.empty());

        assertThat(query.matches(template("orders"))).isTrue();
        assertThat(query.matches(template("daily-orders-sum"))).isTrue();
        assertThat(query.matches(template("order"))).isFalse();
        assertThat(query.matches(template("Orders"))).isFalse();
    }

    @Test
    void aTagFilterMatchesItsKeyAndValue() {
        TemplateQuery query = filtered(Optional.empty(), Optional.of(new JobTag("env", "prod")));

        assertThat(query.matches(template("t", new JobTag("team", "a"), new JobTag("env", "prod")))).isTrue();
        assertThat(query.matches(template("t", new JobTag("env", "dev")))).isFalse();
        assertThat(query.matches(template("t"))).isFalse();
    }

    @Test
    void aTemplateMatchesOnlyEveryFilterGiven() {
        TemplateQuery query = filtered(Optional.of("orders"), Optional.of(new JobTag("env", "prod")));

        assertThat(query.matches(template("orders", new JobTag("env", "prod")))).isTrue();
        assertThat(query.matches(template("orders", new JobTag("env", "dev")))).isFalse();
        assertThat(query.matches(template("users", new JobTag("env", "prod")))).isFalse();
    }
}
