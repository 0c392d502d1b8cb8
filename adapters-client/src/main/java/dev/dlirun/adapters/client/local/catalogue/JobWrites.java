package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue.Removed;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionStamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The work of each of the catalogue's writes, inside the transaction the caller holds: the rows, tags, savepoint
 * history and project counts a change touches, in the order it touches them.
 */
final class JobWrites {

    private JobWrites() {
    }

    /** Inserts the jobs not there yet; answers them. */
    static List<LocalJob> added(Connection connection, Dialect dialect, Map<ProjectId, List<LocalJob>> byProject)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(JobRows.INSERT)) {
            List<LocalJob> added = new ArrayList<>();
            List<LocalJob> tagged = new ArrayList<>();
            for (var project : byProject.entrySet()) {
                Set<JobId> present = JobRows.existing(connection, project.getKey(),
                        project.getValue().stream().map(LocalJob::id).toList());
                long addedToProject = 0;
                for (LocalJob job : project.getValue()) {
                    if (present.add(job.id())) {
                        JobRows.bindInsert(insert, job);
                        insert.addBatch();
                        added.add(job);
                        addedToProject++;
                        if (!job.definition().tags().isEmpty()) {
                            tagged.add(job);
                        }
                    }
                }
                countJobs(connection, dialect, project.getKey(), addedToProject);
            }
            insert.executeBatch();
            for (LocalJob job : tagged) {
                JobTags.write(connection, job, false);
            }
            return added;
        }
    }

    /** Adds {@code change} (negative: removes) to the project's count of jobs, in the caller's transaction. */
    private static void countJobs(Connection connection, Dialect dialect, ProjectId projectId, long change)
            throws SQLException {
        if (change == 0) {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement(dialect.addToProjectCount())) {
            merge.setString(1, projectId.value());
            merge.setLong(2, change);
            merge.executeUpdate();
        }
    }

    /**
     * Inserts the job {@code make} makes of the next free id, and its version 1 as {@code stamp} says; answers it.
     * {@code lock} is given that id before anything of the job is written, since the id is known only here. On
     * PostgreSQL the project's names are locked across instances before the name is checked (see
     * {@link Dialect#lockAcrossInstances}).
     */
    static LocalJob created(Connection connection, Dialect dialect, ProjectId projectId,
                            Function<JobId, LocalJob> make, VersionStamp stamp, Consumer<JobId> lock)
            throws SQLException {
        long id;
        do {
            try (Statement next = connection.createStatement();
                 ResultSet rows = next.executeQuery(dialect.nextValue("job_id_sequence"))) {
                rows.next();
                id = rows.getLong(1);
            }
        } while (idInUse(connection, id));
        LocalJob job = make.apply(JobId.of(id));
        if (!job.projectId().equals(projectId) || job.id().value() != id) {
            throw new IllegalArgumentException("a created job must have the project and id it was given");
        }
        lock.accept(job.id());
        dialect.lockAcrossInstances(connection, Dialect.NAMES_LOCK, projectId.value());
        requireFreeName(connection, job);
        try (PreparedStatement insert = connection.prepareStatement(JobRows.INSERT)) {
            JobRows.bindInsert(insert, job);
            insert.executeUpdate();
        }
        JobTags.write(connection, job, false);
        countJobs(connection, dialect, projectId, 1);
        JobVersionRows.insert(connection, projectId, JobVersion.next(job.id(), Optional.empty(), job.definition(),
                stamp, job.createTime()));
        return job;
    }

    private static boolean idInUse(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM jobs WHERE job_id = ? LIMIT 1")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** @throws DuplicateJobNameException when another job of the project has {@code job}'s name */
    private static void requireFreeName(Connection connection, LocalJob job) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM jobs WHERE project_id = ? AND name = ? AND job_id <> ? LIMIT 1")) {
            select.setString(1, job.projectId().value());
            select.setString(2, job.name());
            select.setLong(3, job.id().value());
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    throw DuplicateJobNameException.named(job.name());
                }
            }
        }
    }

    /**
     * The job as {@code change} redefines it, written, with the version it makes (see
     * {@link JobCatalogue#redefine(ProjectId, JobId, UnaryOperator, VersionStamp)}); null when the project has no job
     * {@code id}.
     */
    static JobCatalogue.Redefined redefined(Connection connection, Dialect dialect, ProjectId projectId, JobId id,
                                            UnaryOperator<LocalJob> change, VersionStamp stamp) throws SQLException {
        LocalJob current = JobRows.select(connection, projectId, List.of(id), true).get(id);
        if (current == null) {
            return null;
        }
        LocalJob changed = Objects.requireNonNull(change.apply(current), "change answered null");
        JobCatalogue.requireSameKey(current, changed);
        boolean versioned = stamp.why() == VersionReason.ROLLBACK || !changed.definition().equals(current.definition());
        if (changed.equals(current) && !versioned) {
            return new JobCatalogue.Redefined(current, Optional.empty());
        }
        if (!changed.name().equals(current.name())) {
            dialect.lockAcrossInstances(connection, Dialect.NAMES_LOCK, projectId.value());
            requireFreeName(connection, changed);
        }
        try (PreparedStatement update = connection.prepareStatement(JobRows.UPDATE_CHANGEABLE)) {
            JobRows.bindChangeableUpdate(update, changed);
            update.executeUpdate();
        }
        if (!changed.definition().tags().equals(current.definition().tags())) {
            JobTags.write(connection, changed, true);
        }
        Optional<JobVersion> version = Optional.empty();
        if (versioned) {
            version = Optional.of(JobVersion.next(id, JobVersionRows.latest(connection, projectId, id),
                    changed.definition(), stamp, changed.updateTime()));
            JobVersionRows.insert(connection, projectId, version.get());
        }
        return new JobCatalogue.Redefined(changed, version);
    }

    /** The jobs of {@code ids} the project holds, as {@code change} moves their runs, written; by id. */
    static Map<JobId, LocalJob> updated(Connection connection, ProjectId projectId, Collection<JobId> ids,
                                        UnaryOperator<LocalJob> change) throws SQLException {
        Map<JobId, LocalJob> current = JobRows.select(connection, projectId, ids, true);
        Map<JobId, LocalJob> stored = new HashMap<>(current.size() * 2);
        try (PreparedStatement update = connection.prepareStatement(JobRows.UPDATE_RUN)) {
            boolean anyChange = false;
            for (LocalJob job : current.values()) {
                LocalJob changed = Objects.requireNonNull(change.apply(job), "change answered null");
                JobCatalogue.requireSameJob(job, changed);
                stored.put(job.id(), changed);
                if (!changed.equals(job)) {
                    JobRows.bindRunUpdate(update, changed);
                    update.addBatch();
                    anyChange = true;
                }
            }
            if (anyChange) {
                update.executeBatch();
            }
        }
        return stored;
    }

    /**
     * Deletes the jobs of {@code ids} the project holds, with their tags, savepoint history and versions; answers
     * them.
     */
    static List<Removed> deleted(Connection connection, Dialect dialect, ProjectId projectId, Collection<JobId> ids)
            throws SQLException {
        Map<JobId, LocalJob> current = JobRows.select(connection, projectId, ids, true);
        Map<JobId, List<SavepointRecord>> histories = SavepointHistory.histories(connection, projectId,
                current.keySet());
        for (String table : List.of("jobs", "job_tags", "savepoints", "job_versions")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE project_id = ? AND job_id = ?")) {
                for (JobId id : current.keySet()) {
                    delete.setString(1, projectId.value());
                    delete.setLong(2, id.value());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        countJobs(connection, dialect, projectId, -current.size());
        return current.values().stream()
                .map(job -> new Removed(job, histories.getOrDefault(job.id(), List.of()))).toList();
    }
}
