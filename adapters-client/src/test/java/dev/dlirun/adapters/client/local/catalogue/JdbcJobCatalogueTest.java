package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.model.TestJobs;

import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcJobCatalogueTest extends JobCatalogueContract {

    private final JdbcJobCatalogue catalogue = JdbcJobCatalogue.inMemory();

    @Override
    JobCatalogue catalogue() {
        return catalogue;
    }

    /** The contract's tests then look up through the index, as the server does. */
    @BeforeEach
    void awaitTheIndex() throws InterruptedException {
        awaitIndexed(catalogue);
    }

    private static void awaitIndexed(JdbcJobCatalogue catalogue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!catalogue.indexed()) {
            assertThat(System.nanoTime()).as("the index loaded in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The index answers for each of {@code ids} what the table holds (the first ten that differ, if any, named). */
    private static void assertIndexedAsTheTable(JdbcJobCatalogue catalogue, List<JobId> ids) {
        Map<JobId, Job> table = new HashMap<>();
        catalogue.findAll(PROJECT, ids).forEach((id, job) -> table.put(id, job.toJob()));
        Map<JobId, Job> indexed = catalogue.lookUp(PROJECT, ids);
        assertThat(ids.stream().filter(id -> !java.util.Objects.equals(table.get(id), indexed.get(id)))
                .map(id -> id + ": table " + table.get(id) + ", index " + indexed.get(id)).limit(10).toList())
                .as("jobs the index answers otherwise than the table").isEmpty();
    }

    @Test
    void theIndexOfAReopenedDataDirectoryIsLoadedFromItsTable(@TempDir Path dir) throws Exception {
        try (JdbcJobCatalogue first = JdbcJobCatalogue.inDirectory(dir)) {
            first.addAllIfAbsent(List.of(job(1, JobStatus.JOB_INIT), job(2, JobStatus.JOB_INIT)));
            first.update(PROJECT, JobId.of(2), j -> j.with(TestJobs.running(j.run(), 1)));
            first.delete(PROJECT, List.of(JobId.of(1)));
        }

        try (JdbcJobCatalogue again = JdbcJobCatalogue.inDirectory(dir)) {
            assertThat(again.indexed()).as("loaded only when asked").isFalse();
            // Written before the load begins: they leave the index alone, and reach it through the table the load reads.
            again.addIfAbsent(job(3, JobStatus.JOB_INIT));
            again.update(PROJECT, JobId.of(3), j -> TestJobs.inStatus(j, JobStatus.JOB_SUBMITTING));
            again.indexInBackground();
            awaitIndexed(again);
            assertThat(again.lookUp(PROJECT, List.of(JobId.of(1), JobId.of(2), JobId.of(3)))).isEqualTo(Map.of(
                    JobId.of(2), new Job(PROJECT, JobId.of(2), JobStatus.JOB_RUNNING, true),
                    JobId.of(3), new Job(PROJECT, JobId.of(3), JobStatus.JOB_SUBMITTING, true)));
        }
    }

    /**
     * The index is loaded while the catalogue serves: jobs updated, deleted and added during the load end in the index
     * as their last write left them, never as the (older) row the load read; the others as the load read them.
     */
    @Test
    void jobsWrittenWhileTheIndexLoadsAreIndexedAsTheirLastWriteLeftThem(@TempDir Path dir) throws Exception {
        int jobs = 10_000;
        try (JdbcJobCatalogue first = JdbcJobCatalogue.inDirectory(dir)) {
            for (int from = 1; from <= jobs; from += 2_000) {
                List<LocalJob> chunk = new ArrayList<>();
                for (long id = from; id < from + 2_000; id++) {
                    chunk.add(TestJobs.job(PROJECT, id, JobStatus.JOB_INIT, false));
                }
                first.addAllIfAbsent(chunk);
            }
        }
        List<JobId> ids = new ArrayList<>();
        for (long id = 1; id <= jobs + 500; id++) {
            ids.add(JobId.of(id));
        }
        try (JdbcJobCatalogue catalogue = JdbcJobCatalogue.inDirectory(dir)) {
            ExecutorService writers = Executors.newFixedThreadPool(4);
            CyclicBarrier start = new CyclicBarrier(5);
            List<Future<?>> written = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                int mine = writer;
                written.add(writers.submit(() -> {
                    start.await();
                    java.util.Random random = new java.util.Random(mine);
                    JobStatus[] statuses = JobStatus.values();
                    for (int round = 0; round < 150; round++) {
                        List<JobId> batch = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            batch.add(JobId.of(1 + random.nextInt(jobs)));
                        }
                        JobStatus status = statuses[random.nextInt(statuses.length)];
                        catalogue.updateAll(PROJECT, batch, j -> TestJobs.inStatus(j, status));
                        if (round % 10 == mine) {
                            catalogue.delete(PROJECT, List.of(JobId.of(1 + random.nextInt(jobs))));
                            catalogue.addIfAbsent(TestJobs.job(PROJECT, jobs + 1 + random.nextInt(500),
                                    JobStatus.JOB_RUNNING, true));
                        }
                    }
                    return null;
                }));
            }
            start.await();
            catalogue.loadIndex();
            for (Future<?> writer : written) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();

            assertThat(catalogue.indexed()).isTrue();
            assertIndexedAsTheTable(catalogue, ids);
        }
    }

    /** Writers of the same jobs at once: the index ends as the table, each job as its last committed write. */
    @Test
    void concurrentWritersOfTheSameJobsLeaveTheIndexAsTheTable() throws Exception {
        List<JobId> ids = new ArrayList<>();
        List<LocalJob> added = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            ids.add(JobId.of(id));
            added.add(job(id, JobStatus.JOB_INIT));
        }
        catalogue.addAllIfAbsent(added);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> written = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int mine = writer;
                written.add(writers.submit(() -> {
                    java.util.Random random = new java.util.Random(mine);
                    JobStatus[] statuses = JobStatus.values();
                    for (int round = 0; round < 200; round++) {
                        JobStatus status = statuses[random.nextInt(statuses.length)];
                        catalogue.updateAll(PROJECT, List.of(ids.get(random.nextInt(20)), ids.get(random.nextInt(20))),
                                j -> TestJobs.inStatus(j, status));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : written) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        assertIndexedAsTheTable(catalogue, ids);
    }

    @AfterEach
    void close() {
        catalogue.close();
    }

    @Test
    void whatIsStoredInADataDirectoryIsThereWhenItIsOpenedAgain(@TempDir Path dir) {
        try (JdbcJobCatalogue first = JdbcJobCatalogue.inDirectory(dir)) {
            first.addIfAbsent(job(1, JobStatus.JOB_INIT));
            first.update(PROJECT, JobId.of(1), j -> j.with(TestJobs.running(j.run(), Instant.parse("2026-11-24T10:00:00Z")
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
    void aChangeWhoseVersionCannotBeWrittenIsNotWrittenEither(@TempDir Path dir) throws Exception {
        LocalJob job;
        try (JdbcJobCatalogue first = JdbcJobCatalogue.inDirectory(dir)) {
            job = first.create(PROJECT, id -> LocalJob.created(PROJECT, id, JobDefinition.sql("orders",
                    JobType.FLINK_OPENSOURCE_SQL_JOB, "SELECT 1", JobConfig.DEFAULTS), JobStatus.JOB_INIT, false, null,
                    Instant.ofEpochMilli(1_000)));
        }
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("catalogue") + ";WRITE_DELAY=0";
        try (Connection connection = DriverManager.getConnection(url, "dlirun", "");
             Statement statement = connection.createStatement()) {
            // No version beyond the first may be written: the next change's version insert fails.
            statement.execute("ALTER TABLE job_versions ADD CONSTRAINT only_the_first CHECK (version < 2)");
        }

        try (JdbcJobCatalogue again = JdbcJobCatalogue.inDirectory(dir)) {
            assertThatThrownBy(() -> again.redefine(PROJECT, job.id(), current -> current.with(JobDefinition.sql(
                    "orders", JobType.FLINK_OPENSOURCE_SQL_JOB, "SELECT 2", JobConfig.DEFAULTS))))
                    .isInstanceOf(JdbcJobCatalogue.CatalogueUnavailableException.class);

            assertThat(again.find(PROJECT, job.id()).orElseThrow().definition().sqlBody())
                    .as("the job's change went with its version").contains("SELECT 1");
        }
    }

    @Test
    void aSavepointRecordedBeforeVersionsWereKeptIsOfVersionZeroAndAJobOfThenHasNoVersions(@TempDir Path dir)
            throws Exception {
        JdbcJobCatalogue.inDirectory(dir).close();
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("catalogue") + ";WRITE_DELAY=0";
        try (Connection connection = DriverManager.getConnection(url, "dlirun", "");
             Statement statement = connection.createStatement()) {
            // The rows as the service wrote them before schema version 7: no version named.
            statement.execute("INSERT INTO savepoints (project_id, job_id, path, taken_at, origin, runtime_version) "
                    + "VALUES ('p1', 131, 'file:/sp/old', 1000, 'STOP', 'Flink 2.2.1')");
        }

        try (JdbcJobCatalogue reopened = JdbcJobCatalogue.inDirectory(dir)) {
            assertThat(reopened.savepoints(PROJECT, JobId.of(131))).containsExactly(new SavepointRecord(PROJECT,
                    JobId.of(131), "file:/sp/old", 1000, SavepointRecord.Origin.STOP, "Flink 2.2.1", 0));
            reopened.addIfAbsent(job(131, JobStatus.JOB_CANCEL_SUCCESS));
            assertThat(reopened.latestVersion(PROJECT, JobId.of(131))).isEmpty();
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
                        + "of version 99, newer than this service knows (10): it was written by a newer version of the "
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
            return j.with(TestJobs.running(j.run(), 1));
        })).hasMessage("planted failure");

        assertThat(catalogue.find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_INIT);
    }

    /**
     * Callers writing at once never share a failure: of 24 callers, each changing its own two jobs, those whose change
     * throws and the one whose status text no row can hold (over the column's 4 096 characters) fail alone and leave
     * their jobs as they were; every other caller's jobs are written.
     */
    @Test
    void callersWritingAtOnceEachFailAlone() throws Exception {
        int callers = 24;
        for (long id = 1; id <= 2L * callers; id++) {
            catalogue.addIfAbsent(job(id, JobStatus.JOB_INIT));
        }
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int caller = 0; caller < callers; caller++) {
                int mine = caller;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    List<JobId> ids = List.of(JobId.of(2L * mine + 1), JobId.of(2L * mine + 2));
                    try {
                        catalogue.updateAll(PROJECT, ids, j -> {
                            if (mine % 3 == 1 && j.id().value() % 2 == 0) {
                                throw new IllegalStateException("planted failure " + mine);
                            }
                            String why = mine == 5 ? "x".repeat(5000) : "caller " + mine;
                            return j.with(TestJobs.moved(j.run(), JobStatus.JOB_SUBMITTING, why, 1));
                        });
                        return "written";
                    } catch (RuntimeException e) {
                        return e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                }));
            }
            for (int caller = 0; caller < callers; caller++) {
                String outcome = outcomes.get(caller).get(30, TimeUnit.SECONDS);
                List<LocalJob> jobs = List.of(catalogue.find(PROJECT, JobId.of(2L * caller + 1)).orElseThrow(),
                        catalogue.find(PROJECT, JobId.of(2L * caller + 2)).orElseThrow());
                if (caller % 3 == 1) {
                    assertThat(outcome).isEqualTo("IllegalStateException: planted failure " + caller);
                    assertThat(jobs).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.JOB_INIT));
                } else if (caller == 5) {
                    assertThat(outcome).startsWith("CatalogueUnavailableException: the job catalogue failed");
                    assertThat(jobs).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.JOB_INIT));
                } else {
                    assertThat(outcome).as("caller %d", caller).isEqualTo("written");
                    String written = "caller " + caller;
                    assertThat(jobs).allSatisfy(j -> assertThat(j.run().statusDesc()).isEqualTo(written));
                }
            }
        } finally {
            pool.shutdownNow();
        }
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
