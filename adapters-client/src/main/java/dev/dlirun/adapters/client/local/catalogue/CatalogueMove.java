package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue.CatalogueUnavailableException;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Moves an H2 catalogue (a data directory's) into an empty PostgreSQL one (issue 32): every job with its definition,
 * run state and tags, its savepoint history and versions, the templates, the upgrades, the alerts and the projects'
 * counts, row for row, and the sequences of new ids where they were, in one PostgreSQL transaction, so that a move
 * that fails leaves the PostgreSQL catalogue empty. The two schemas are of the same version, so the rows are copied
 * column by column as they are.
 */
public final class CatalogueMove {

    /** The tables moved, in an order no key of one refers to a later one's (there are no foreign keys, but still). */
    static final List<String> TABLES = List.of("jobs", "job_tags", "savepoints", "job_versions", "project_jobs",
            "job_templates", "job_upgrades", "alerts");
    /** The tables whose rows a catalogue must not hold to be moved into: what the service itself writes. */
    private static final List<String> CONTENT = List.of("jobs", "job_templates", "job_upgrades", "alerts");
    private static final List<String> SEQUENCES = List.of("job_id_sequence", "template_id_sequence");
    private static final int BATCH = 500;

    private CatalogueMove() {
    }

    /** What a move moved: the number of rows of each table, in {@link #TABLES}' order. */
    public record Moved(Map<String, Long> rows) {

        /** How many jobs were moved. */
        public long jobs() {
            return rows.getOrDefault("jobs", 0L);
        }

        /** "12 jobs, 30 job_tags, ...": for the command's last line. */
        @Override
        public String toString() {
            return rows.entrySet().stream().map(row -> row.getValue() + " " + row.getKey())
                    .collect(Collectors.joining(", "));
        }
    }

    /**
     * Copies every row of {@code from} (an H2 catalogue) into {@code to} (an empty PostgreSQL one), then checks that
     * each table of {@code to} holds as many rows as {@code from}'s.
     *
     * @throws IllegalArgumentException      when {@code from} is not H2's or {@code to} not PostgreSQL's
     * @throws IllegalStateException         when {@code to} already holds jobs, templates, upgrades or alerts (saying
     *                                       how many), or the counts disagree after the copy (nothing is then kept)
     * @throws CatalogueUnavailableException when either database fails (nothing is then kept)
     */
    public static Moved move(JdbcJobCatalogue from, JdbcJobCatalogue to) {
        Transactions source = from.transactions();
        Transactions target = to.transactions();
        if (source.dialect() != Dialect.H2 || target.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("a catalogue is moved from H2 (a data directory's) to PostgreSQL");
        }
        return source.inTransaction(reading -> target.inTransaction(writing -> {
            Map<String, Long> present = counts(writing, CONTENT);
            if (present.values().stream().anyMatch(count -> count > 0)) {
                throw new IllegalStateException("the PostgreSQL catalogue is not empty (it holds "
                        + new Moved(present) + "): a catalogue is moved into an empty one only, so that no job is "
                        + "lost or doubled");
            }
            // Tables written by the service's first start on the target (project_jobs stays empty without jobs).
            for (String table : TABLES) {
                try (Statement delete = writing.createStatement()) {
                    delete.executeUpdate("DELETE FROM " + table);
                }
            }
            Map<String, Long> moved = new LinkedHashMap<>();
            for (String table : TABLES) {
                moved.put(table, copy(reading, writing, table));
            }
            for (String sequence : SEQUENCES) {
                try (PreparedStatement set = writing.prepareStatement("SELECT setval(?, ?, false)")) {
                    set.setString(1, sequence);
                    set.setLong(2, nextValue(reading, sequence));
                    set.executeQuery().close();
                }
            }
            Map<String, Long> there = counts(writing, TABLES);
            Map<String, Long> here = counts(reading, TABLES);
            if (!there.equals(here) || !moved.equals(here)) {
                throw new IllegalStateException("the move was undone: the PostgreSQL catalogue would hold " + there
                        + " rows, the data directory's holds " + here);
            }
            return new Moved(moved);
        }));
    }

    /** Copies the rows of {@code table}, every column as it is (large text read as a string); answers how many. */
    private static long copy(Connection reading, Connection writing, String table) throws SQLException {
        long rows = 0;
        try (Statement select = reading.createStatement();
             ResultSet source = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = source.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            try (PreparedStatement insert = writing.prepareStatement("INSERT INTO " + table + " ("
                    + String.join(", ", columns) + ") VALUES (" + columns.stream().map(c -> "?")
                    .collect(Collectors.joining(", ")) + ")")) {
                while (source.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = source.getObject(i);
                        if (value instanceof Clob) {
                            insert.setString(i, source.getString(i));
                        } else {
                            insert.setObject(i, value, meta.getColumnType(i));
                        }
                    }
                    insert.addBatch();
                    if (++rows % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        return rows;
    }

    /** The value H2's {@code sequence} answers next (without taking it). */
    private static long nextValue(Connection h2, String sequence) throws SQLException {
        try (PreparedStatement select = h2.prepareStatement("SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES "
                + "WHERE SEQUENCE_NAME = ?")) {
            select.setString(1, sequence.toUpperCase(java.util.Locale.ROOT));
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("the data directory's catalogue has no sequence " + sequence);
                }
                return rows.getLong(1);
            }
        }
    }

    private static Map<String, Long> counts(Connection connection, List<String> tables) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            try (Statement count = connection.createStatement();
                 ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rows.next();
                counts.put(table, rows.getLong(1));
            }
        }
        return counts;
    }
}
