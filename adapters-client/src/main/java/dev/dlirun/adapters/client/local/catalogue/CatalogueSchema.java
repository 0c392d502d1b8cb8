package dev.dlirun.adapters.client.local.catalogue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue's schema, versioned: the scripts under {@code db/catalogue/} ({@code V<n>__<what>.sql}; PostgreSQL's
 * under {@code db/catalogue/postgresql/}, the same versions in its SQL), applied in order, each recorded in a
 * {@code schema_version} table when it has run. A catalogue made before the schema was
 * versioned holds the first version's {@code jobs} table and no {@code schema_version}: it is taken as version 1 and
 * brought up from there, its jobs kept.
 *
 * <p>Written here rather than taken from Flyway, which did the same for two scripts: Flyway added 1.1 s to every start
 * of the service (its plug-ins and resource scanning in a 145 MB jar; measured with the jar this build makes, a fresh
 * data directory: 2.0 s to open the catalogue with Flyway against 0.9 s without).
 */
final class CatalogueSchema {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSchema.class);

    /**
     * Every version, in order. A new one is a script in {@code db/catalogue/} and a line here; its version is the
     * number of its name (V6 came before V5 was merged: versions are numbers, not places in this list).
     */
    private static final List<String> SCRIPTS = List.of("V1__jobs.sql", "V2__job_code_and_runs.sql",
            "V3__savepoint_history.sql", "V4__job_definitions_managed.sql", "V5__job_templates.sql",
            "V6__alerts.sql", "V7__job_versions.sql", "V8__allow_non_restored_state.sql", "V9__job_upgrades.sql",
            "V10__instances_and_leases.sql");

    private CatalogueSchema() {
    }

    /**
     * Brings the schema of the database {@code connection} reaches to the latest version. On PostgreSQL, whose schema
     * changes are transactional, the caller's transaction holds the whole migration, behind an advisory lock of a
     * fixed key taken first: instances that start at once on a fresh database migrate it once, the others waiting for
     * the lock and then finding it up to date (a migration that fails leaves the schema as it was).
     */
    static void migrate(Connection connection, Dialect dialect) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, Dialect.MIGRATION_LOCK);
                lock.executeQuery().close();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, "
                    + "script VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        int current = currentVersion(connection);
        if (current == 0 && dialect == Dialect.H2 && hasTable(connection, "JOBS")) {
            // The first version's catalogue, from before the schema had versions.
            record(connection, 1, SCRIPTS.get(0));
            current = 1;
        }
        int from = current;
        for (String script : SCRIPTS) {
            int version = versionOf(script);
            if (version <= current) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(dialect, script)) {
                    statement.execute(sql);
                }
            }
            record(connection, version, script);
        }
        if (from > 0 && from < latest()) {
            LOG.info("Migrated the job catalogue from schema version {} to {}", from, latest());
        }
    }

    /** The version a script brings the schema to: the number of its name, {@code V<n>__<what>.sql}. */
    static int versionOf(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static int latest() {
        return versionOf(SCRIPTS.get(SCRIPTS.size() - 1));
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            int version = rows.getInt(1);
            if (version > latest()) {
                throw new SQLException("the catalogue's schema is of version " + version + ", newer than this "
                        + "service knows (" + latest() + "): it was written by a newer version of the service");
            }
            return version;
        }
    }

    private static boolean hasTable(Connection connection, String name) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet tables = metadata.getTables(null, null, name, new String[]{"TABLE", "BASE TABLE"})) {
            return tables.next();
        }
    }

    private static void record(Connection connection, int version, String script) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, script);
            insert.setLong(3, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    /**
     * The script's statements: separated by a {@code ;} that ends a line, with {@code --} comment lines left out; a
     * {@code ;} inside a body quoted by {@code $$} (a PostgreSQL function's) does not end its statement.
     */
    static List<String> statements(Dialect dialect, String script) {
        String text;
        try (InputStream in = CatalogueSchema.class.getResourceAsStream("/" + dialect.scripts() + script)) {
            if (in == null) {
                throw new IllegalStateException("the catalogue's schema script " + script + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (!quoted && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
                continue;
            }
            current.append(line).append('\n');
            if ((line.split("\\$\\$", -1).length - 1) % 2 == 1) {
                quoted = !quoted;
            }
            if (!quoted && trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
