package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
            first.update(PROJECT, JobId.of(1), j -> j.with(j.run().running(Instant.parse("2026-11-24T10:00:00Z")
                    .toEpochMilli())));
        }

        try (JdbcJobCatalogue again = JdbcJobCatalogue.inDirectory(dir)) {
            assertThat(again.find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_RUNNING);
        }
    }

    /** The table exactly as the first version of the service created it, with a job it acknowledged. */
    private static void firstVersionCatalogue(Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("catalogue") + ";WRITE_DELAY=0";
        try (Connection connection = DriverManager.getConnection(url, "dlirun", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS jobs ("
                    + "project_id VARCHAR(64) NOT NULL, job_id BIGINT NOT NULL, name VARCHAR(4096) NOT NULL, "
                    + "job_type VARCHAR(64) NOT NULL, status VARCHAR(64) NOT NULL, has_savepoint BOOLEAN NOT NULL, "
                    + "savepoint_path VARCHAR(4096), create_time BIGINT NOT NULL, start_time BIGINT, "
                    + "update_time BIGINT NOT NULL, resumed_from_savepoint BOOLEAN NOT NULL, "
                    + "PRIMARY KEY (project_id, job_id))");
            statement.execute("INSERT INTO jobs VALUES ('p1', 131, 'orders', 'flink_jar_job', 'job_submitting', TRUE, "
                    + "'obs://b/sp/131', 1000, NULL, 2000, TRUE)");
        }
    }

    @Test
    void aDataDirectoryOfTheFirstVersionOpensWithItsJobsKept(@TempDir Path dir) throws Exception {
        firstVersionCatalogue(dir);

        try (JdbcJobCatalogue migrated = JdbcJobCatalogue.inDirectory(dir)) {
            LocalJob job = migrated.find(PROJECT, JobId.of(131)).orElseThrow();
            assertThat(job.name()).isEqualTo("orders");
            assertThat(job.jobType()).isEqualTo(JobType.FLINK_JAR_JOB);
            assertThat(job.status()).isEqualTo(JobStatus.JOB_SUBMITTING);
            assertThat(job.savepointPath()).isEqualTo("obs://b/sp/131");
            assertThat(job.resumedFromSavepoint()).isTrue();
            assertThat(job.createTime()).isEqualTo(1000);
            assertThat(job.definition().config()).isEqualTo(JobConfig.DEFAULTS);
            assertThat(job.definition().sqlBody()).isEmpty();
            assertThat(job.run().runtimeJobId()).isNull();
            assertThat(migrated.inStatuses(Set.of(JobStatus.JOB_SUBMITTING))).containsExactly(job);
            assertThat(migrated.list(dev.dlirun.domain.definition.JobQuery.all(PROJECT)).totalCount())
                    .as("the project's count, made by the migration").isEqualTo(1);

            migrated.addIfAbsent(job(1, JobStatus.JOB_INIT));
            assertThat(migrated.find(PROJECT, JobId.of(1))).contains(job(1, JobStatus.JOB_INIT));
            assertThat(migrated.list(dev.dlirun.domain.definition.JobQuery.all(PROJECT)).totalCount()).isEqualTo(2);
        }
        // And once migrated, it opens as any other.
        try (JdbcJobCatalogue again = JdbcJobCatalogue.inDirectory(dir)) {
            assertThat(again.count()).isEqualTo(2);
        }
    }

    @Test
    void aCatalogueWrittenByANewerVersionIsNotOpened(@TempDir Path dir) throws Exception {
        JdbcJobCatalogue.inDirectory(dir).close();
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("catalogue") + ";WRITE_DELAY=0";
        try (Connection connection = DriverManager.getConnection(url, "dlirun", "");
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version VALUES (99, 'V99__future.sql', 0)");
        }

        assertThatThrownBy(() -> JdbcJobCatalogue.inDirectory(dir))
                .isInstanceOf(JdbcJobCatalogue.CatalogueUnavailableException.class)
                .hasMessage("the job catalogue in " + dir + " cannot be brought up to date: the catalogue's schema is "
                        + "of version 99, newer than this service knows (4): it was written by a newer version of the "
                        + "service");
    }

    @Test
    void aBatchWhoseChangeFailsForOneJobChangesNone() {
        catalogue.addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue.addIfAbsent(job(2, JobStatus.JOB_INIT));

        assertThatThrownBy(() -> catalogue.updateAll(PROJECT, List.of(JobId.of(1), JobId.of(2)), j -> {
            if (j.id().equals(JobId.of(2))) {
                throw new IllegalStateException("planted failure");
            }
            return j.with(j.run().running(1));
        })).hasMessage("planted failure");

        assertThat(catalogue.find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void memoryCataloguesAreApart() {
        catalogue.addIfAbsent(job(1, JobStatus.JOB_INIT));

        try (JdbcJobCatalogue other = JdbcJobCatalogue.inMemory()) {
            assertThat(other.count()).isZero();
            assertThat(other.find(PROJECT, JobId.of(1))).isEqualTo(Optional.empty());
        }
    }
}
