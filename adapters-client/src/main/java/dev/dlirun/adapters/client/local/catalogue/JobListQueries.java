package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue.Page;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The catalogue's queries over many jobs: a page of a project's jobs, the jobs in some statuses, how many there are. */
final class JobListQueries {

    private final Transactions transactions;

    JobListQueries(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
     * A page in three short queries, each on an index: how many match, the ids of the page, then those jobs. The ids
     * come from the index of the filter given (the project's jobs newest first, by queue, by status, by type, by
     * name), read in order and only as far as the page, never the rows of the jobs before it; the count is the
     * project's (kept as jobs come and go) without a filter, the tag's entries with a tag alone, and otherwise the
     * index entries of every match.
     */
    Page list(JobQuery query) {
        ProjectId project = query.projectId();
        StringBuilder filters = new StringBuilder();
        List<Object> values = new ArrayList<>();
        query.type().ifPresent(type -> filter(filters, values, " AND j.job_type = ?", type.wireName()));
        query.status().ifPresent(status -> filter(filters, values, " AND j.status = ?", status.wireName()));
        query.queueName().ifPresent(queue -> filter(filters, values, " AND j.queue_name = ?", queue));
        query.namePrefix().ifPresent(prefix -> filter(filters, values, " AND j.name LIKE ? ESCAPE '\\'",
                prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
        if (query.userName().isPresent() || query.rootJobId().isPresent()) {
            // No job here records a user name or has a root job.
            return new Page(0, List.of());
        }
        List<Object> tagValues = query.tag().map(tag -> List.<Object>of(tag.key(), tag.value())).orElse(List.of());
        String count;
        List<Object> countValues = new ArrayList<>();
        countValues.add(project.value());
        if (query.tag().isPresent()) {
            countValues.addAll(tagValues);
            countValues.addAll(values);
            count = "SELECT COUNT(*) FROM job_tags t" + (values.isEmpty() ? ""
                    : " JOIN jobs j ON j.project_id = t.project_id AND j.job_id = t.job_id")
                    + " WHERE t.project_id = ? AND t.tag_key = ? AND t.tag_value = ?" + filters;
        } else if (values.isEmpty()) {
            count = "SELECT COALESCE(MAX(p.jobs), 0) FROM project_jobs p WHERE p.project_id = ?";
        } else {
            countValues.addAll(values);
            count = "SELECT COUNT(*) FROM jobs j WHERE j.project_id = ?" + filters;
        }
        // The ORDER BY starts with the columns the page's index starts with (fixed by the filters, so they change
        // nothing of the order): only then does H2 read the index in order, and stop after the page, rather than
        // read every match and sort it. Oldest first reads the same index backwards, every column reversed.
        String direction = query.ascending() ? "ASC" : "DESC";
        String fixed = query.ascending() ? " DESC" : "";
        String leading = "j.project_id" + fixed + ", "
                + query.queueName().map(q -> "j.queue_name" + fixed + ", ")
                .or(() -> query.status().map(s -> "j.status" + fixed + ", "))
                .or(() -> query.type().map(t -> "j.job_type" + fixed + ", "))
                .orElse("");
        String ids = "SELECT j.job_id FROM jobs j WHERE j.project_id = ?" + filters
                + (query.tag().isPresent() ? " AND EXISTS (SELECT 1 FROM job_tags t WHERE t.project_id = j.project_id"
                + " AND t.job_id = j.job_id AND t.tag_key = ? AND t.tag_value = ?)" : "")
                + " ORDER BY " + leading + "j.create_time " + direction + ", j.job_id " + direction + " LIMIT ? OFFSET ?";
        List<Object> idValues = new ArrayList<>();
        idValues.add(project.value());
        idValues.addAll(values);
        idValues.addAll(tagValues);
        idValues.add(query.limit());
        idValues.add(query.offset());
        return transactions.run(connection -> {
            long total;
            try (PreparedStatement counting = connection.prepareStatement(count)) {
                bindAll(counting, countValues);
                try (ResultSet rows = counting.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            if (total <= query.offset()) {
                return new Page(total, List.of());
            }
            List<JobId> page = new ArrayList<>(query.limit());
            try (PreparedStatement select = connection.prepareStatement(ids)) {
                bindAll(select, idValues);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(JobId.of(rows.getLong(1)));
                    }
                }
            }
            Map<JobId, LocalJob> jobs = JobRows.select(connection, project, page, false);
            // A job deleted between the two reads is left out of the page.
            return new Page(total, page.stream().map(jobs::get).filter(Objects::nonNull).toList());
        });
    }

    private static void filter(StringBuilder filters, List<Object> values, String condition, Object value) {
        filters.append(condition);
        values.add(value);
    }

    private static int bindAll(PreparedStatement statement, List<Object> parameters) throws SQLException {
        int index = 1;
        for (Object parameter : parameters) {
            statement.setObject(index++, parameter);
        }
        return index;
    }

    /** See {@link JobCatalogue#inStatuses}. */
    List<LocalJob> inStatuses(Set<JobStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return transactions.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + JobRows.SELECT_LIST
                    + " FROM jobs WHERE status IN (" + statuses.stream().map(s -> "?").collect(Collectors.joining(", "))
                    + ")")) {
                int index = 1;
                for (JobStatus status : statuses) {
                    select.setString(index++, status.wireName());
                }
                return JobRows.readAll(select);
            }
        });
    }

    /** See {@link JobCatalogue#count}. */
    long count() {
        return transactions.run(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM jobs")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
