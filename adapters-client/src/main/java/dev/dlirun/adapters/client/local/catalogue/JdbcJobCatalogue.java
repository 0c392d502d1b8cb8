package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionStamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A catalogue in a database: embedded H2, one file under the data directory (or memory for tests), or PostgreSQL,
 * which several service instances share (issue 32). Every change is committed, and written to the disk, before the
 * method that made it returns, so what the service acknowledged survives the process being killed. {@link #update}
 * locks the job's row for its transaction, which is what makes check-and-submit atomic across threads, and across
 * instances.
 *
 * <p>On H2 this process owns the database, and keeps every job's status in memory (the {@link JobIndex}) for the batch
 * endpoints' lookups. On PostgreSQL other instances write too, so such an index would go stale: lookups ask the table,
 * names are checked under an advisory lock of the project's, and {@link #listen} hears the other instances' writes.
 *
 * <p>This class keeps the index in memory and the order of locks and transactions; the SQL is in {@link JobRows},
 * {@link JobWrites}, {@link JobTags}, {@link SavepointHistory}, {@link JobListQueries} and {@link Transactions}.
 */
public final class JdbcJobCatalogue implements JobCatalogue, AutoCloseable {

    /** The first id a job created through the API may get (the sequence of schema version 4 starts there). */
    static final long FIRST_CREATED_ID = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobCatalogue.class);

    private final Transactions transactions;
    private final Dialect dialect;
    /** Where a PostgreSQL catalogue is, for {@link #listen}'s connection of its own; null on H2. */
    private final Credentials credentials;
    private Coordination coordination;
    /** On PostgreSQL, the lease's own pool: its renewal never waits behind requests for a connection. */
    private Transactions leasePool;
    private final JobListQueries queries;
    private final SavepointHistory savepoints;
    private final JdbcAlertOutbox outbox;
    private final TemplateCatalogue templates;
    private final UpgradeCatalogue upgrades;
    /**
     * Every job's status, in memory, for the batch endpoints' lookups (see {@link JobIndex}); on H2 only. A fenced view
     * shares its original's.
     */
    private final JobIndex index;
    /** Whether the index's load has been started (it is, once). */
    private final AtomicBoolean indexing;
    /** Creates and renames one at a time in this process, so that two cannot take one name; shared by fenced views. */
    private final Object names;
    private volatile boolean closed;

    /** A PostgreSQL catalogue's address and user, for the connection {@link #listen} keeps outside the pool. */
    private record Credentials(String url, String user, String password) {
        @Override
        public String toString() {
            return "Credentials[url=" + url + ", user=" + user + "]";
        }
    }

    private JdbcJobCatalogue(Transactions transactions, Credentials credentials, JobIndex index,
                             AtomicBoolean indexing, Object names) {
        this.transactions = transactions;
        this.dialect = transactions.dialect();
        this.credentials = credentials;
        this.index = index;
        this.indexing = indexing;
        this.names = names;
        this.coordination = new JdbcCoordination(transactions);
        this.queries = new JobListQueries(transactions);
        this.savepoints = new SavepointHistory(transactions);
        this.outbox = new JdbcAlertOutbox(transactions);
        this.templates = new JdbcTemplateCatalogue(transactions);
        this.upgrades = new JdbcUpgrades(transactions);
    }

    /**
     * The catalogue kept in {@code dataDirectory} (created if need be). Its lookups ask the table until
     * {@link #indexInBackground} has loaded the index.
     *
     * @throws CatalogueUnavailableException when the database cannot be opened (e.g. another process holds it), or
     *                                       its schema cannot be brought up to date
     */
    public static JdbcJobCatalogue inDirectory(Path dataDirectory) {
        Path file = dataDirectory.toAbsolutePath().resolve("catalogue");
        // WRITE_DELAY=0: each commit reaches the file before the call returns, not up to a second later.
        return open("jdbc:h2:file:" + file + ";WRITE_DELAY=0", dataDirectory);
    }

    /** A catalogue that lives as long as this object, its index loading at once: for tests. */
    public static JdbcJobCatalogue inMemory() {
        JdbcJobCatalogue catalogue = open("jdbc:h2:mem:catalogue-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null);
        catalogue.indexInBackground();
        return catalogue;
    }

    /**
     * The catalogue in the PostgreSQL database at {@code url}, signed in as {@code user} with {@code password}, its
     * schema brought up to date (once, when several instances start at once). A call made while the database is out
     * of reach fails within a few seconds ({@link CatalogueUnavailableException}); the pool connects again by itself
     * once it is back.
     *
     * @throws IllegalArgumentException      when {@code url} is not a {@code jdbc:postgresql:} URL, or carries a
     *                                       password (it would show in logs and in {@code ps}: it is given apart)
     * @throws CatalogueUnavailableException when the database cannot be reached, refuses the user, or its schema cannot
     *                                       be brought up to date (the message never shows the password)
     */
    public static JdbcJobCatalogue onPostgres(String url, String user, String password) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL catalogue's URL starts with jdbc:postgresql: ("
                    + url.split("[?;]")[0] + " does not)");
        }
        if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("the catalogue's URL must not carry a password (it would show in logs "
                    + "and in ps): give the password in the credentials file or the environment instead");
        }
        Credentials credentials = new Credentials(url, java.util.Objects.requireNonNull(user, "user"),
                java.util.Objects.requireNonNull(password, "password"));
        JdbcJobCatalogue catalogue = migrated(Transactions.postgres(url, user, password), credentials, "at " + url);
        try {
            catalogue.leasePool = Transactions.postgres(url, user, password, "dlirun-lease", 2);
        } catch (RuntimeException e) {
            catalogue.close();
            throw e;
        }
        catalogue.coordination = new JdbcCoordination(catalogue.leasePool);
        return catalogue;
    }

    private static JdbcJobCatalogue open(String url, Path where) {
        return migrated(Transactions.open(url, where), null, "in " + (where == null ? "memory" : where));
    }

    private static JdbcJobCatalogue migrated(Transactions transactions, Credentials credentials, String where) {
        JdbcJobCatalogue catalogue = new JdbcJobCatalogue(transactions, credentials, new JobIndex(),
                new AtomicBoolean(), new Object());
        try {
            Transactions.Work<Void> migration = connection -> {
                CatalogueSchema.migrate(connection, transactions.dialect());
                return null;
            };
            // PostgreSQL changes its schema in one transaction; H2 commits each schema statement on its own anyway.
            if (transactions.dialect() == Dialect.POSTGRESQL) {
                transactions.inTransaction(migration);
            } else {
                transactions.run(migration);
            }
            return catalogue;
        } catch (CatalogueUnavailableException e) {
            transactions.close();
            throw new CatalogueUnavailableException("the job catalogue " + where + " cannot be brought up to date: "
                    + e.getCause().getMessage(), e);
        }
    }

    /**
     * A view of this catalogue, on the same pool (and, on H2, the same index), whose every write transaction first
     * checks, in the same transaction, that {@code holder} holds {@code lease} with the token {@code token} answers
     * then, not expired by the database's clock; the lease's row stays locked until the write commits, so that nobody
     * takes the lease in between. When the check fails the write throws {@link LeaseLostException} and writes
     * nothing. Reads are not fenced. Closing the view leaves this catalogue open.
     */
    @Override
    public JdbcJobCatalogue fencedBy(String lease, String holder, LongSupplier token) {
        Transactions fenced = transactions.fencedBy(connection -> {
            JdbcCoordination.requireHeld(connection, dialect, lease, holder, token.getAsLong());
            return null;
        });
        return new JdbcJobCatalogue(fenced, credentials, index, indexing, names);
    }

    /** The pool and transactions of this catalogue: for {@link CatalogueMove}. */
    Transactions transactions() {
        return transactions;
    }

    @Override
    public Coordination coordination() {
        return coordination;
    }

    /**
     * On PostgreSQL, hears every change of a job's row that any instance commits (see {@link JobChangeListener}),
     * on a connection of its own; on H2, whose one process makes every write, nothing.
     *
     * @throws CatalogueUnavailableException when PostgreSQL cannot be reached to begin listening
     */
    @Override
    public AutoCloseable listen(BiConsumer<ProjectId, JobId> changed, Runnable missedSome) {
        if (credentials == null) {
            return JobCatalogue.super.listen(changed, missedSome);
        }
        return JobChangeListener.start(credentials.url(), credentials.user(), credentials.password(), changed,
                missedSome);
    }

    /** The database cannot be used. */
    public static final class CatalogueUnavailableException
            extends dev.dlirun.domain.model.BackendUnavailableException {
        CatalogueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public Optional<LocalJob> find(ProjectId projectId, JobId id) {
        return Optional.ofNullable(findAll(projectId, List.of(id)).get(id));
    }

    @Override
    public TemplateCatalogue templates() {
        return templates;
    }

    @Override
    public UpgradeCatalogue upgrades() {
        return upgrades;
    }

    /** Whether {@link #lookUp} answers from the index: once it has been loaded. */
    boolean indexed() {
        return index.complete();
    }

    /** From the index in memory once it is loaded (no query); from the table before, and always on PostgreSQL. */
    @Override
    public Map<JobId, Job> lookUp(ProjectId projectId, Collection<JobId> ids) {
        return index.complete() ? index.find(projectId, ids) : JobCatalogue.super.lookUp(projectId, ids);
    }

    /**
     * Loads the index on a thread of its own (once; later calls do nothing): lookups answer from memory once it has
     * read every job of the table. The server calls it once it listens, so that a large catalogue's load (300 000
     * jobs: 1.3-3.1 s after listening on a 2-core machine; loaded at open, it delayed the first answer by about a
     * second) does not delay its first answers. On PostgreSQL it does nothing: other instances write the table too,
     * and the index would not hear of it.
     */
    public void indexInBackground() {
        if (dialect == Dialect.H2 && indexing.compareAndSet(false, true)) {
            Thread loader = new Thread(this::loadIndex, "dlirun-catalogue-index");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /**
     * Reads the key, status and savepoint flag of every job of the table into the index, while the catalogue serves.
     * If it fails, lookups keep asking the table.
     */
    void loadIndex() {
        long started = System.nanoTime();
        index.loading();
        try {
            long loaded = transactions.run(connection -> {
                try (Statement statement = connection.createStatement()) {
                    // Row by row, rather than the whole result held (or spilled to disk) first.
                    statement.execute("SET LAZY_QUERY_EXECUTION TRUE");
                    try (ResultSet rows = statement.executeQuery(
                            "SELECT project_id, job_id, status, has_savepoint FROM jobs")) {
                        long count = 0;
                        JobIndex.Loading loading = new JobIndex.Loading();
                        while (rows.next() && !closed) {
                            index.load(loading, rows.getString(1), rows.getLong(2),
                                    JobStatus.fromWireName(rows.getString(3)).orElseThrow(() ->
                                            new IllegalStateException("the catalogue holds an unknown job status")),
                                    rows.getBoolean(4));
                            count++;
                        }
                        return count;
                    } finally {
                        statement.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
            });
            if (closed) {
                index.loadFailed();
            } else {
                index.loaded();
                LOG.info("Indexed {} jobs of the catalogue in {} ms", loaded, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            index.loadFailed();
            if (!closed) {
                LOG.warn("The job catalogue's index could not be loaded; lookups ask the table: {}", e.toString());
            }
        }
    }

    @Override
    public boolean addIfAbsent(LocalJob job) {
        return addAllIfAbsent(List.of(job)) == 1;
    }

    /**
     * One transaction for the whole list: the jobs already there are found with one query per project, and the others
     * inserted in one batch. A jobs file of any size is imported in a few commits, and a job already there costs no
     * failed insert.
     */
    @Override
    public long addAllIfAbsent(Collection<LocalJob> jobs) {
        if (jobs.isEmpty()) {
            return 0;
        }
        Map<ProjectId, List<LocalJob>> byProject = jobs.stream().collect(Collectors.groupingBy(LocalJob::projectId,
                java.util.LinkedHashMap::new, Collectors.toList()));
        // A job another transaction added between the lookup and the insert fails the batch on its key: the batch is
        // then tried again, and its lookup finds that job.
        return index.write(jobs, () -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    List<LocalJob> added = transactions.write(connection -> JobWrites.added(connection,
                            dialect, byProject));
                    added.forEach(index::put);
                    return (long) added.size();
                } catch (CatalogueUnavailableException e) {
                    if (attempt == 3 || !(e.getCause() instanceof SQLException sql)
                            || !Transactions.isDuplicateKey(sql)) {
                        throw e;
                    }
                }
            }
        });
    }

    /**
     * One at a time in this process ({@code names}); on PostgreSQL also under the project's advisory lock, taken in the
     * transaction before the name is checked, so that two instances cannot take one name either.
     */
    @Override
    public LocalJob create(ProjectId projectId, Function<JobId, LocalJob> make, VersionStamp stamp) {
        synchronized (names) {
            // The id is known only inside the transaction: its lock is taken there, before the row is written.
            String[] held = new String[1];
            try {
                LocalJob created = transactions.write(connection -> JobWrites.created(connection, dialect, projectId,
                        make, stamp, id -> held[0] = index.lock(projectId, id)));
                index.put(created);
                return created;
            } finally {
                if (held[0] != null) {
                    index.unlock(held[0]);
                }
            }
        }
    }

    @Override
    public Optional<Redefined> redefine(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change,
                                        VersionStamp stamp) {
        synchronized (names) {
            return Optional.ofNullable(index.write(projectId, List.of(id), () -> {
                Redefined stored = transactions.write(connection -> JobWrites.redefined(connection, dialect, projectId,
                        id, change, stamp));
                if (stored != null) {
                    index.put(stored.job());
                }
                return stored;
            }));
        }
    }

    /** The count and the page in one transaction: a version made between them cannot make them disagree. */
    @Override
    public VersionPage versions(ProjectId projectId, JobId id, long offset, int limit) {
        return transactions.inTransaction(connection -> new VersionPage(JobVersionRows.count(connection, projectId, id),
                JobVersionRows.page(connection, projectId, id, offset, limit)));
    }

    @Override
    public Optional<JobVersion> version(ProjectId projectId, JobId id, int number) {
        return transactions.run(connection -> JobVersionRows.find(connection, projectId, id, number));
    }

    @Override
    public Optional<JobVersion> latestVersion(ProjectId projectId, JobId id) {
        return transactions.run(connection -> JobVersionRows.latest(connection, projectId, id));
    }

    @Override
    public boolean recordVerdict(ProjectId projectId, JobId id, int number, StateVerdict verdict) {
        return transactions.write(connection -> JobVersionRows.setVerdict(connection, projectId, id, number,
                verdict));
    }

    @Override
    public List<Removed> delete(ProjectId projectId, Collection<JobId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return index.write(projectId, ids, () -> {
            List<Removed> removed = transactions.write(connection -> JobWrites.deleted(connection, dialect, projectId,
                    ids));
            removed.forEach(gone -> index.remove(projectId, gone.job().id()));
            return removed;
        });
    }

    @Override
    public Page list(JobQuery query) {
        return queries.list(query);
    }

    @Override
    public Map<JobId, LocalJob> findAll(ProjectId projectId, Collection<JobId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return transactions.run(connection -> JobRows.select(connection, projectId, ids, false));
    }

    @Override
    public Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change) {
        return Optional.ofNullable(updateAll(projectId, List.of(id), change).get(id));
    }

    @Override
    public Map<JobId, LocalJob> updateAll(ProjectId projectId, Collection<JobId> ids, UnaryOperator<LocalJob> change) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return index.write(projectId, ids, () -> {
            Map<JobId, LocalJob> stored = transactions.write(connection -> JobWrites.updated(connection,
                    projectId, ids, change));
            stored.values().forEach(index::put);
            return stored;
        });
    }

    @Override
    public Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change,
                                     ChangeAlerts alerts) {
        return Optional.ofNullable(index.write(projectId, List.of(id), () -> {
            LocalJob stored = transactions.write(connection -> {
                LocalJob[] before = new LocalJob[1];
                LocalJob after = JobWrites.updated(connection, projectId, List.of(id), job -> {
                    before[0] = job;
                    return change.apply(job);
                }).get(id);
                if (after != null) {
                    AlertRows.insert(connection, alerts.of(before[0], after));
                }
                return after;
            });
            if (stored != null) {
                index.put(stored);
            }
            return stored;
        }));
    }

    @Override
    public AlertOutbox alertOutbox() {
        return outbox;
    }

    @Override
    public void recordSavepoint(SavepointRecord savepoint) {
        savepoints.record(savepoint);
    }

    @Override
    public List<SavepointRecord> savepoints(ProjectId projectId, JobId id) {
        return savepoints.history(projectId, id);
    }

    @Override
    public void forgetSavepoint(ProjectId projectId, JobId id, String path) {
        savepoints.forget(projectId, id, path);
    }

    @Override
    public void ping() {
        transactions.ping();
    }

    @Override
    public long count() {
        return queries.count();
    }

    @Override
    public List<LocalJob> inStatuses(Set<JobStatus> statuses) {
        return queries.inStatuses(statuses);
    }

    @Override
    public void close() {
        closed = true;
        transactions.close();
        if (leasePool != null) {
            leasePool.close();
        }
    }
}
