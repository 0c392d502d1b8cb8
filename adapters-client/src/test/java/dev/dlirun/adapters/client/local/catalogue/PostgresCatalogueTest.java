package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue.CatalogueUnavailableException;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionStamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a PostgreSQL catalogue does for several instances: each catalogue object here, with its own pool, stands for
 * an instance; they share one database.
 */
class PostgresCatalogueTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
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

    private static JdbcJobCatalogue open(String url) {
        return JdbcJobCatalogue.onPostgres(url, postgres.user(), postgres.password());
    }

    private static LocalJob create(JobCatalogue catalogue, String name) {
        return catalogue.create(PROJECT, id -> LocalJob.created(PROJECT, id, JobCatalogueContract.defined(name),
                JobStatus.JOB_INIT, false, null, Instant.ofEpochMilli(NOW)), VersionStamp.of(VersionReason.CREATE,
                PROJECT));
    }

    @Test
    void instancesStartingAtOnceOnAFreshDatabaseMigrateItOnce() throws Exception {
        String url = PostgresJobCatalogueTest.freshDatabase(postgres);
        int instances = 4;
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        List<JdbcJobCatalogue> opened = new ArrayList<>();
        try {
            CyclicBarrier start = new CyclicBarrier(instances);
            List<Future<JdbcJobCatalogue>> answers = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                answers.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return open(url);
                }));
            }
            for (Future<JdbcJobCatalogue> answer : answers) {
                opened.add(answer.get(60, TimeUnit.SECONDS));
            }
            String database = url.substring(url.lastIndexOf('/') + 1);
            try (var connection = postgres.connect(database); var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT COUNT(*), MIN(version), MAX(version) FROM schema_version")) {
                rows.next();
                assertThat(List.of(rows.getInt(1), rows.getInt(2), rows.getInt(3))).containsExactly(10, 1, 10);
            }
            LocalJob made = create(opened.get(0), "orders");
            assertThat(opened.get(instances - 1).find(PROJECT, made.id())).contains(made);
        } finally {
            threads.shutdownNow();
            opened.forEach(JdbcJobCatalogue::close);
        }
    }

    @Test
    void ofInstancesCreatingOneNameAtOnceExactlyOneWins() throws Exception {
        String url = PostgresJobCatalogueTest.freshDatabase(postgres);
        try (JdbcJobCatalogue a = open(url); JdbcJobCatalogue b = open(url)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 10; round++) {
                    String name = "job-" + round;
                    CyclicBarrier start = new CyclicBarrier(4);
                    List<Future<LocalJob>> answers = new ArrayList<>();
                    for (JdbcJobCatalogue catalogue : List.of(a, b, a, b)) {
                        answers.add(threads.submit(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            return create(catalogue, name);
                        }));
                    }
                    int won = 0;
                    int refused = 0;
                    for (Future<LocalJob> answer : answers) {
                        try {
                            answer.get(30, TimeUnit.SECONDS);
                            won++;
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(DuplicateJobNameException.class);
                            refused++;
                        }
                    }
                    assertThat(List.of(won, refused)).as("round " + round).containsExactly(1, 3);
                }
                assertThat(a.count()).isEqualTo(10);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aFencedWriteIsRefusedOnceAnotherInstanceTookTheLeaseAndWritesNothing() throws Exception {
        String url = PostgresJobCatalogueTest.freshDatabase(postgres);
        try (JdbcJobCatalogue a = open(url); JdbcJobCatalogue b = open(url)) {
            long token = a.coordination().acquire("jobs/p1", "a", Duration.ofMinutes(1)).orElseThrow();
            AtomicLong held = new AtomicLong(token);
            JdbcJobCatalogue fenced = a.fencedBy("jobs/p1", "a", held::get);
            LocalJob job = create(fenced, "orders");
            assertThat(fenced.update(PROJECT, job.id(), j -> j.with(TestJobs.running(j.run(), NOW)))).isPresent();

            // a gives it up (as if it had expired), and b takes it before a writes again.
            a.coordination().release("jobs/p1", "a", token);
            assertThat(b.coordination().acquire("jobs/p1", "b", Duration.ofMinutes(1))).hasValue(token + 1);

            LocalJob before = a.find(PROJECT, job.id()).orElseThrow();
            assertThatThrownBy(() -> fenced.update(PROJECT, job.id(),
                    j -> j.with(TestJobs.moved(j.run(), JobStatus.JOB_RUNNING_EXCEPTION, "late", NOW + 1))))
                    .isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("a no longer holds the lease jobs/p1 with token " + token);
            assertThatThrownBy(() -> create(fenced, "clicks")).isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> fenced.delete(PROJECT, List.of(job.id()))).isInstanceOf(LeaseLostException.class);

            assertThat(b.find(PROJECT, job.id())).as("nothing written").contains(before);
            assertThat(b.count()).isEqualTo(1);
            assertThat(fenced.find(PROJECT, job.id())).as("reads are not fenced").contains(before);

            // Its new holder's writes go through, and a view with a stale token is refused even with the right holder.
            JdbcJobCatalogue ofB = b.fencedBy("jobs/p1", "b", () -> token + 1);
            assertThat(ofB.update(PROJECT, job.id(), j -> j.with(TestJobs.moved(j.run(), JobStatus.JOB_RUNNING_EXCEPTION,
                    "by b", NOW + 2)))).map(LocalJob::status).contains(JobStatus.JOB_RUNNING_EXCEPTION);
            assertThatThrownBy(() -> b.fencedBy("jobs/p1", "b", () -> token).update(PROJECT, job.id(), j -> j))
                    .isInstanceOf(LeaseLostException.class);
        }
    }

    @Test
    void aListenerHearsAnotherInstancesWritesAndIsToldWhenItMayHaveMissedSome() throws Exception {
        String url = PostgresJobCatalogueTest.freshDatabase(postgres);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        Semaphore missed = new Semaphore(0);
        try (JdbcJobCatalogue a = open(url); JdbcJobCatalogue b = open(url);
             AutoCloseable listening = a.listen((project, id) -> heard.add(project.value() + "/" + id.value()),
                     missed::release)) {
            LocalJob job = create(b, "orders");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("p1/" + job.id().value());
            b.update(PROJECT, job.id(), j -> j.with(TestJobs.running(j.run(), NOW)));
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("p1/" + job.id().value());
            assertThat(missed.availablePermits()).isZero();

            String database = url.substring(url.lastIndexOf('/') + 1);
            assertThat(postgres.query("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
                    + database + "' AND query = 'LISTEN " + JobChangeListener.CHANNEL + "'"))
                    .containsExactly(List.of(1L));
            assertThat(missed.tryAcquire(15, TimeUnit.SECONDS)).as("told after reconnecting").isTrue();

            b.delete(PROJECT, List.of(job.id()));
            assertThat(heard.poll(10, TimeUnit.SECONDS)).as("heard again").isEqualTo("p1/" + job.id().value());
        }
        heard.clear();
        try (JdbcJobCatalogue b = open(url)) {
            create(b, "after");
            assertThat(heard.poll(1, TimeUnit.SECONDS)).as("closed: no longer told").isNull();
        }
    }

    @Test
    void aUrlCarryingAPasswordIsRefusedAndABadPasswordIsNeverShown() {
        assertThatThrownBy(() -> JdbcJobCatalogue.onPostgres(postgres.jdbcUrl() + "?password=" + postgres.password(),
                postgres.user(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not carry a password")
                .hasMessageNotContaining(postgres.password());
        assertThatThrownBy(() -> JdbcJobCatalogue.onPostgres("jdbc:h2:mem:x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> JdbcJobCatalogue.onPostgres(postgres.jdbcUrl(), postgres.user(), "wrong-secret-42"))
                .isInstanceOf(CatalogueUnavailableException.class)
                .hasMessageContaining("cannot be reached as user " + postgres.user())
                .hasMessageNotContaining("wrong-secret-42");
    }

    @Test
    void onPostgresLookupsAskTheTableWhatAnotherInstanceWrote() {
        String url = PostgresJobCatalogueTest.freshDatabase(postgres);
        try (JdbcJobCatalogue a = open(url); JdbcJobCatalogue b = open(url)) {
            a.indexInBackground();
            LocalJob job = create(a, "orders");
            assertThat(a.lookUp(PROJECT, List.of(job.id())).get(job.id()).status()).isEqualTo(JobStatus.JOB_INIT);

            b.update(PROJECT, job.id(), j -> j.with(TestJobs.running(j.run(), NOW)));

            assertThat(a.indexed()).isFalse();
            assertThat(a.lookUp(PROJECT, List.of(job.id(), JobId.of(1))))
                    .containsOnlyKeys(job.id())
                    .hasEntrySatisfying(job.id(), seen -> assertThat(seen.status()).isEqualTo(JobStatus.JOB_RUNNING));
        }
    }
}
