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

    /** What is done with a connection: a query, or the statements of a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final HikariDataSource pool;

    private Transactions(HikariDataSource pool) {
        this.pool = pool;
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
            return new Transactions(new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw new CatalogueUnavailableException(where == null ? "the job catalogue cannot be opened: "
                    + e.getMessage() : "the data directory " + where + " cannot be opened: another process is "
                    + "using it, or it is not writable", e);
        }
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
        pool.close();
    }
}
