package dev.dlirun.adapters.client.local.catalogue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The databases the catalogue is kept in, and the few places where their SQL differs: everything else the catalogue
 * says is SQL both understand. H2 is the embedded database of one service instance, in its data directory; PostgreSQL
 * the database several instances share (issue 32).
 */
enum Dialect {

    /** The embedded H2 database: one process owns it (H2 locks its file), so in-process locks suffice. */
    H2("db/catalogue/", "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)", " FOR UPDATE"),

    /**
     * PostgreSQL, shared by several instances: what one process could keep in memory or behind a Java lock is asked of
     * the database instead. {@code clock_timestamp()}, not {@code now()}: the clock as the statement runs, not as its
     * transaction began, so a lease's expiry is judged at the moment it is looked at.
     */
    POSTGRESQL("db/catalogue/postgresql/", "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
            " FOR SHARE");

    /** Advisory lock classes (the first key of PostgreSQL's two-key advisory locks): what a lock serialises. */
    static final int NAMES_LOCK = 1;
    static final int TEMPLATES_LOCK = 2;
    /** The one key of the schema migration's advisory lock: "dlirun" in ASCII, to stay clear of other users' keys. */
    static final long MIGRATION_LOCK = 0x646c6972756eL;

    private final String scripts;
    private final String nowMillis;
    private final String shareLock;

    Dialect(String scripts, String nowMillis, String shareLock) {
        this.scripts = scripts;
        this.nowMillis = nowMillis;
        this.shareLock = shareLock;
    }

    /**
     * The dialect of the database at {@code url}.
     *
     * @throws IllegalArgumentException when it is neither H2's nor PostgreSQL's
     */
    static Dialect of(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("the job catalogue is kept in H2 or PostgreSQL; " + url.split("[?;]")[0]
                + " is neither (a jdbc:postgresql:// URL, or the data directory's H2 file)");
    }

    /** The class-path directory of this database's schema scripts, with its trailing slash. */
    String scripts() {
        return scripts;
    }

    /**
     * An SQL expression for the database's clock in milliseconds since the epoch, as a BIGINT: leases and heartbeats are
     * judged by it, so that instances whose clocks disagree still agree on who holds what.
     */
    String nowMillis() {
        return nowMillis;
    }

    /**
     * The locking clause that keeps a row read from being changed until the transaction ends while letting others read
     * it so too: PostgreSQL's {@code FOR SHARE}; H2 has only {@code FOR UPDATE}.
     */
    String shareLock() {
        return shareLock;
    }

    /** The query answering the next value of {@code sequence}. */
    String nextValue(String sequence) {
        return this == H2 ? "SELECT NEXT VALUE FOR " + sequence : "SELECT nextval('" + sequence + "')";
    }

    /**
     * The statement that adds its second parameter (a BIGINT) to the count of jobs of the project its first parameter
     * names, making the project's row when it has none.
     */
    String addToProjectCount() {
        return this == H2
                ? "MERGE INTO project_jobs p USING (VALUES (?, ?)) AS c(project_id, jobs) ON p.project_id = c.project_id"
                        + " WHEN MATCHED THEN UPDATE SET jobs = p.jobs + c.jobs"
                        + " WHEN NOT MATCHED THEN INSERT (project_id, jobs) VALUES (c.project_id, c.jobs)"
                : "INSERT INTO project_jobs AS p (project_id, jobs) VALUES (?, ?)"
                        + " ON CONFLICT (project_id) DO UPDATE SET jobs = p.jobs + EXCLUDED.jobs";
    }

    /**
     * The statement that writes the row of {@code table} whose key is {@code key} (the first of {@code columns}) with
     * one parameter for each of {@code columns}: inserted, or replacing the row of that key.
     */
    String upsert(String table, String columns, String key) {
        String parameters = "?" + ", ?".repeat(columns.split(",").length - 1);
        if (this == H2) {
            return "MERGE INTO " + table + " (" + columns + ") KEY (" + key + ") VALUES (" + parameters + ")";
        }
        StringBuilder updates = new StringBuilder();
        for (String column : columns.split(",")) {
            String name = column.strip();
            if (!name.equals(key)) {
                updates.append(updates.isEmpty() ? "" : ", ").append(name).append(" = EXCLUDED.").append(name);
            }
        }
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + parameters + ") ON CONFLICT (" + key
                + ") DO UPDATE SET " + updates;
    }

    /**
     * Serialises, until the caller's transaction ends, the transactions of every instance that take the same lock
     * ({@code kind}, {@code key}): on PostgreSQL an advisory lock of the transaction. On H2 it does nothing: the one
     * process that owns the database serialises such work with its own locks.
     */
    void lockAcrossInstances(Connection connection, int kind, String key) throws SQLException {
        if (this != POSTGRESQL) {
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, kind);
            lock.setInt(2, key.hashCode());
            lock.executeQuery().close();
        }
    }
}
