package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionReason;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code job_versions} table: each version of a job's definition, written in the transaction of the job's change
 * that makes it, and read back newest first. A version's row changes only where something is learnt later: its state
 * check and its savepoint at stop.
 */
final class JobVersionRows {

    private static final String COLUMNS = "job_id, version, definition, created_by, created_at, why, "
            + "rolled_back_from, state_check, savepoint_at_stop";

    private JobVersionRows() {
    }

    /** Adds {@code version} of the project's job, in the caller's transaction. */
    static void insert(Connection connection, ProjectId projectId, JobVersion version) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO job_versions (project_id, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, projectId.value());
            insert.setLong(2, version.jobId().value());
            insert.setInt(3, version.number());
            insert.setString(4, VersionJson.definition(version.definition()));
            insert.setString(5, version.createdBy());
            insert.setLong(6, version.createdAt());
            insert.setString(7, version.why().wireName());
            if (version.rolledBackFrom().isPresent()) {
                insert.setInt(8, version.rolledBackFrom().get());
            } else {
                insert.setNull(8, Types.INTEGER);
            }
            insert.setString(9, version.stateCheck().map(VersionJson::verdict).orElse(null));
            insert.setString(10, version.savepointAtStop().orElse(null));
            insert.executeUpdate();
        }
    }

    /** The job's newest version; empty when it has none. */
    static Optional<JobVersion> latest(Connection connection, ProjectId projectId, JobId id) throws SQLException {
        return page(connection, projectId, id, 0, 1).stream().findFirst();
    }

    /** The job's version {@code number}; empty when it has no such version. */
    static Optional<JobVersion> find(Connection connection, ProjectId projectId, JobId id, int number)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM job_versions WHERE project_id = ? AND job_id = ? AND version = ?")) {
            select.setString(1, projectId.value());
            select.setLong(2, id.value());
            select.setInt(3, number);
            return read(select).stream().findFirst();
        }
    }

    /** The job's versions, newest first, {@code offset} of them skipped, at most {@code limit}. */
    static List<JobVersion> page(Connection connection, ProjectId projectId, JobId id, long offset, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM job_versions "
                + "WHERE project_id = ? AND job_id = ? ORDER BY version DESC LIMIT ? OFFSET ?")) {
            select.setString(1, projectId.value());
            select.setLong(2, id.value());
            select.setInt(3, limit);
            select.setLong(4, offset);
            return read(select);
        }
    }

    /** How many versions the job has. */
    static long count(Connection connection, ProjectId projectId, JobId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM job_versions WHERE project_id = ? AND job_id = ?")) {
            select.setString(1, projectId.value());
            select.setLong(2, id.value());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Writes the state check's verdict on the version; answers whether the job has that version. */
    static boolean setVerdict(Connection connection, ProjectId projectId, JobId id, int number, StateVerdict verdict)
            throws SQLException {
        return set(connection, "state_check", VersionJson.verdict(verdict), projectId, id, number);
    }

    /** Writes the savepoint a stop of the version's run took; answers whether the job has that version. */
    static boolean setSavepointAtStop(Connection connection, ProjectId projectId, JobId id, int number, String path)
            throws SQLException {
        return set(connection, "savepoint_at_stop", path, projectId, id, number);
    }

    private static boolean set(Connection connection, String column, String value, ProjectId projectId, JobId id,
                               int number) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE job_versions SET " + column
                + " = ? WHERE project_id = ? AND job_id = ? AND version = ?")) {
            update.setString(1, value);
            update.setString(2, projectId.value());
            update.setLong(3, id.value());
            update.setInt(4, number);
            return update.executeUpdate() == 1;
        }
    }

    private static List<JobVersion> read(PreparedStatement select) throws SQLException {
        List<JobVersion> versions = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                int from = rows.getInt("rolled_back_from");
                Optional<Integer> rolledBackFrom = rows.wasNull() ? Optional.empty() : Optional.of(from);
                String why = rows.getString("why");
                versions.add(new JobVersion(JobId.of(rows.getLong("job_id")), rows.getInt("version"),
                        VersionJson.definition(rows.getString("definition")), rows.getString("created_by"),
                        rows.getLong("created_at"), VersionReason.fromWireName(why).orElseThrow(() ->
                                new IllegalStateException("the catalogue holds a version made for an unknown "
                                        + "reason: " + why)),
                        Optional.ofNullable(rows.getString("state_check")).map(VersionJson::verdict),
                        Optional.ofNullable(rows.getString("savepoint_at_stop")), rolledBackFrom));
            }
        }
        return versions;
    }
}
