package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.domain.model.JobTag;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The {@code job_tags} table: each job's tags, one row a tag, which the list of a project's jobs filters by. */
final class JobTags {

    private JobTags() {
    }

    /** Replaces the job's rows of {@code job_tags} with its tags; {@code replace} false when it has none yet. */
    static void write(Connection connection, LocalJob job, boolean replace) throws SQLException {
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
}
