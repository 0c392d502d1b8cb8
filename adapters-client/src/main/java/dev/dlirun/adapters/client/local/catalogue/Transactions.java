package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue.CatalogueUnavailableException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The catalogue's pool of connections to its database, and the work done on one connection or in one transaction. */
final class Transactions implements AutoCloseable {

    private static final String DUPLICATE_KEY = "23505";

    /** As many connections as requests the server works on at once, so that none waits for a connection. */
    private static final int CONNECTIONS = 32;
    /**
     * An instance's connections to a PostgreSQL catalogue several share: a request holds one for a few milliseconds,
     * and with the lease's two and the listener's one, five instances stay within PostgreSQL's default
     * {@code max_connections} (100).
     */
    private static final int SHARED_CONNECTIONS = 16;

    /** What is done with a connection: a query, or the statements of a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /**
     * How long a call waits for a connection before it fails: a request must answer 503 soon when PostgreSQL is down,
     * not after HikariCP's default 30 s. Hikari keeps trying to connect in the background, so the pool recovers by
     * itself once the database is back.
     */
    static final int CONNECTION_TIMEOUT_MILLIS = 3_000;

    private final HikariDataSource pool;
    private final Dialect dialect;
    /** Run first in every write transaction (see {@link #fencedBy}); null: writes are not fenced. */
    private final Work<Void> fence;
    /** Whether closing this closes the pool: a fenced view shares its original's, and leaves it open. */
    private final boolean ownsPool;

    private Transactions(HikariDataSource pool, Dialect dialect, Work<Void> fence, boolean ownsPool) {
        this.pool = pool;
        this.dialect = dialect;
        this.fence = fence;
        this.ownsPool = ownsPool;
    }

    /**
     * The pool of connections to the database at {@code url}, kept in {@code where} (null: in memory).
     *
     * @throws CatalogueUnavailableException when the database cannot be opened
     */
    static Transactions open(String url, Path where) {
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
            return new Transactions(new HikariDataSource(config), Dialect.of(url), null, true);
        } catch (RuntimeException e) {
            throw new CatalogueUnavailableException(where == null ? "the job catalogue cannot be opened: "
                    + e.getMessage() : "the data directory " + where + " cannot be opened: another process is "
                    + "using it, or it is not writable", e);
        }
    }

    /**
     * The pool of connections to the PostgreSQL database at {@code url}, signed in as {@code user}: calls wait at most
     * {@value #CONNECTION_TIMEOUT_MILLIS} ms for a connection.
     *
     * @throws CatalogueUnavailableException when the database cannot be reached or refuses the user (the message
     *                                       names the URL and the user, never the password)
     */
    static Transactions postgres(String url, String user, String password) {
        return postgres(url, user, password, "dlirun-catalogue", SHARED_CONNECTIONS);
    }

    /**
     * As {@link #postgres(String, String, String)}, a pool named {@code name} of at most {@code connections}: the
     * lease's own, so that its renewal never waits behind requests for a connection.
     */
    static Transactions postgres(String url, String user, String password, String name, int connections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(Math.min(2, connections));
        // A session that stops answering mid-transaction (its instance paused, or cut off) must not keep its locks,
        // the lease's row among them, until TCP gives up on it (hours): PostgreSQL ends it, and nothing waits on a lock
        // for long. A read that hangs on a dead server fails too.
        config.addDataSourceProperty("options", "-c idle_in_transaction_session_timeout=5000 -c lock_timeout=5000");
        config.addDataSourceProperty("socketTimeout", "30");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // A validation that hangs on a dead server must not hold a call longer than the connection timeout.
        config.setValidationTimeout(Math.min(CONNECTION_TIMEOUT_MILLIS, 2_000));
        // The driver's own connect and login timeouts (seconds), so that a server that does not answer fails as fast.
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECTION_TIMEOUT_MILLIS / 1000));
        config.addDataSourceProperty("loginTimeout", String.valueOf(CONNECTION_TIMEOUT_MILLIS / 1000));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            return new Transactions(new HikariDataSource(config), Dialect.of(url), null, true);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CatalogueUnavailableException("the job catalogue at " + url + " cannot be reached as user "
                    + user + ": " + cause.getMessage(), e);
        }
    }

    /** The database's dialect. */
    Dialect dialect() {
        return dialect;
    }

    /**
     * The same pool, whose every {@link #write} first runs {@code fence} in its transaction: the fence throws to refuse
     * the write, and nothing of it is written. Closing the view leaves the pool open.
     */
    Transactions fencedBy(Work<Void> fence) {
        return new Transactions(pool, dialect, fence, false);
    }

    /**
     * {@code work} that writes, in one transaction ({@link #inTransaction}), behind the fence if this has one: what a
     * fenced catalogue must not write once its lease is lost goes through here.
     */
    <T> T write(Work<T> work) {
        if (fence == null) {
            return inTransaction(work);
        }
        return inTransaction(connection -> {
            fence.on(connection);
            return work.on(connection);
        });
    }

    /** {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work) {
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

    /**
     * {@code work} on a connection borrowed from the pool, given back when it returns.
     *
     * @throws CatalogueUnavailableException when the database fails
     */
    <T> T run(Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new CatalogueUnavailableException("the job catalogue failed: " + e.getMessage(), e);
        }
    }

    /** Returns when the database answers a query; throws {@link CatalogueUnavailableException} otherwise. */
    void ping() {
        run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            return null;
        });
    }

    /** Whether {@code e}, or an exception it was caused by or chained to, is a primary or unique key's violation. */
    static boolean isDuplicateKey(SQLException e) {
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

    @Override
    public void close() {
        if (ownsPool) {
            pool.close();
        }
    }
}
