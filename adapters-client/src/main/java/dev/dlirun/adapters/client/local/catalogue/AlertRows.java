package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.Alert;
import dev.dlirun.adapters.client.local.model.AlertKind;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the alerts' outbox (schema version 6), on a connection: a caller's transaction, or one of its own. */
final class AlertRows {

    private static final String PENDING = "pending";
    private static final String DELIVERED = "delivered";
    private static final String GIVEN_UP = "given_up";
    private static final int MAX_ERROR = 1024;

    private AlertRows() {
    }

    /** Inserts {@code alerts}, each due at its own time, on {@code connection} (its transaction, if it is in one). */
    static void insert(Connection connection, List<Alert> alerts) throws SQLException {
        if (alerts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alerts (alert_id, kind, topic, "
                + "created_at, project_id, job_id, job_name, status, status_desc, cluster, state, attempts, "
                + "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '" + PENDING + "', 0, ?)")) {
            for (Alert alert : alerts) {
                insert.setString(1, alert.id());
                insert.setString(2, alert.kind().wireName());
                insert.setString(3, alert.topic());
                insert.setLong(4, alert.time());
                insert.setString(5, alert.projectId() == null ? null : alert.projectId().value());
                if (alert.jobId() == null) {
                    insert.setNull(6, Types.BIGINT);
                } else {
                    insert.setLong(6, alert.jobId().value());
                }
                insert.setString(7, alert.jobName());
                insert.setString(8, alert.status() == null ? null : alert.status().wireName());
                insert.setString(9, alert.statusDesc());
                insert.setString(10, alert.cluster());
                insert.setLong(11, alert.time());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static List<AlertOutbox.Pending> due(Connection connection, long now, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT alert_id, kind, topic, created_at, "
                + "project_id, job_id, job_name, status, status_desc, cluster, attempts FROM alerts WHERE state = '"
                + PENDING + "' AND next_attempt_at <= ? ORDER BY created_at, alert_id LIMIT ?")) {
            select.setLong(1, now);
            select.setInt(2, limit);
            List<AlertOutbox.Pending> due = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long jobId = rows.getLong("job_id");
                    boolean aboutAJob = !rows.wasNull();
                    String status = rows.getString("status");
                    Alert alert = new Alert(rows.getString("alert_id"), AlertKind.fromWireName(rows.getString("kind")),
                            rows.getString("topic"), rows.getLong("created_at"),
                            aboutAJob ? ProjectId.of(rows.getString("project_id")) : null,
                            aboutAJob ? JobId.of(jobId) : null, rows.getString("job_name"),
                            status == null ? null : JobStatus.fromWireName(status).orElseThrow(() ->
                                    new SQLException("an alert holds an unknown job status: " + status)),
                            rows.getString("status_desc"), rows.getString("cluster"));
                    due.add(new AlertOutbox.Pending(alert, rows.getInt("attempts")));
                }
            }
            return due;
        }
    }

    static void delivered(Connection connection, String alertId, long now) throws SQLException {
        finish(connection, alertId, DELIVERED, now, null);
    }

    static void givenUp(Connection connection, String alertId, long now, String why) throws SQLException {
        finish(connection, alertId, GIVEN_UP, now, why);
    }

    private static void finish(Connection connection, String alertId, String state, long now, String why)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE alerts SET state = ?, finished_at = ?, "
                + "last_error = COALESCE(?, last_error) WHERE alert_id = ? AND state = '" + PENDING + "'")) {
            update.setString(1, state);
            update.setLong(2, now);
            update.setString(3, clip(why));
            update.setString(4, alertId);
            update.executeUpdate();
        }
    }

    static void failed(Connection connection, String alertId, int attempts, long nextTry, String why)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE alerts SET attempts = ?, "
                + "next_attempt_at = ?, last_error = ? WHERE alert_id = ? AND state = '" + PENDING + "'")) {
            update.setInt(1, attempts);
            update.setLong(2, nextTry);
            update.setString(3, clip(why));
            update.setString(4, alertId);
            update.executeUpdate();
        }
    }

    static long pendingCount(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM alerts WHERE state = '"
                + PENDING + "'"); ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Deletes the alerts delivered or given up before {@code before}: the outbox keeps a while of history for an
     * operator's look, not every alert ever sent.
     */
    static int prune(Connection connection, long before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM alerts WHERE state <> '" + PENDING
                + "' AND finished_at < ?")) {
            delete.setLong(1, before);
            return delete.executeUpdate();
        }
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
