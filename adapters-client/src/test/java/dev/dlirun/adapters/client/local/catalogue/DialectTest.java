package dev.dlirun.adapters.client.local.catalogue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which database a URL names, and what its scripts say (the SQL itself is run by the catalogues' tests). */
class DialectTest {

    @Test
    void theUrlNamesTheDialectAndAnyOtherDatabaseIsRefused() {
        assertThat(Dialect.of("jdbc:h2:file:/data/catalogue;WRITE_DELAY=0")).isEqualTo(Dialect.H2);
        assertThat(Dialect.of("jdbc:postgresql://db:5432/dlirun")).isEqualTo(Dialect.POSTGRESQL);
        assertThatThrownBy(() -> Dialect.of("jdbc:mysql://db/dlirun?password=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/dlirun is neither")
                .hasMessageNotContaining("password");
    }

    @Test
    void eachDialectHasTheSameVersionsOfTheSchema() {
        for (Dialect dialect : Dialect.values()) {
            for (int version = 1; version <= 10; version++) {
                int v = version;
                String script = List.of("V1__jobs.sql", "V2__job_code_and_runs.sql", "V3__savepoint_history.sql",
                        "V4__job_definitions_managed.sql", "V5__job_templates.sql", "V6__alerts.sql",
                        "V7__job_versions.sql", "V8__allow_non_restored_state.sql", "V9__job_upgrades.sql",
                        "V10__instances_and_leases.sql").get(v - 1);
                assertThat(CatalogueSchema.statements(dialect, script)).as(dialect + " " + script).isNotEmpty();
            }
        }
    }

    @Test
    void aFunctionBodyQuotedByDollarsIsOneStatement() {
        List<String> statements = CatalogueSchema.statements(Dialect.POSTGRESQL, "V10__instances_and_leases.sql");

        assertThat(statements).hasSize(4);
        assertThat(statements.get(2)).startsWith("CREATE FUNCTION dlirun_job_changed()")
                .contains("PERFORM pg_notify('dlirun_jobs', OLD.project_id || '/' || OLD.job_id);")
                .endsWith("$$");
        assertThat(statements.get(3)).startsWith("CREATE TRIGGER jobs_changed AFTER INSERT OR UPDATE OR DELETE ON jobs");
        assertThat(CatalogueSchema.statements(Dialect.H2, "V10__instances_and_leases.sql")).hasSize(2);
    }

    @Test
    void theSqlThatDiffers() {
        assertThat(Dialect.H2.nextValue("job_id_sequence")).isEqualTo("SELECT NEXT VALUE FOR job_id_sequence");
        assertThat(Dialect.POSTGRESQL.nextValue("job_id_sequence")).isEqualTo("SELECT nextval('job_id_sequence')");
        assertThat(Dialect.POSTGRESQL.upsert("t", "id, a, b", "id"))
                .isEqualTo("INSERT INTO t (id, a, b) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET a = EXCLUDED.a, "
                        + "b = EXCLUDED.b");
        assertThat(Dialect.H2.upsert("t", "id, a, b", "id")).isEqualTo("MERGE INTO t (id, a, b) KEY (id) VALUES (?, ?, ?)");
        assertThat(Dialect.H2.shareLock()).isEqualTo(" FOR UPDATE");
        assertThat(Dialect.POSTGRESQL.shareLock()).isEqualTo(" FOR SHARE");
    }
}
