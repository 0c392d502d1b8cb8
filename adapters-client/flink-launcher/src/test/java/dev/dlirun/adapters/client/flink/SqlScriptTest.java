package dev.dlirun.adapters.client.flink;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.ddl.CreateViewOperation;
import org.apache.flink.table.operations.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scripts cut and parsed as Flink's own script runner does it, by Flink's real parser. */
class SqlScriptTest {

    private static TableEnvironmentInternal tables;

    @BeforeAll
    static void planner() {
        tables = (TableEnvironmentInternal) TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tables.executeSql("CREATE TABLE a (x INT) WITH ('connector' = 'datagen')");
        tables.executeSql("CREATE TABLE b (x INT) WITH ('connector' = 'blackhole')");
    }

    /** The statements of the script, each as "number@line: kind of its operations". */
    private static List<String> run(String script) throws SqlScript.StatementFailed {
        List<String> seen = new ArrayList<>();
        SqlScript.run(script, tables.getParser()::parse, statement -> {
            List<String> kinds = new ArrayList<>();
            for (Operation operation : statement.operations()) {
                kinds.add(operation.getClass().getSimpleName());
                if (operation instanceof CreateViewOperation) {
                    tables.executeInternal(operation);
                }
            }
            seen.add(statement.number() + "@" + statement.line() + ": " + String.join(",", kinds));
        });
        return seen;
    }

    @Test
    void statementsEndAtSemicolonsOutsideQuotesAndComments() throws Exception {
        assertThat(run("""
                SET 'table.local-time-zone' = 'UTC;';
                -- a comment; not a statement
                CREATE TEMPORARY VIEW `odd;name` AS SELECT x FROM a; /* a block; comment */
                INSERT INTO b SELECT CHAR_LENGTH('it''s; fine') FROM a;
                """)).containsExactly("1@1: SetOperation", "2@3: CreateViewOperation", "3@4: SinkModifyOperation");
    }

    @Test
    void blanksCommentsAndEmptyStatementsAloneAreNoStatements() throws Exception {
        assertThat(run(";;  \n -- only a comment\n /* and another */ ;")).isEmpty();
        assertThat(run("INSERT INTO b SELECT x FROM a")).containsExactly("1@1: SinkModifyOperation");
        assertThat(run(";\n;\nINSERT INTO b SELECT x FROM a;;\n-- done\n"))
                .containsExactly("1@3: SinkModifyOperation");
    }

    @Test
    void aStatementSetWithSemicolonsInsideIsOneStatementAndItsMarkersAreStatementsOfTheirOwn() throws Exception {
        assertThat(run("""
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO b SELECT x FROM a;
                  INSERT INTO b SELECT x + 1 FROM a;
                END;
                BEGIN STATEMENT SET;
                INSERT INTO b SELECT x FROM a;
                END;
                """)).containsExactly("1@1: StatementSetOperation", "2@5: BeginStatementSetOperation",
                "3@6: SinkModifyOperation", "4@7: EndStatementSetOperation");
    }

    @Test
    void theParsersMessagesGiveLinesAndColumnsOfTheWholeScript() {
        assertThatThrownBy(() -> run("""
                INSERT INTO b SELECT x FROM a;

                /* a comment
                   over lines */ INSERT INTO b
                SELECT x FORM a;"""))
                .isInstanceOfSatisfying(SqlScript.StatementFailed.class,
                        failed -> assertThat(failed.where()).isEqualTo("statement 2 (line 4)"))
                .cause().hasMessageStartingWith("SQL parse failed. Encountered \"a\" at line 5, column 15.");
        assertThatThrownBy(() -> run("INSERT INTO b SELECT x FROM a; INSERT INTO b SELECT x FORM a;"))
                .cause().hasMessageStartingWith("SQL parse failed. Encountered \"a\" at line 1, column 60.");
    }

    @Test
    void windowsLineEndsCountAsOneLineEach() throws Exception {
        assertThat(run("SET 'table.local-time-zone' = 'UTC';\r\n\r\nINSERT INTO b\r\nSELECT x FROM a;\r\n"))
                .containsExactly("1@1: SetOperation", "2@3: SinkModifyOperation");
    }

    @Test
    void anUnfinishedStatementAtTheEndIsTheParsersError() {
        assertThatThrownBy(() -> run("EXECUTE STATEMENT SET BEGIN INSERT INTO b SELECT x FROM a;"))
                .isInstanceOfSatisfying(SqlScript.StatementFailed.class,
                        failed -> assertThat(failed.where()).isEqualTo("statement 1 (line 1)"))
                .cause().hasMessageContaining("Encountered \"<EOF>\"");
    }
}
