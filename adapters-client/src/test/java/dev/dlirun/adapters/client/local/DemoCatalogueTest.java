package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCatalogueTest {

    private final List<LocalJob> jobs = DemoCatalogue.jobs(Instant.EPOCH);

    private LocalJob demo(long id) {
        return jobs.stream().filter(j -> j.projectId().equals(DemoCatalogue.PROJECT) && j.id().equals(JobId.of(id)))
                .findFirst().orElseThrow();
    }

    @Test
    void theApiPagesExampleJobsCanAllResumeFromASavepoint() {
        for (long id : new long[]{131, 130, 138, 137}) {
            assertThat(demo(id).status().isStartable()).as("job %d startable", id).isTrue();
            assertThat(demo(id).hasSavepoint()).as("job %d has a savepoint", id).isTrue();
        }
    }

    @Test
    void itAlsoShowsEachRefusal() {
        assertThat(demo(140).status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(demo(141).hasSavepoint()).isFalse();
        assertThat(demo(142).status().isStartable()).isFalse();
        assertThat(jobs).anyMatch(j -> j.projectId().equals(DemoCatalogue.OTHER_PROJECT) && j.id().equals(JobId.of(131)));
    }

    @Test
    void itsJobsAreDistinct() {
        assertThat(jobs.stream().map(j -> j.projectId() + "/" + j.id())).doesNotHaveDuplicates();
    }
}
