package dev.dlirun.domain.definition;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobQueryTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    private static JobQuery page(int limit, long offset) {
        return new JobQuery(PROJECT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, limit, offset, false);
    }

    @Test
    void everyJobIsTheFirstPageOfTenNewestFirstWithoutFiltersOrDetail() {
        JobQuery all = JobQuery.all(PROJECT);

        assertThat(all.projectId()).isEqualTo(PROJECT);
        assertThat(all.limit()).isEqualTo(10).isEqualTo(JobQuery.DEFAULT_LIMIT);
        assertThat(all.offset()).isZero();
        assertThat(all.ascending()).isFalse();
        assertThat(all.withDetail()).isFalse();
        assertThat(all.type()).isEmpty();
        assertThat(all.status()).isEmpty();
        assertThat(all.queueName()).isEmpty();
        assertThat(all.namePrefix()).isEmpty();
        assertThat(all.userName()).isEmpty();
        assertThat(all.tag()).isEmpty();
        assertThat(all.rootJobId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50, 100})
    void aPageHoldsOneToAHundredJobs(int limit) {
        assertThat(page(limit, 0).limit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void aPageOfNoJobOrOfMoreThanAHundredIsRefused(int limit) {
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
    void everyFilterIsAnOptionalNeverNull() {
        assertThatThrownBy(() -> new JobQuery(PROJECT, Optional.empty(), null, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, 10, 0, false))
                .isInstanceOf(NullPointerException.class).hasMessage("status");
        assertThatThrownBy(() -> new JobQuery(PROJECT, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), null, Optional.empty(), false, 10, 0, false))
                .isInstanceOf(NullPointerException.class).hasMessage("tag");
    }
}
