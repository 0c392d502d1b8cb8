package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code savepoints} table: every savepoint a job has taken and not forgotten, newest first. */
final class SavepointHistory {

    private final Transactions transactions;

    SavepointHistory(Transactions transactions) {
        this.transactions = transactions;
    }

    /** See {@link JobCatalogue#recordSavepoint}: the history's row and a stop's version in one transaction. */
    void record(SavepointRecord savepoint) {
        transactions.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO savepoints (project_id, job_id, "
                    + "path, taken_at, origin, runtime_version, version) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, savepoint.projectId().value());
                insert.setLong(2, savepoint.jobId().value());
                insert.setString(3, savepoint.path());
                insert.setLong(4, savepoint.takenAt());
                insert.setString(5, savepoint.origin().name());
                insert.setString(6, savepoint.runtimeVersion());
                insert.setInt(7, savepoint.version());
                insert.executeUpdate();
            }
            if (savepoint.stoppedAVersion()) {
                JobVersionRows.setSavepointAtStop(connection, savepoint.projectId(), savepoint.jobId(),
                        savepoint.version(), savepoint.path());
            }
            return null;
        });
    }

    /** See {@link JobCatalogue#savepoints}. */
    List<SavepointRecord> history(ProjectId projectId, JobId id) {
        return transactions.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT path, taken_at, origin, "
                    + "runtime_version, version FROM savepoints WHERE project_id = ? AND job_id = ? "
                    + "ORDER BY taken_at DESC")) {
                select.setString(1, projectId.value());
                select.setLong(2, id.value());
                List<SavepointRecord> history = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        history.add(new SavepointRecord(projectId, id, rows.getString(1), rows.getLong(2),
                                SavepointRecord.Origin.valueOf(rows.getString(3)), rows.getString(4),
                                rows.getInt(5)));
                    }
                }
                return history;
            }
        });
    }

    /** See {@link JobCatalogue#forgetSavepoint}. */
    void forget(ProjectId projectId, JobId id, String path) {
        transactions.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM savepoints WHERE project_id = ? AND job_id = ? AND path = ?")) {
                delete.setString(1, projectId.value());
                delete.setLong(2, id.value());
                delete.setString(3, path);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * The savepoint histories of {@code ids}, in one query (a join with the ids, as {@link JobRows#select} does), in
     * the caller's transaction: a deletion reads them before it deletes them, to answer them.
     */
    static Map<JobId, List<SavepointRecord>> histories(Connection connection, ProjectId projectId,
                                                       Collection<JobId> ids) throws SQLException {
        Map<JobId, List<SavepointRecord>> histories = new HashMap<>();
        if (ids.isEmpty()) {
            return histories;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT s.job_id, s.path, s.taken_at, s.origin, "
                + "s.runtime_version, s.version FROM UNNEST(?) AS wanted(id) JOIN savepoints s ON s.project_id = ? "
                + "AND s.job_id = wanted.id ORDER BY s.taken_at DESC")) {
            select.setArray(1, connection.createArrayOf("BIGINT", ids.stream().map(JobId::value).toArray()));
            select.setString(2, projectId.value());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    JobId id = JobId.of(rows.getLong(1));
                    histories.computeIfAbsent(id, key -> new ArrayList<>()).add(new SavepointRecord(projectId, id,
                            rows.getString(2), rows.getLong(3), SavepointRecord.Origin.valueOf(rows.getString(4)),
                            rows.getString(5), rows.getInt(6)));
                }
            }
        }
        return histories;
    }
}
