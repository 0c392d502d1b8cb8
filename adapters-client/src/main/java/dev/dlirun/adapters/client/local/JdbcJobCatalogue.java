package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A catalogue in an embedded H2 database: one file under the data directory, or memory for tests. Every change is
 * committed, and written to the file, before the method that made it returns, so what the service acknowledged
 * survives the process being killed. {@link #update} locks the job's row for its transaction, which is what makes
 * check-and-submit atomic across threads.
 */
public final class JdbcJobCatalogue implements JobCatalogue, AutoCloseable {

    private static final String COLUMNS = "project_id, job_id, name, job_type, status, has_savepoint, savepoint_path, "
            + "create_time, start_time, update_time, resumed_from_savepoint";
    private static final String JOINED_COLUMNS = "j." + COLUMNS.replace(", ", ", j.");
    private static final String DUPLICATE_KEY = "23505";

    /** As many connections as requests the server works on at once, so that none waits for a connection. */
    private static final int CONNECTIONS = 32;

    private final HikariDataSource pool;

    private JdbcJobCatalogue(String url) {
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
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new CatalogueUnavailableException("the job catalogue cannot be opened: " + e.getMessage(), e);
        }
        try {
            createTable();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * The catalogue kept in {@code dataDirectory} (created if need be).
     *
     * @throws CatalogueUnavailableException when the database cannot be opened, e.g. another process holds it
     */
    public static JdbcJobCatalogue inDirectory(Path dataDirectory) {
        Path file = dataDirectory.toAbsolutePath().resolve("catalogue");
        // WRITE_DELAY=0: each commit reaches the file before the call returns, not up to a second later.
        return open("jdbc:h2:file:" + file + ";WRITE_DELAY=0", dataDirectory);
    }

    /** A catalogue that lives as long as this object: for tests. */
    public static JdbcJobCatalogue inMemory() {
        return open("jdbc:h2:mem:catalogue-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null);
    }

    private static JdbcJobCatalogue open(String url, Path where) {
        try {
            return new JdbcJobCatalogue(url);
        } catch (CatalogueUnavailableException e) {
            throw where == null ? e : new CatalogueUnavailableException("the data directory " + where
                    + " cannot be opened: another process is using it, or it is not writable", e);
        }
    }

    /** The database cannot be used. */
    public static final class CatalogueUnavailableException extends RuntimeException {
        CatalogueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private void createTable() {
        run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS jobs ("
                        + "project_id VARCHAR(64) NOT NULL, job_id BIGINT NOT NULL, name VARCHAR(4096) NOT NULL, "
                        + "job_type VARCHAR(64) NOT NULL, status VARCHAR(64) NOT NULL, has_savepoint BOOLEAN NOT NULL, "
                        + "savepoint_path VARCHAR(4096), create_time BIGINT NOT NULL, start_time BIGINT, "
                        + "update_time BIGINT NOT NULL, resumed_from_savepoint BOOLEAN NOT NULL, "
                        + "PRIMARY KEY (project_id, job_id))");
            }
            return null;
        });
    }

    @Override
    public Optional<LocalJob> find(ProjectId projectId, JobId id) {
        return Optional.ofNullable(findAll(projectId, List.of(id)).get(id));
    }

    @Override
    public boolean addIfAbsent(LocalJob job) {
        return run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(insert, job);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
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
        return run(connection -> {
            connection.setAutoCommit(false);
            try {
                Map<JobId, LocalJob> current = select(connection, projectId, ids, true);
                Map<JobId, LocalJob> stored = new HashMap<>(current.size() * 2);
                try (PreparedStatement update = connection.prepareStatement("UPDATE jobs SET name = ?, "
                        + "job_type = ?, status = ?, has_savepoint = ?, savepoint_path = ?, create_time = ?, "
                        + "start_time = ?, update_time = ?, resumed_from_savepoint = ? "
                        + "WHERE project_id = ? AND job_id = ?")) {
                    boolean anyChange = false;
                    for (LocalJob job : current.values()) {
                        LocalJob changed = Objects.requireNonNull(change.apply(job), "change answered null");
                        if (!changed.projectId().equals(projectId) || !changed.id().equals(job.id())) {
                            throw new IllegalArgumentException("an update cannot move a job to another project or id");
                        }
                        stored.put(job.id(), changed);
                        if (!changed.equals(job)) {
                            update.setString(1, changed.name());
                            update.setString(2, changed.jobType().wireName());
                            update.setString(3, changed.status().wireName());
                            update.setBoolean(4, changed.hasSavepoint());
                            update.setString(5, changed.savepointPath());
                            update.setLong(6, changed.createTime());
                            setNullableLong(update, 7, changed.startTime());
                            update.setLong(8, changed.updateTime());
                            update.setBoolean(9, changed.resumedFromSavepoint());
                            update.setString(10, projectId.value());
                            update.setLong(11, job.id().value());
                            update.addBatch();
                            anyChange = true;
                        }
                    }
                    if (anyChange) {
                        update.executeBatch();
                    }
                }
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
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
    public List<LocalJob> inStatus(JobStatus status) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM jobs WHERE status = ?")) {
                select.setString(1, status.wireName());
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
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM jobs WHERE project_id = ? AND job_id = ? FOR UPDATE")) {
                select.setString(1, projectId.value());
                for (Long id : values) {
                    select.setLong(2, id);
                    readInto(select, found);
                }
            }
        } else {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + JOINED_COLUMNS
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

    private static void bind(PreparedStatement statement, LocalJob job) throws SQLException {
        statement.setString(1, job.projectId().value());
        statement.setLong(2, job.id().value());
        statement.setString(3, job.name());
        statement.setString(4, job.jobType().wireName());
        statement.setString(5, job.status().wireName());
        statement.setBoolean(6, job.hasSavepoint());
        statement.setString(7, job.savepointPath());
        statement.setLong(8, job.createTime());
        setNullableLong(statement, 9, job.startTime());
        statement.setLong(10, job.updateTime());
        statement.setBoolean(11, job.resumedFromSavepoint());
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static LocalJob read(ResultSet row) throws SQLException {
        long startTime = row.getLong("start_time");
        Long start = row.wasNull() ? null : startTime;
        return new LocalJob(
                ProjectId.of(row.getString("project_id")),
                JobId.of(row.getLong("job_id")),
                row.getString("name"),
                JobType.fromWireName(row.getString("job_type")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown job type")),
                JobStatus.fromWireName(row.getString("status")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown job status")),
                row.getBoolean("has_savepoint"),
                row.getString("savepoint_path"),
                row.getLong("create_time"),
                start,
                row.getLong("update_time"),
                row.getBoolean("resumed_from_savepoint"));
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
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
        pool.close();
    }
}
