package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcJobCatalogueTest extends JobCatalogueContract {

    private final JdbcJobCatalogue catalogue = JdbcJobCatalogue.inMemory();

    @Override
    JobCatalogue catalogue() {
        return catalogue;
    }

    @AfterEach
    void close() {
        catalogue.close();
    }

    @Test
    void whatIsStoredInADataDirectoryIsThereWhenItIsOpenedAgain(@TempDir Path dir) {
        try (JdbcJobCatalogue first = JdbcJobCatalogue.inDirectory(dir)) {
            first.addIfAbsent(job(1, JobStatus.JOB_INIT));
            first.update(PROJECT, JobId.of(1), j -> j.running(Instant.parse("2026-11-24T10:00:00Z")));
        }

        try (JdbcJobCatalogue again = JdbcJobCatalogue.inDirectory(dir)) {
            assertThat(again.find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_RUNNING);
        }
    }

    @Test
    void aBatchWhoseChangeFailsForOneJobChangesNone() {
        catalogue.addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue.addIfAbsent(job(2, JobStatus.JOB_INIT));
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        assertThatThrownBy(() -> catalogue.updateAll(PROJECT, List.of(JobId.of(1), JobId.of(2)), j -> {
            if (j.id().equals(JobId.of(2))) {
                throw new IllegalStateException("planted failure");
            }
            return j.running(now);
        })).hasMessage("planted failure");

        assertThat(catalogue.find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void memoryCataloguesAreApart() {
        catalogue.addIfAbsent(job(1, JobStatus.JOB_INIT));

        try (JdbcJobCatalogue other = JdbcJobCatalogue.inMemory()) {
            assertThat(other.count()).isZero();
        }
    }
}
