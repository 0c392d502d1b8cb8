package dev.dlirun.adapters.client.local;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobTag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A catalogue in an embedded H2 database: one file under the data directory, or memory for tests. Every change is
 * committed, and written to the file, before the method that made it returns, so what the service acknowledged
 * survives the process being killed. {@link #update} locks the job's row for its transaction, which is what makes
 * check-and-submit atomic across threads.
 */
public final class JdbcJobCatalogue implements JobCatalogue, AutoCloseable {

    private static final String DUPLICATE_KEY = "23505";

    /** Which half of a catalogue entry a column belongs to: the key, what the job is, or how its runs go. */
    private enum Part { KEY, DEFINITION, RUN }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement, int index, LocalJob job) throws SQLException;
    }

    private record Column(String name, Part part, Binder binder) {
    }

    /**
     * The one list of the table's columns: every statement's column list and parameters come from it. The schema
     * itself is in the migrations ({@code db/catalogue}); {@link #read} reads a row back by these names.
     */
    private static final List<Column> COLUMNS = List.of(
            new Column("project_id", Part.KEY, (s, i, j) -> s.setString(i, j.projectId().value())),
            new Column("job_id", Part.KEY, (s, i, j) -> s.setLong(i, j.id().value())),
            new Column("name", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().name())),
            new Column("job_type", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().type().wireName())),
            new Column("create_time", Part.DEFINITION, (s, i, j) -> s.setLong(i, j.createTime())),
            new Column("sql_body", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().sqlBody().orElse(null))),
            new Column("main_class", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().mainClass().orElse(null))),
            new Column("entrypoint_args", Part.DEFINITION,
                    (s, i, j) -> s.setString(i, j.definition().entrypointArgs().orElse(null))),
            new Column("entrypoint", Part.DEFINITION, (s, i, j) -> s.setString(i, config(j).entrypoint().orElse(null))),
            new Column("parallel_number", Part.DEFINITION, (s, i, j) -> s.setInt(i, config(j).parallelNumber())),
            new Column("checkpoint_enabled", Part.DEFINITION, (s, i, j) -> s.setBoolean(i, config(j).checkpointEnabled())),
            new Column("checkpoint_mode", Part.DEFINITION, (s, i, j) -> s.setInt(i, config(j).checkpointMode().number())),
            new Column("checkpoint_interval", Part.DEFINITION,
                    (s, i, j) -> s.setInt(i, config(j).checkpointIntervalSeconds())),
            new Column("restart_when_exception", Part.DEFINITION,
                    (s, i, j) -> s.setBoolean(i, config(j).restartWhenException())),
            new Column("resume_checkpoint", Part.DEFINITION, (s, i, j) -> s.setBoolean(i, config(j).resumeCheckpoint())),
            new Column("resume_max_num", Part.DEFINITION, (s, i, j) -> s.setInt(i, config(j).resumeMaxNum())),
            new Column("runtime_config", Part.DEFINITION,
                    (s, i, j) -> s.setString(i, config(j).runtimeConfig().orElse(null))),
            new Column("queue_name", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().queueName().orElse(null))),
            new Column("extras", Part.DEFINITION, (s, i, j) -> s.setString(i, extrasJson(j.definition().extras()))),
            new Column("status", Part.RUN, (s, i, j) -> s.setString(i, j.status().wireName())),
            new Column("status_desc", Part.RUN, (s, i, j) -> s.setString(i, j.run().statusDesc())),
            new Column("has_savepoint", Part.RUN, (s, i, j) -> s.setBoolean(i, j.hasSavepoint())),
            new Column("savepoint_path", Part.RUN, (s, i, j) -> s.setString(i, j.savepointPath())),
            new Column("start_time", Part.RUN, (s, i, j) -> setNullableLong(s, i, j.startTime())),
            new Column("update_time", Part.RUN, (s, i, j) -> s.setLong(i, j.updateTime())),
            new Column("resumed_from_savepoint", Part.RUN, (s, i, j) -> s.setBoolean(i, j.resumedFromSavepoint())),
            new Column("runtime_job_id", Part.RUN,
                    (s, i, j) -> s.setString(i, j.run().launch().map(RuntimeJobId::value).orElse(null))),
            new Column("restore_path", Part.RUN, (s, i, j) -> s.setString(i, j.run().restorePath())));

    private static final List<Column> KEY = columns(Set.of(Part.KEY));
    private static final List<Column> RUN = columns(Set.of(Part.RUN));
    /** Everything a redefinition may change: all but the key and the creation time. */
    private static final List<Column> CHANGEABLE = COLUMNS.stream()
            .filter(c -> c.part() != Part.KEY && !c.name().equals("create_time")).toList();
    private static final String SELECT_LIST = names(COLUMNS, "", "", ", ");
    private static final String JOINED_SELECT_LIST = names(COLUMNS, "j.", "", ", ");
    private static final String INSERT = "INSERT INTO jobs (" + SELECT_LIST + ") VALUES ("
            + COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    private static final String UPDATE_RUN = "UPDATE jobs SET " + names(RUN, "", " = ?", ", ")
            + " WHERE " + names(KEY, "", " = ?", " AND ");

    private static final String UPDATE_CHANGEABLE = "UPDATE jobs SET " + names(CHANGEABLE, "", " = ?", ", ")
            + " WHERE " + names(KEY, "", " = ?", " AND ");

    /** The first id a job created through the API may get (the sequence of schema version 4 starts there). */
    static final long FIRST_CREATED_ID = 100_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String extrasJson(JobFields extras) {
        if (extras.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(extras.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's fields cannot be written as JSON", e);
        }
    }

    private static JobFields extras(String json) {
        if (json == null) {
            return JobFields.EMPTY;
        }
        try {
            return JobFields.parse(JSON.readValue(json, new TypeReference<Map<String, Object>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalogue holds fields of a job that are not JSON", e);
        }
    }

    private static List<Column> columns(Set<Part> parts) {
        return COLUMNS.stream().filter(c -> parts.contains(c.part())).toList();
    }

    private static String names(List<Column> columns, String prefix, String suffix, String separator) {
        return columns.stream().map(c -> prefix + c.name() + suffix).collect(Collectors.joining(separator));
    }

    private static JobConfig config(LocalJob job) {
        return job.definition().config();
    }

    /** Binds {@code columns} of {@code job} to the statement's parameters from {@code first} on; answers the next. */
    private static int bind(PreparedStatement statement, int first, List<Column> columns, LocalJob job)
            throws SQLException {
        int index = first;
        for (Column column : columns) {
            column.binder().bind(statement, index++, job);
        }
        return index;
    }

    /** As many connections as requests the server works on at once, so that none waits for a connection. */
    private static final int CONNECTIONS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobCatalogue.class);

    private final HikariDataSource pool;
    /** Every job's status, in memory, for the batch endpoints' lookups (see {@link JobIndex}). */
    private final JobIndex index = new JobIndex();
    /** Whether the index's load has been started (it is, once). */
    private final AtomicBoolean indexing = new AtomicBoolean();
    private volatile boolean closed;

    private JdbcJobCatalogue(HikariDataSource pool) {
        this.pool = pool;
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

    private static JdbcJobCatalogue open(String url, Path where) {
        // H2's own JdbcConnectionPool rolls each connection back when it is borrowed, and with WRITE_DELAY=0 every
        // rollback commits the store, under the store's one lock: two store commits per catalogue call, queued
        // behind every other request's. HikariCP hands connections out as they were left (autocommit on).
        HikariConfig config = new HikariConfig();
        config.setPoolName("dlirun-catalogue");
        config.setJdbcUrl(url);
        config.setUsername("dlirun");
        config.setPassword("");
        config.setMaximumPoolSize(CONNECTIONS);
        config.setMinimumIdle(2);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new CatalogueUnavailableException(where == null ? "the job catalogue cannot be opened: "
                    + e.getMessage() : "the data directory " + where + " cannot be opened: another process is "
                    + "using it, or it is not writable", e);
        }
        JdbcJobCatalogue catalogue = new JdbcJobCatalogue(pool);
        try {
            catalogue.run(connection -> {
                CatalogueSchema.migrate(connection);
                return null;
            });
            return catalogue;
        } catch (CatalogueUnavailableException e) {
            pool.close();
            throw new CatalogueUnavailableException("the job catalogue in " + (where == null ? "memory" : where)
                    + " cannot be brought up to date: " + e.getCause().getMessage(), e);
        }
    }

    /** The database cannot be used. */
    public static final class CatalogueUnavailableException extends RuntimeException {
        CatalogueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public Optional<LocalJob> find(ProjectId projectId, JobId id) {
        return Optional.ofNullable(findAll(projectId, List.of(id)).get(id));
    }

    /** Whether {@link #lookUp} answers from the index: once it has been loaded. */
    boolean indexed() {
        return index.complete();
    }

    /** From the index in memory once it is loaded (no query); from the table before. */
    @Override
    public Map<JobId, Job> lookUp(ProjectId projectId, Collection<JobId> ids) {
        return index.complete() ? index.find(projectId, ids) : JobCatalogue.super.lookUp(projectId, ids);
    }

    /**
     * Loads the index on a thread of its own (once; later calls do nothing): lookups answer from memory once it has
     * read every job of the table. The server calls it once it listens, so that a large catalogue's load (300 000
     * jobs: 1.3-3.1 s after listening on a 2-core machine; loaded at open, it delayed the first answer by about a
     * second) does not delay its first answers.
     */
    public void indexInBackground() {
        if (indexing.compareAndSet(false, true)) {
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
            long loaded = run(connection -> {
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

    /** Adds {@code change} (negative: removes) to the project's count of jobs, in the caller's transaction. */
    private static void countJobs(Connection connection, ProjectId projectId, long change) throws SQLException {
        if (change == 0) {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO project_jobs p USING (VALUES (?, ?)) "
                + "AS c(project_id, jobs) ON p.project_id = c.project_id WHEN MATCHED THEN UPDATE SET "
                + "jobs = p.jobs + c.jobs WHEN NOT MATCHED THEN INSERT (project_id, jobs) VALUES (c.project_id, "
                + "c.jobs)")) {
            merge.setString(1, projectId.value());
            merge.setLong(2, change);
            merge.executeUpdate();
        }
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
                    List<LocalJob> added = inTransaction(connection -> addAbsent(connection, byProject));
                    added.forEach(index::put);
                    return (long) added.size();
                } catch (CatalogueUnavailableException e) {
                    if (attempt == 3 || !(e.getCause() instanceof SQLException sql) || !isDuplicateKey(sql)) {
                        throw e;
                    }
                }
            }
        });
    }

    private static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && DUPLICATE_KEY.equals(sql.getSQLState())) {
                return true;
            }
        }
        for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
            if (DUPLICATE_KEY.equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Inserts the jobs not there yet; answers them. */
    private static List<LocalJob> addAbsent(Connection connection, Map<ProjectId, List<LocalJob>> byProject)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            List<LocalJob> added = new ArrayList<>();
            List<LocalJob> tagged = new ArrayList<>();
            for (var project : byProject.entrySet()) {
                Set<JobId> present = existing(connection, project.getKey(),
                        project.getValue().stream().map(LocalJob::id).toList());
                long addedToProject = 0;
                for (LocalJob job : project.getValue()) {
                    if (present.add(job.id())) {
                        bind(insert, 1, COLUMNS, job);
                        insert.addBatch();
                        added.add(job);
                        addedToProject++;
                        if (!job.definition().tags().isEmpty()) {
                            tagged.add(job);
                        }
                    }
                }
                countJobs(connection, project.getKey(), addedToProject);
            }
            insert.executeBatch();
            for (LocalJob job : tagged) {
                writeTags(connection, job, false);
            }
            return added;
        }
    }

    /** Replaces the job's rows of {@code job_tags} with its tags; {@code replace} false when it has none yet. */
    private static void writeTags(Connection connection, LocalJob job, boolean replace) throws SQLException {
        if (replace) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM job_tags WHERE project_id = ? AND job_id = ?")) {
                delete.setString(1, job.projectId().value());
                delete.setLong(2, job.id().value());
                delete.executeUpdate();
            }
        }
        List<JobTag> tags = job.definition().tags();
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO job_tags (project_id, job_id, tag_key, tag_value) VALUES (?, ?, ?, ?)")) {
            for (JobTag tag : tags) {
                insert.setString(1, job.projectId().value());
                insert.setLong(2, job.id().value());
                insert.setString(3, tag.key());
                insert.setString(4, tag.value());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Creates and renames one at a time (this process owns the database), so that two cannot take one name. */
    private final Object names = new Object();

    @Override
    public LocalJob create(ProjectId projectId, Function<JobId, LocalJob> make) {
        synchronized (names) {
            // The id is known only inside the transaction: its lock is taken there, before the row is written.
            String[] held = new String[1];
            try {
                LocalJob created = inTransaction(connection -> create(connection, projectId, make, held));
                index.put(created);
                return created;
            } finally {
                if (held[0] != null) {
                    index.unlock(held[0]);
                }
            }
        }
    }

    private LocalJob create(Connection connection, ProjectId projectId, Function<JobId, LocalJob> make,
                            String[] held) throws SQLException {
        long id;
        do {
            try (Statement next = connection.createStatement();
                 ResultSet rows = next.executeQuery("SELECT NEXT VALUE FOR job_id_sequence")) {
                rows.next();
                id = rows.getLong(1);
            }
        } while (idInUse(connection, id));
        LocalJob job = make.apply(JobId.of(id));
        if (!job.projectId().equals(projectId) || job.id().value() != id) {
            throw new IllegalArgumentException("a created job must have the project and id it was given");
        }
        held[0] = index.lock(projectId, job.id());
        requireFreeName(connection, job);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, 1, COLUMNS, job);
            insert.executeUpdate();
        }
        writeTags(connection, job, false);
        countJobs(connection, projectId, 1);
        return job;
    }

    private static boolean idInUse(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM jobs WHERE job_id = ? LIMIT 1")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** @throws DuplicateJobNameException when another job of the project has {@code job}'s name */
    private static void requireFreeName(Connection connection, LocalJob job) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM jobs WHERE project_id = ? AND name = ? AND job_id <> ? LIMIT 1")) {
            select.setString(1, job.projectId().value());
            select.setString(2, job.name());
            select.setLong(3, job.id().value());
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    throw DuplicateJobNameException.named(job.name());
                }
            }
        }
    }

    @Override
    public Optional<LocalJob> redefine(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change) {
        synchronized (names) {
            return Optional.ofNullable(index.write(projectId, List.of(id), () -> {
                LocalJob stored = inTransaction(connection -> redefined(connection, projectId, id, change));
                if (stored != null) {
                    index.put(stored);
                }
                return stored;
            }));
        }
    }

    private static LocalJob redefined(Connection connection, ProjectId projectId, JobId id,
                                      UnaryOperator<LocalJob> change) throws SQLException {
        LocalJob current = select(connection, projectId, List.of(id), true).get(id);
        if (current == null) {
            return null;
        }
        LocalJob changed = Objects.requireNonNull(change.apply(current), "change answered null");
        JobCatalogue.requireSameKey(current, changed);
        if (changed.equals(current)) {
            return current;
        }
        if (!changed.name().equals(current.name())) {
            requireFreeName(connection, changed);
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE_CHANGEABLE)) {
            bind(update, bind(update, 1, CHANGEABLE, changed), KEY, changed);
            update.executeUpdate();
        }
        if (!changed.definition().tags().equals(current.definition().tags())) {
            writeTags(connection, changed, true);
        }
        return changed;
    }

    @Override
    public List<Removed> delete(ProjectId projectId, Collection<JobId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return index.write(projectId, ids, () -> {
            List<Removed> removed = inTransaction(connection -> deleted(connection, projectId, ids));
            removed.forEach(gone -> index.remove(projectId, gone.job().id()));
            return removed;
        });
    }

    private static List<Removed> deleted(Connection connection, ProjectId projectId, Collection<JobId> ids)
            throws SQLException {
        Map<JobId, LocalJob> current = select(connection, projectId, ids, true);
        Map<JobId, List<SavepointRecord>> histories = savepointsOf(connection, projectId, current.keySet());
        for (String table : List.of("jobs", "job_tags", "savepoints")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE project_id = ? AND job_id = ?")) {
                for (JobId id : current.keySet()) {
                    delete.setString(1, projectId.value());
                    delete.setLong(2, id.value());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        countJobs(connection, projectId, -current.size());
        return current.values().stream()
                .map(job -> new Removed(job, histories.getOrDefault(job.id(), List.of()))).toList();
    }

    /** The savepoint histories of {@code ids}, in one query (a join with the ids, as {@link #findAll} does). */
    private static Map<JobId, List<SavepointRecord>> savepointsOf(Connection connection, ProjectId projectId,
                                                                  Collection<JobId> ids) throws SQLException {
        Map<JobId, List<SavepointRecord>> histories = new HashMap<>();
        if (ids.isEmpty()) {
            return histories;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT s.job_id, s.path, s.taken_at, s.origin, "
                + "s.runtime_version FROM UNNEST(?) AS wanted(id) JOIN savepoints s ON s.project_id = ? "
                + "AND s.job_id = wanted.id ORDER BY s.taken_at DESC")) {
            select.setArray(1, connection.createArrayOf("BIGINT", ids.stream().map(JobId::value).toArray()));
            select.setString(2, projectId.value());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    JobId id = JobId.of(rows.getLong(1));
                    histories.computeIfAbsent(id, key -> new ArrayList<>()).add(new SavepointRecord(projectId, id,
                            rows.getString(2), rows.getLong(3), SavepointRecord.Origin.valueOf(rows.getString(4)),
                            rows.getString(5)));
                }
            }
        }
        return histories;
    }

    /**
     * A page in three short queries, each on an index: how many match, the ids of the page, then those jobs. The ids
     * come from the index of the filter given (the project's jobs newest first, by queue, by status, by type, by
     * name), read in order and only as far as the page, never the rows of the jobs before it; the count is the
     * project's (kept as jobs come and go) without a filter, the tag's entries with a tag alone, and otherwise the
     * index entries of every match.
     */
    @Override
    public Page list(JobQuery query) {
        ProjectId project = query.projectId();
        StringBuilder filters = new StringBuilder();
        List<Object> values = new ArrayList<>();
        query.type().ifPresent(type -> filter(filters, values, " AND j.job_type = ?", type.wireName()));
        query.status().ifPresent(status -> filter(filters, values, " AND j.status = ?", status.wireName()));
        query.queueName().ifPresent(queue -> filter(filters, values, " AND j.queue_name = ?", queue));
        query.namePrefix().ifPresent(prefix -> filter(filters, values, " AND j.name LIKE ? ESCAPE '\\'",
                prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        if (query.userName().isPresent() || query.rootJobId().isPresent()) {
            // No job here records a user name or has a root job.
            return new Page(0, List.of());
        }
        List<Object> tagValues = query.tag().map(tag -> List.<Object>of(tag.key(), tag.value())).orElse(List.of());
        String count;
        List<Object> countValues = new ArrayList<>();
        countValues.add(project.value());
        if (query.tag().isPresent()) {
            countValues.addAll(tagValues);
            countValues.addAll(values);
            count = "SELECT COUNT(*) FROM job_tags t" + (values.isEmpty() ? ""
                    : " JOIN jobs j ON j.project_id = t.project_id AND j.job_id = t.job_id")
                    + " WHERE t.project_id = ? AND t.tag_key = ? AND t.tag_value = ?" + filters;
        } else if (values.isEmpty()) {
            count = "SELECT COALESCE(MAX(p.jobs), 0) FROM project_jobs p WHERE p.project_id = ?";
        } else {
            countValues.addAll(values);
            count = "SELECT COUNT(*) FROM jobs j WHERE j.project_id = ?" + filters;
        }
        // The ORDER BY starts with the columns the page's index starts with (fixed by the filters, so they change
        // nothing of the order): only then does H2 read the index in order, and stop after the page, rather than
        // read every match and sort it. Oldest first reads the same index backwards, every column reversed.
        String direction = query.ascending() ? "ASC" : "DESC";
        String fixed = query.ascending() ? " DESC" : "";
        String leading = "j.project_id" + fixed + ", "
                + query.queueName().map(q -> "j.queue_name" + fixed + ", ")
                .or(() -> query.status().map(s -> "j.status" + fixed + ", "))
                .or(() -> query.type().map(t -> "j.job_type" + fixed + ", "))
                .orElse("");
        String ids = "SELECT j.job_id FROM jobs j WHERE j.project_id = ?" + filters
                + (query.tag().isPresent() ? " AND EXISTS (SELECT 1 FROM job_tags t WHERE t.project_id = j.project_id"
                + " AND t.job_id = j.job_id AND t.tag_key = ? AND t.tag_value = ?)" : "")
                + " ORDER BY " + leading + "j.create_time " + direction + ", j.job_id " + direction + " LIMIT ? OFFSET ?";
        List<Object> idValues = new ArrayList<>();
        idValues.add(project.value());
        idValues.addAll(values);
        idValues.addAll(tagValues);
        idValues.add(query.limit());
        idValues.add(query.offset());
        return run(connection -> {
            long total;
            try (PreparedStatement counting = connection.prepareStatement(count)) {
                bindAll(counting, countValues);
                try (ResultSet rows = counting.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            if (total <= query.offset()) {
                return new Page(total, List.of());
            }
            List<JobId> page = new ArrayList<>(query.limit());
            try (PreparedStatement select = connection.prepareStatement(ids)) {
                bindAll(select, idValues);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(JobId.of(rows.getLong(1)));
                    }
                }
            }
            Map<JobId, LocalJob> jobs = select(connection, project, page, false);
            // A job deleted between the two reads is left out of the page.
            return new Page(total, page.stream().map(jobs::get).filter(Objects::nonNull).toList());
        });
    }

    private static void filter(StringBuilder filters, List<Object> values, String condition, Object value) {
        filters.append(condition);
        values.add(value);
    }

    private static int bindAll(PreparedStatement statement, List<Object> parameters) throws SQLException {
        int index = 1;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        return index;
    }

    /** Which of {@code ids} the project holds, in one query (a join with the ids, as {@link #findAll} does). */
    private static Set<JobId> existing(Connection connection, ProjectId projectId, List<JobId> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT j.job_id FROM UNNEST(?) AS wanted(id) "
                + "JOIN jobs j ON j.project_id = ? AND j.job_id = wanted.id")) {
            select.setArray(1, connection.createArrayOf("BIGINT", ids.stream().map(JobId::value).toArray()));
            select.setString(2, projectId.value());
            Set<JobId> present = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    present.add(JobId.of(rows.getLong(1)));
                }
            }
            return present;
        }
    }

    @Override
    public Map<JobId, LocalJob> findAll(ProjectId projectId, Collection<JobId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return run(connection -> select(connection, projectId, ids, false));
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
            Map<JobId, LocalJob> stored = inTransaction(connection -> updated(connection, projectId, ids, change));
            stored.values().forEach(index::put);
            return stored;
        });
    }

    private static Map<JobId, LocalJob> updated(Connection connection, ProjectId projectId, Collection<JobId> ids,
                                                UnaryOperator<LocalJob> change) throws SQLException {
        Map<JobId, LocalJob> current = select(connection, projectId, ids, true);
        Map<JobId, LocalJob> stored = new HashMap<>(current.size() * 2);
        try (PreparedStatement update = connection.prepareStatement(UPDATE_RUN)) {
            boolean anyChange = false;
            for (LocalJob job : current.values()) {
                LocalJob changed = Objects.requireNonNull(change.apply(job), "change answered null");
                JobCatalogue.requireSameJob(job, changed);
                stored.put(job.id(), changed);
                if (!changed.equals(job)) {
                    bind(update, bind(update, 1, RUN, changed), KEY, changed);
                    update.addBatch();
                    anyChange = true;
                }
            }
            if (anyChange) {
                update.executeBatch();
            }
        }
        return stored;
    }

    @Override
    public void recordSavepoint(SavepointRecord savepoint) {
        run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO savepoints (project_id, job_id, "
                    + "path, taken_at, origin, runtime_version) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, savepoint.projectId().value());
                insert.setLong(2, savepoint.jobId().value());
                insert.setString(3, savepoint.path());
                insert.setLong(4, savepoint.takenAt());
                insert.setString(5, savepoint.origin().name());
                insert.setString(6, savepoint.runtimeVersion());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public List<SavepointRecord> savepoints(ProjectId projectId, JobId id) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT path, taken_at, origin, "
                    + "runtime_version FROM savepoints WHERE project_id = ? AND job_id = ? ORDER BY taken_at DESC")) {
                select.setString(1, projectId.value());
                select.setLong(2, id.value());
                List<SavepointRecord> history = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        history.add(new SavepointRecord(projectId, id, rows.getString(1), rows.getLong(2),
                                SavepointRecord.Origin.valueOf(rows.getString(3)), rows.getString(4)));
                    }
                }
                return history;
            }
        });
    }

    @Override
    public void forgetSavepoint(ProjectId projectId, JobId id, String path) {
        run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM savepoints WHERE project_id = ? AND job_id = ? AND path = ?")) {
                delete.setString(1, projectId.value());
                delete.setLong(2, id.value());
                delete.setString(3, path);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void ping() {
        run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            return null;
        });
    }

    @Override
    public long count() {
        return run(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM jobs")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    @Override
    public List<LocalJob> inStatuses(Set<JobStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + SELECT_LIST
                    + " FROM jobs WHERE status IN (" + statuses.stream().map(s -> "?").collect(Collectors.joining(", "))
                    + ")")) {
                int index = 1;
                for (JobStatus status : statuses) {
                    select.setString(index++, status.wireName());
                }
                return readAll(select);
            }
        });
    }

    /**
     * The jobs of {@code ids} in the project. Without {@code forUpdate}: one query, a join of the ids with the
     * primary key (H2 answers {@code job_id IN (...)} or {@code = ANY(?)} by scanning the whole project, and a join
     * with {@code FOR UPDATE} the same way). With {@code forUpdate}: one key lookup per job, each locking its row, in
     * the order of the ids, so that two transactions locking overlapping batches wait for each other, never deadlock.
     */
    private static Map<JobId, LocalJob> select(Connection connection, ProjectId projectId, Collection<JobId> ids,
                                               boolean forUpdate) throws SQLException {
        Long[] values = ids.stream().map(JobId::value).distinct().sorted().toArray(Long[]::new);
        Map<JobId, LocalJob> found = new HashMap<>(values.length * 2);
        if (forUpdate) {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + SELECT_LIST
                    + " FROM jobs WHERE project_id = ? AND job_id = ? FOR UPDATE")) {
                select.setString(1, projectId.value());
                for (Long id : values) {
                    select.setLong(2, id);
                    readInto(select, found);
                }
            }
        } else {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + JOINED_SELECT_LIST
                    + " FROM UNNEST(?) AS wanted(id) JOIN jobs j ON j.project_id = ? AND j.job_id = wanted.id")) {
                select.setArray(1, connection.createArrayOf("BIGINT", values));
                select.setString(2, projectId.value());
                readInto(select, found);
            }
        }
        return found;
    }

    private static void readInto(PreparedStatement select, Map<JobId, LocalJob> found) throws SQLException {
        for (LocalJob job : readAll(select)) {
            found.put(job.id(), job);
        }
    }

    private static List<LocalJob> readAll(PreparedStatement select) throws SQLException {
        List<LocalJob> jobs = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                jobs.add(read(rows));
            }
        }
        return jobs;
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static LocalJob read(ResultSet row) throws SQLException {
        JobConfig config = JobConfig.builder()
                .parallelNumber(row.getInt("parallel_number"))
                .checkpointEnabled(row.getBoolean("checkpoint_enabled"))
                .checkpointMode(CheckpointMode.fromNumber(row.getInt("checkpoint_mode")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown checkpoint mode")))
                .checkpointIntervalSeconds(row.getInt("checkpoint_interval"))
                .restartWhenException(row.getBoolean("restart_when_exception"))
                .resumeCheckpoint(row.getBoolean("resume_checkpoint"))
                .resumeMaxNum(row.getInt("resume_max_num"))
                .runtimeConfig(row.getString("runtime_config"))
                .entrypoint(row.getString("entrypoint"))
                .build();
        JobDefinition definition = new JobDefinition(
                row.getString("name"),
                JobType.fromWireName(row.getString("job_type")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown job type")),
                Optional.ofNullable(row.getString("sql_body")),
                Optional.ofNullable(row.getString("main_class")),
                Optional.ofNullable(row.getString("entrypoint_args")),
                config,
                extras(row.getString("extras")));
        String runtimeJobId = row.getString("runtime_job_id");
        JobRun run = new JobRun(
                JobStatus.fromWireName(row.getString("status")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown job status")),
                row.getString("status_desc"),
                row.getBoolean("has_savepoint"),
                row.getString("savepoint_path"),
                nullableLong(row, "start_time"),
                row.getLong("update_time"),
                row.getBoolean("resumed_from_savepoint"),
                runtimeJobId == null ? null : new RuntimeJobId(runtimeJobId),
                row.getString("restore_path"));
        return new LocalJob(ProjectId.of(row.getString("project_id")), JobId.of(row.getLong("job_id")), definition,
                row.getLong("create_time"), run);
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /** {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(Work<T> work) {
        return run(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.on(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private <T> T run(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new CatalogueUnavailableException("the job catalogue failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
