package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;

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
    void theApiPagesExampleJobsAreStartableSqlJobsWithCheckpoints() {
        for (long id : new long[]{131, 130, 138, 137}) {
            LocalJob job = demo(id);
            assertThat(job.status().isStartable()).as("job %d startable", id).isTrue();
            assertThat(job.definition().sqlBody()).as("job %d has SQL", id).hasValueSatisfying(sql ->
                    assertThat(sql).contains("'connector' = 'datagen'").contains("'connector' = 'filesystem'")
                            .contains("INSERT INTO"));
            assertThat(job.definition().config().checkpointEnabled()).isTrue();
        }
    }

    @Test
    void eightJobsCanRunAndOneHasASqlMistake() {
        assertThat(jobs.stream().filter(j -> j.projectId().equals(DemoCatalogue.PROJECT))
                .filter(j -> j.id().value() != DemoCatalogue.BROKEN_JOB)).hasSize(8);
        assertThat(demo(DemoCatalogue.BROKEN_JOB).definition().sqlBody().orElseThrow()).contains(" FORM ");
    }

    @Test
    void noJobPretendsToRunOrToHaveASavepointItDoesNotHave() {
        assertThat(jobs).allSatisfy(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.JOB_INIT);
            assertThat(job.hasSavepoint()).isFalse();
        });
    }

    @Test
    void anotherProjectHoldsAJob131OfItsOwn() {
        assertThat(jobs).anyMatch(j -> j.projectId().equals(DemoCatalogue.OTHER_PROJECT) && j.id().equals(JobId.of(131)));
    }

    @Test
    void itsJobsAreDistinct() {
        assertThat(jobs.stream().map(j -> j.projectId() + "/" + j.id())).doesNotHaveDuplicates();
    }
}
