package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.local.model.UpgradeRecord;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionStamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An H2 data directory's catalogue moved into PostgreSQL reads back, through the catalogue's API, as it was. */
class CatalogueMoveTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final ProjectId OTHER = ProjectId.of("p2");
    private static final long NOW = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    @TempDir
    static Path directory;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(directory.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyJobStateHistoryVersionTemplateAndUpgradeIsMovedAndAFullCatalogueIsRefused(@TempDir Path data) {
        List<JobId> ids;
        UpgradeRecord upgrade;
        JobTemplate template;
        try (JdbcJobCatalogue h2 = JdbcJobCatalogue.inDirectory(data)) {
            h2.addAllIfAbsent(List.of(TestJobs.job(PROJECT, 1, JobStatus.JOB_RUNNING, true),
                    TestJobs.job(PROJECT, 2, JobStatus.JOB_CANCEL_SUCCESS, true),
                    TestJobs.job(PROJECT, 3, JobStatus.JOB_SUBMIT_FAIL, false),
                    TestJobs.job(OTHER, 1, JobStatus.JOB_INIT, false)));
            LocalJob created = h2.create(PROJECT, id -> LocalJob.created(PROJECT, id,
                    JobCatalogueContract.defined("orders", "tags", List.of(Map.of("key", "team", "value", "a"))),
                    JobStatus.JOB_INIT, false, null, Instant.ofEpochMilli(NOW)),
                    VersionStamp.of(VersionReason.CREATE, PROJECT));
            h2.redefine(PROJECT, created.id(), job -> job.with(JobCatalogueContract.defined("orders",
                    "sql_body", "SELECT 2", "tags", List.of(Map.of("key", "team", "value", "b")))),
                    VersionStamp.of(VersionReason.UPDATE, PROJECT));
            h2.update(PROJECT, created.id(), job -> job.with(TestJobs.running(TestJobs.launching(job.run(),
                    RuntimeJobId.generate(), false, null, null, NOW + 4), NOW + 5)));
            h2.recordSavepoint(new SavepointRecord(PROJECT, JobId.of(2), "file:/sp/a", NOW,
                    SavepointRecord.Origin.STOP, "Flink 2.2.1", 0));
            h2.recordSavepoint(new SavepointRecord(PROJECT, JobId.of(2), "file:/sp/b", NOW + 1,
                    SavepointRecord.Origin.IMPORT, "Flink 2.2.1", 0));
            template = h2.templates().create(PROJECT, 100, id -> new JobTemplate(id, PROJECT, "tpl", "a template",
                    "SELECT 1", JobType.FLINK_OPENSOURCE_SQL_JOB, List.of(new JobTag("k", "v")), NOW, NOW))
                    .orElseThrow();
            upgrade = UpgradeRecord.begun(UpgradeId.generate(), h2.find(PROJECT, created.id()).orElseThrow(),
                    JobCatalogueContract.defined("orders", "sql_body", "SELECT 3"), Duration.ofSeconds(60), true, NOW);
            h2.upgrades().save(upgrade);
            ids = List.of(JobId.of(1), JobId.of(2), JobId.of(3), created.id());
        }

        String url = PostgresJobCatalogueTest.freshDatabase(postgres);
        try (JdbcJobCatalogue h2 = JdbcJobCatalogue.inDirectory(data);
             JdbcJobCatalogue pg = JdbcJobCatalogue.onPostgres(url, postgres.user(), postgres.password())) {
            CatalogueMove.Moved moved = CatalogueMove.move(h2, pg);

            assertThat(moved.jobs()).isEqualTo(5);
            assertThat(moved.rows()).containsEntry("savepoints", 2L).containsEntry("job_versions", 2L)
                    .containsEntry("job_tags", 1L).containsEntry("job_templates", 1L)
                    .containsEntry("job_upgrades", 1L).containsEntry("project_jobs", 2L);
            assertThat(pg.findAll(PROJECT, ids)).isEqualTo(h2.findAll(PROJECT, ids)).hasSize(4);
            assertThat(pg.findAll(OTHER, List.of(JobId.of(1)))).isEqualTo(h2.findAll(OTHER, List.of(JobId.of(1))));
            for (JobId id : ids) {
                assertThat(pg.savepoints(PROJECT, id)).isEqualTo(h2.savepoints(PROJECT, id));
                assertThat(pg.versions(PROJECT, id, 0, 10)).isEqualTo(h2.versions(PROJECT, id, 0, 10));
            }
            assertThat(pg.list(JobQuery.all(PROJECT))).isEqualTo(h2.list(JobQuery.all(PROJECT)));
            assertThat(pg.list(JobQuery.all(PROJECT)).totalCount()).isEqualTo(4);
            assertThat(pg.templates().all(PROJECT)).containsExactly(template);
            assertThat(pg.upgrades().find(PROJECT, upgrade.id())).isEqualTo(h2.upgrades().find(PROJECT, upgrade.id()))
                    .isPresent();

            // New ids go on from where the data directory's went.
            LocalJob next = pg.create(PROJECT, id -> LocalJob.created(PROJECT, id,
                    JobCatalogueContract.defined("clicks"), JobStatus.JOB_INIT, false, null, Instant.ofEpochMilli(NOW)),
                    VersionStamp.of(VersionReason.CREATE, PROJECT));
            assertThat(next.id().value()).isEqualTo(ids.get(3).value() + 1);
            assertThat(pg.templates().create(PROJECT, 100, id -> new JobTemplate(id, PROJECT, "tpl2", "",
                    "SELECT 1", JobType.FLINK_OPENSOURCE_SQL_JOB, List.of(), NOW, NOW)).orElseThrow().id().value())
                    .isEqualTo(template.id().value() + 1);

            assertThatThrownBy(() -> CatalogueMove.move(h2, pg))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the PostgreSQL catalogue is not empty (it holds 6 jobs, 2 job_templates, "
                            + "1 job_upgrades, 0 alerts)");
            assertThat(pg.count()).as("the refused move changed nothing").isEqualTo(6);
        }
    }
}
