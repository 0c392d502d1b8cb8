package dev.dlirun.adapters.client.local.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.domain.model.JobTag;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.TemplateId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The {@code job_templates} table of the catalogue's database (schema version 5). */
final class JdbcTemplateCatalogue implements TemplateCatalogue {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> TAGS = new TypeReference<>() { };
    private static final String COLUMNS = "template_id, project_id, name, description, sql_body, job_type, tags, "
            + "create_time, update_time";

    private final Transactions transactions;

    JdbcTemplateCatalogue(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /**
     * Synchronized: within this process, counting and inserting under this lock keeps concurrent creates from passing
     * the project's limit; on PostgreSQL, shared by other instances, the project's templates are also locked across
     * instances for the transaction (see {@link Dialect#lockAcrossInstances}).
     */
    @Override
    public synchronized Optional<JobTemplate> create(ProjectId projectId, int max,
                                                     Function<TemplateId, JobTemplate> template) {
        return transactions.write(connection -> {
            transactions.dialect().lockAcrossInstances(connection, Dialect.TEMPLATES_LOCK, projectId.value());
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM job_templates WHERE project_id = ?")) {
                count.setString(1, projectId.value());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= max) {
                        return Optional.empty();
                    }
                }
            }
            TemplateId id;
            try (PreparedStatement next = connection.prepareStatement(
                    transactions.dialect().nextValue("template_id_sequence"));
                 ResultSet rows = next.executeQuery()) {
                rows.next();
                id = TemplateId.of(rows.getLong(1));
            }
            JobTemplate made = Objects.requireNonNull(template.apply(id), "template");
            if (!made.id().equals(id) || !made.projectId().equals(projectId)) {
                throw new IllegalArgumentException("a new template must have the id and project it was given");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO job_templates (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(insert, made);
                insert.executeUpdate();
            }
            return Optional.of(made);
        });
    }

    @Override
    public Optional<JobTemplate> find(ProjectId projectId, TemplateId id) {
        return transactions.run(connection -> find(connection, projectId, id, false));
    }

    @Override
    public List<JobTemplate> all(ProjectId projectId) {
        return transactions.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM job_templates WHERE project_id = ?")) {
                select.setString(1, projectId.value());
                try (ResultSet rows = select.executeQuery()) {
                    List<JobTemplate> templates = new ArrayList<>();
                    while (rows.next()) {
                        templates.add(read(rows));
                    }
                    return templates;
                }
            }
        });
    }

    @Override
    public Optional<JobTemplate> update(ProjectId projectId, TemplateId id, UnaryOperator<JobTemplate> change) {
        return transactions.write(connection -> {
            Optional<JobTemplate> current = find(connection, projectId, id, true);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            JobTemplate changed = Objects.requireNonNull(change.apply(current.get()), "change answered null");
            TemplateCatalogue.requireSameKey(current.get(), changed);
            try (PreparedStatement update = connection.prepareStatement("UPDATE job_templates SET name = ?, "
                    + "description = ?, sql_body = ?, job_type = ?, tags = ?, update_time = ? "
                    + "WHERE project_id = ? AND template_id = ?")) {
                update.setString(1, changed.name());
                update.setString(2, changed.desc());
                update.setString(3, changed.sqlBody());
                update.setString(4, changed.jobType().wireName());
                update.setString(5, tags(changed.tags()));
                update.setLong(6, changed.updateTime());
                update.setString(7, projectId.value());
                update.setLong(8, id.value());
                update.executeUpdate();
            }
            return Optional.of(changed);
        });
    }

    @Override
    public boolean delete(ProjectId projectId, TemplateId id) {
        return transactions.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM job_templates WHERE project_id = ? AND template_id = ?")) {
                delete.setString(1, projectId.value());
                delete.setLong(2, id.value());
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static Optional<JobTemplate> find(Connection connection, ProjectId projectId, TemplateId id,
                                              boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM job_templates "
                + "WHERE project_id = ? AND template_id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, projectId.value());
            select.setLong(2, id.value());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement insert, JobTemplate template) throws SQLException {
        insert.setLong(1, template.id().value());
        insert.setString(2, template.projectId().value());
        insert.setString(3, template.name());
        insert.setString(4, template.desc());
        insert.setString(5, template.sqlBody());
        insert.setString(6, template.jobType().wireName());
        insert.setString(7, tags(template.tags()));
        insert.setLong(8, template.createTime());
        insert.setLong(9, template.updateTime());
    }

    private static JobTemplate read(ResultSet row) throws SQLException {
        String type = row.getString("job_type");
        JobType jobType = JobType.fromWireName(type).orElseThrow(() -> new SQLException(
                "a template of an unknown job type: " + type));
        return new JobTemplate(TemplateId.of(row.getLong("template_id")), ProjectId.of(row.getString("project_id")),
                row.getString("name"), row.getString("description"), row.getString("sql_body"), jobType,
                tags(row.getString("tags")), row.getLong("create_time"), row.getLong("update_time"));
    }

    private static String tags(List<JobTag> tags) {
        try {
            return JSON.writeValueAsString(tags.stream().map(tag -> Map.of("key", tag.key(), "value", tag.value()))
                    .toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags cannot be written as JSON", e);
        }
    }

    private static List<JobTag> tags(String json) throws SQLException {
        try {
            return JSON.readValue(json, TAGS).stream().map(tag -> new JobTag(tag.get("key"), tag.get("value")))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new SQLException("a template's tags are not JSON", e);
        }
    }
}
