package dev.dlirun.adapters.client.local.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.model.UpgradeRecord;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeStatus;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code job_upgrades} table: one row per upgrade, replaced whole at each of its steps. */
final class JdbcUpgrades implements UpgradeCatalogue {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "upgrade_id, project_id, job_id, status, job_type, previous_definition, "
            + "candidate_definition, timeout_seconds, allow_non_restored_state, verdict_kind, verdict_reason, "
            + "verdict_operators, replaced_launch, stop_asked, savepoint_before, savepoint, new_launch, "
            + "rollback_launch, verify_by, why, created_at, updated_at";
    private static final List<UpgradeStatus> SETTLED = List.of(UpgradeStatus.SUCCEEDED, UpgradeStatus.ROLLED_BACK,
            UpgradeStatus.REFUSED, UpgradeStatus.FAILED);

    private final Transactions transactions;

    JdbcUpgrades(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void save(UpgradeRecord upgrade) {
        transactions.write(connection -> {
            try (PreparedStatement merge = connection.prepareStatement(
                    transactions.dialect().upsert("job_upgrades", COLUMNS, "upgrade_id"))) {
                int i = 1;
                merge.setString(i++, upgrade.id().value());
                merge.setString(i++, upgrade.projectId().value());
                merge.setLong(i++, upgrade.jobId().value());
                merge.setString(i++, upgrade.status().name());
                merge.setString(i++, upgrade.previous().type().wireName());
                merge.setString(i++, json(upgrade.previous().fields().toJson()));
                merge.setString(i++, json(upgrade.candidate().fields().toJson()));
                merge.setInt(i++, Math.toIntExact(upgrade.timeout().toSeconds()));
                merge.setBoolean(i++, upgrade.allowNonRestoredState());
                StateVerdict verdict = upgrade.verdict();
                merge.setString(i++, verdict == null ? null : verdict.kind().name());
                merge.setString(i++, verdict == null ? null : verdict.reason());
                merge.setString(i++, verdict == null ? null : json(verdict.operators().stream()
                        .map(note -> Map.of("operator_id", note.operatorId(), "operator", note.operator(),
                                "note", note.note())).toList()));
                merge.setString(i++, upgrade.replaced().value());
                merge.setBoolean(i++, upgrade.stopAsked());
                merge.setString(i++, upgrade.savepointBefore());
                merge.setString(i++, upgrade.savepoint());
                merge.setString(i++, upgrade.newLaunch() == null ? null : upgrade.newLaunch().value());
                merge.setString(i++, upgrade.rollbackLaunch() == null ? null : upgrade.rollbackLaunch().value());
                if (upgrade.verifyBy() == null) {
                    merge.setNull(i++, Types.BIGINT);
                } else {
                    merge.setLong(i++, upgrade.verifyBy());
                }
                merge.setString(i++, upgrade.why());
                merge.setLong(i++, upgrade.created());
                merge.setLong(i, upgrade.updated());
                return merge.executeUpdate();
            }
        });
    }

    @Override
    public Optional<UpgradeRecord> find(ProjectId projectId, UpgradeId id) {
        List<UpgradeRecord> found = select("WHERE upgrade_id = ? AND project_id = ?", id.value(), projectId.value());
        return found.stream().findFirst();
    }

    @Override
    public Optional<UpgradeRecord> latest(ProjectId projectId, JobId jobId) {
        return select("WHERE project_id = ? AND job_id = ? ORDER BY created_at DESC LIMIT 1", projectId.value(),
                jobId.value()).stream().findFirst();
    }

    @Override
    public List<UpgradeRecord> unsettled() {
        return select("WHERE status NOT IN (?, ?, ?, ?) ORDER BY created_at", SETTLED.stream().map(Enum::name)
                .toArray());
    }

    private List<UpgradeRecord> select(String where, Object... parameters) {
        return transactions.run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM job_upgrades " + where)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                List<UpgradeRecord> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(read(rows));
                    }
                }
                return found;
            }
        });
    }

    private static UpgradeRecord read(ResultSet row) throws SQLException {
        String typeName = row.getString("job_type");
        Optional<JobType> known = JobType.fromWireName(typeName);
        if (known.isEmpty()) {
            throw new SQLException("unknown job type in job_upgrades: " + typeName);
        }
        JobType type = known.get();
        String kind = row.getString("verdict_kind");
        StateVerdict verdict = kind == null ? null : new StateVerdict(StateVerdict.Kind.valueOf(kind),
                row.getString("verdict_reason"), operators(row.getString("verdict_operators")));
        long verifyBy = row.getLong("verify_by");
        Long verifyByOrNull = row.wasNull() ? null : verifyBy;
        return new UpgradeRecord(new UpgradeId(row.getString("upgrade_id")),
                ProjectId.of(row.getString("project_id")), JobId.of(row.getLong("job_id")),
                UpgradeStatus.valueOf(row.getString("status")),
                definition(type, row.getString("previous_definition")),
                definition(type, row.getString("candidate_definition")),
                Duration.ofSeconds(row.getInt("timeout_seconds")), row.getBoolean("allow_non_restored_state"), verdict,
                new RuntimeJobId(row.getString("replaced_launch")), row.getBoolean("stop_asked"),
                row.getString("savepoint_before"), row.getString("savepoint"), launch(row.getString("new_launch")),
                launch(row.getString("rollback_launch")), verifyByOrNull, row.getString("why"),
                row.getLong("created_at"), row.getLong("updated_at"));
    }

    private static RuntimeJobId launch(String value) {
        return value == null ? null : new RuntimeJobId(value);
    }

    private static JobDefinition definition(JobType type, String json) throws SQLException {
        try {
            return JobDefinition.from(type, JobFields.parse(JSON.readValue(json,
                    new TypeReference<Map<String, Object>>() { })));
        } catch (JsonProcessingException e) {
            throw new SQLException("a definition in job_upgrades is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<StateVerdict.OperatorNote> operators(String json) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<Map<String, String>>>() { }).stream()
                    .map(note -> new StateVerdict.OperatorNote(note.get("operator_id"), note.get("operator"),
                            note.get("note"))).toList();
        } catch (JsonProcessingException e) {
            throw new SQLException("a verdict in job_upgrades is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object value) throws SQLException {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }
}
