package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code jobs} table's columns: a {@link LocalJob} bound to a statement's parameters, read back from a row. */
final class JobRows {

    /** Which half of a catalogue entry a column belongs to: the key, what the job is, or how its runs go. */
    private enum Part { KEY, DEFINITION, RUN }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement, int index, LocalJob job) throws SQLException;
    }

    private record Column(String name, Part part, Binder binder) {
    }

    /**
     * The one list of the table's columns: every statement's column list and parameters come from it. The schema
     * itself is in the migrations ({@code db/catalogue}); {@link #read} reads a row back by these names.
     */
    private static final List<Column> COLUMNS = List.of(
            new Column("project_id", Part.KEY, (s, i, j) -> s.setString(i, j.projectId().value())),
            new Column("job_id", Part.KEY, (s, i, j) -> s.setLong(i, j.id().value())),
            new Column("name", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().name())),
            new Column("job_type", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().type().wireName())),
            new Column("create_time", Part.DEFINITION, (s, i, j) -> s.setLong(i, j.createTime())),
            new Column("sql_body", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().sqlBody().orElse(null))),
            new Column("main_class", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().mainClass().orElse(null))),
            new Column("entrypoint_args", Part.DEFINITION,
                    (s, i, j) -> s.setString(i, j.definition().entrypointArgs().orElse(null))),
            new Column("entrypoint", Part.DEFINITION, (s, i, j) -> s.setString(i, config(j).entrypoint().orElse(null))),
            new Column("parallel_number", Part.DEFINITION, (s, i, j) -> s.setInt(i, config(j).parallelNumber())),
            new Column("checkpoint_enabled", Part.DEFINITION, (s, i, j) -> s.setBoolean(i, config(j).checkpointEnabled())),
            new Column("checkpoint_mode", Part.DEFINITION, (s, i, j) -> s.setInt(i, config(j).checkpointMode().number())),
            new Column("checkpoint_interval", Part.DEFINITION,
                    (s, i, j) -> s.setInt(i, config(j).checkpointIntervalSeconds())),
            new Column("restart_when_exception", Part.DEFINITION,
                    (s, i, j) -> s.setBoolean(i, config(j).restartWhenException())),
            new Column("resume_checkpoint", Part.DEFINITION, (s, i, j) -> s.setBoolean(i, config(j).resumeCheckpoint())),
            new Column("resume_max_num", Part.DEFINITION, (s, i, j) -> s.setInt(i, config(j).resumeMaxNum())),
            new Column("runtime_config", Part.DEFINITION,
                    (s, i, j) -> s.setString(i, config(j).runtimeConfig().orElse(null))),
            new Column("queue_name", Part.DEFINITION, (s, i, j) -> s.setString(i, j.definition().queueName().orElse(null))),
            new Column("extras", Part.DEFINITION, (s, i, j) -> s.setString(i, extrasJson(j.definition().extras()))),
            new Column("status", Part.RUN, (s, i, j) -> s.setString(i, j.status().wireName())),
            new Column("status_desc", Part.RUN, (s, i, j) -> s.setString(i, j.run().statusDesc())),
            new Column("has_savepoint", Part.RUN, (s, i, j) -> s.setBoolean(i, j.hasSavepoint())),
            new Column("savepoint_path", Part.RUN, (s, i, j) -> s.setString(i, j.savepointPath())),
            new Column("start_time", Part.RUN, (s, i, j) -> setNullableLong(s, i, j.startTime())),
            new Column("update_time", Part.RUN, (s, i, j) -> s.setLong(i, j.updateTime())),
            new Column("resumed_from_savepoint", Part.RUN, (s, i, j) -> s.setBoolean(i, j.resumedFromSavepoint())),
            new Column("runtime_job_id", Part.RUN,
                    (s, i, j) -> s.setString(i, j.run().launch().map(RuntimeJobId::value).orElse(null))),
            new Column("restore_path", Part.RUN, (s, i, j) -> s.setString(i, j.run().restorePath())),
            new Column("allow_non_restored_state", Part.RUN,
                    (s, i, j) -> s.setBoolean(i, j.run().allowNonRestoredState())));

    private static final List<Column> KEY = columns(Set.of(Part.KEY));
    private static final List<Column> RUN = columns(Set.of(Part.RUN));
    /** Everything a redefinition may change: all but the key and the creation time. */
    private static final List<Column> CHANGEABLE = COLUMNS.stream()
            .filter(c -> c.part() != Part.KEY && !c.name().equals("create_time")).toList();
    /** Every column, for a {@code SELECT} whose rows {@link #read} reads. */
    static final String SELECT_LIST = names(COLUMNS, "", "", ", ");
    private static final String JOINED_SELECT_LIST = names(COLUMNS, "j.", "", ", ");
    /** A whole row, its parameters bound by {@link #bindInsert}. */
    static final String INSERT = "INSERT INTO jobs (" + SELECT_LIST + ") VALUES ("
            + COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    /** A job's run columns, its parameters bound by {@link #bindRunUpdate}. */
    static final String UPDATE_RUN = "UPDATE jobs SET " + names(RUN, "", " = ?", ", ")
            + " WHERE " + names(KEY, "", " = ?", " AND ");

    /** Every column a redefinition may change, its parameters bound by {@link #bindChangeableUpdate}. */
    static final String UPDATE_CHANGEABLE = "UPDATE jobs SET " + names(CHANGEABLE, "", " = ?", ", ")
            + " WHERE " + names(KEY, "", " = ?", " AND ");

    private static final ObjectMapper JSON = new ObjectMapper();

    private JobRows() {
    }

    private static String extrasJson(JobFields extras) {
        if (extras.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(extras.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job's fields cannot be written as JSON", e);
        }
    }

    private static JobFields extras(String json) {
        if (json == null) {
            return JobFields.EMPTY;
        }
        try {
            return JobFields.parse(JSON.readValue(json, new TypeReference<Map<String, Object>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the catalogue holds fields of a job that are not JSON", e);
        }
    }

    private static List<Column> columns(Set<Part> parts) {
        return COLUMNS.stream().filter(c -> parts.contains(c.part())).toList();
    }

    private static String names(List<Column> columns, String prefix, String suffix, String separator) {
        return columns.stream().map(c -> prefix + c.name() + suffix).collect(Collectors.joining(separator));
    }

    private static JobConfig config(LocalJob job) {
        return job.definition().config();
    }

    /** Binds {@code columns} of {@code job} to the statement's parameters from {@code first} on; answers the next. */
    private static int bind(PreparedStatement statement, int first, List<Column> columns, LocalJob job)
            throws SQLException {
        int index = first;
        for (Column column : columns) {
            column.binder().bind(statement, index++, job);
        }
        return index;
    }

    /** Binds {@code job} to the parameters of {@link #INSERT}. */
    static void bindInsert(PreparedStatement insert, LocalJob job) throws SQLException {
        bind(insert, 1, COLUMNS, job);
    }

    /** Binds {@code job} to the parameters of {@link #UPDATE_RUN}. */
    static void bindRunUpdate(PreparedStatement update, LocalJob job) throws SQLException {
        bind(update, bind(update, 1, RUN, job), KEY, job);
    }

    /** Binds {@code job} to the parameters of {@link #UPDATE_CHANGEABLE}. */
    static void bindChangeableUpdate(PreparedStatement update, LocalJob job) throws SQLException {
        bind(update, bind(update, 1, CHANGEABLE, job), KEY, job);
    }

    /**
     * The jobs of {@code ids} in the project. Without {@code forUpdate}: one query, a join of the ids with the
     * primary key (H2 answers {@code job_id IN (...)} or {@code = ANY(?)} by scanning the whole project, and a join
     * with {@code FOR UPDATE} the same way). With {@code forUpdate}: one key lookup per job, each locking its row, in
     * the order of the ids, so that two transactions locking overlapping batches wait for each other, never deadlock.
     */
    static Map<JobId, LocalJob> select(Connection connection, ProjectId projectId, Collection<JobId> ids,
                                       boolean forUpdate) throws SQLException {
        Long[] values = ids.stream().map(JobId::value).distinct().sorted().toArray(Long[]::new);
        Map<JobId, LocalJob> found = new HashMap<>(values.length * 2);
        if (forUpdate) {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + SELECT_LIST
                    + " FROM jobs WHERE project_id = ? AND job_id = ? FOR UPDATE")) {
                select.setString(1, projectId.value());
                for (Long id : values) {
                    select.setLong(2, id);
                    readInto(select, found);
                }
            }
        } else {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + JOINED_SELECT_LIST
                    + " FROM UNNEST(?) AS wanted(id) JOIN jobs j ON j.project_id = ? AND j.job_id = wanted.id")) {
                select.setArray(1, connection.createArrayOf("BIGINT", values));
                select.setString(2, projectId.value());
                readInto(select, found);
            }
        }
        return found;
    }

    /** Which of {@code ids} the project holds, in one query (a join with the ids, as {@link #select} does). */
    static Set<JobId> existing(Connection connection, ProjectId projectId, List<JobId> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT j.job_id FROM UNNEST(?) AS wanted(id) "
                + "JOIN jobs j ON j.project_id = ? AND j.job_id = wanted.id")) {
            select.setArray(1, connection.createArrayOf("BIGINT", ids.stream().map(JobId::value).toArray()));
            select.setString(2, projectId.value());
            Set<JobId> present = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    present.add(JobId.of(rows.getLong(1)));
                }
            }
            return present;
        }
    }

    private static void readInto(PreparedStatement select, Map<JobId, LocalJob> found) throws SQLException {
        for (LocalJob job : readAll(select)) {
            found.put(job.id(), job);
        }
    }

    /** The jobs of every row {@code select} answers, its columns those of {@link #SELECT_LIST}. */
    static List<LocalJob> readAll(PreparedStatement select) throws SQLException {
        List<LocalJob> jobs = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                jobs.add(read(rows));
            }
        }
        return jobs;
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static LocalJob read(ResultSet row) throws SQLException {
        JobConfig config = JobConfig.builder()
                .parallelNumber(row.getInt("parallel_number"))
                .checkpointEnabled(row.getBoolean("checkpoint_enabled"))
                .checkpointMode(CheckpointMode.fromNumber(row.getInt("checkpoint_mode")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown checkpoint mode")))
                .checkpointIntervalSeconds(row.getInt("checkpoint_interval"))
                .restartWhenException(row.getBoolean("restart_when_exception"))
                .resumeCheckpoint(row.getBoolean("resume_checkpoint"))
                .resumeMaxNum(row.getInt("resume_max_num"))
                .runtimeConfig(row.getString("runtime_config"))
                .entrypoint(row.getString("entrypoint"))
                .build();
        JobDefinition definition = new JobDefinition(
                row.getString("name"),
                JobType.fromWireName(row.getString("job_type")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown job type")),
                Optional.ofNullable(row.getString("sql_body")),
                Optional.ofNullable(row.getString("main_class")),
                Optional.ofNullable(row.getString("entrypoint_args")),
                config,
                extras(row.getString("extras")));
        String runtimeJobId = row.getString("runtime_job_id");
        JobRun run = new JobRun(
                JobStatus.fromWireName(row.getString("status")).orElseThrow(
                        () -> new IllegalStateException("the catalogue holds an unknown job status")),
                row.getString("status_desc"),
                row.getBoolean("has_savepoint"),
                row.getString("savepoint_path"),
                nullableLong(row, "start_time"),
                row.getLong("update_time"),
                row.getBoolean("resumed_from_savepoint"),
                runtimeJobId == null ? null : new RuntimeJobId(runtimeJobId),
                row.getString("restore_path"),
                row.getBoolean("allow_non_restored_state"));
        return new LocalJob(ProjectId.of(row.getString("project_id")), JobId.of(row.getLong("job_id")), definition,
                row.getLong("create_time"), run);
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
