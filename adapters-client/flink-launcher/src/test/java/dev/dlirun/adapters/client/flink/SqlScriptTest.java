package dev.dlirun.adapters.client.flink;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {

    private static List<String> texts(String script) {
        return SqlScript.split(script).stream().map(SqlScript.Statement::text).toList();
    }

    @Test
    void statementsAreSeparatedBySemicolonsOutsideQuotesAndComments() {
        assertThat(texts("""
                SET 'table.local-time-zone' = 'UTC;';
                -- a comment; not a statement
                CREATE TABLE `odd;name` (a INT) WITH ('connector' = 'datagen'); /* a block; comment */
                INSERT INTO b SELECT 'it''s; fine' FROM "quoted;";
                """)).containsExactly(
                "SET 'table.local-time-zone' = 'UTC;'",
                "-- a comment; not a statement\nCREATE TABLE `odd;name` (a INT) WITH ('connector' = 'datagen')",
                "/* a block; comment */\nINSERT INTO b SELECT 'it''s; fine' FROM \"quoted;\"");
    }

    @Test
    void emptyStatementsAndCommentsAloneAreNoStatements() {
        assertThat(texts(";;  \n -- only a comment\n /* and another */ ;")).isEmpty();
        assertThat(texts("INSERT INTO a SELECT 1")).containsExactly("INSERT INTO a SELECT 1");
    }

    @Test
    void statementSetMarkersAreDroppedAndTheirInsertsKept() {
        assertThat(texts("""
                BEGIN STATEMENT SET;
                INSERT INTO a SELECT 1;
                INSERT INTO b SELECT 2;
                END;
                EXECUTE STATEMENT SET BEGIN INSERT INTO c SELECT 3; INSERT INTO d SELECT 4; END;
                """)).containsExactly("INSERT INTO a SELECT 1", "INSERT INTO b SELECT 2", "INSERT INTO c SELECT 3",
                "INSERT INTO d SELECT 4");
    }

    @Test
    void eachStatementKnowsItsNumberAndTheLineItStartsOn() {
        var statements = SqlScript.split("""
                CREATE TABLE a (x INT)
                  WITH ('connector' = 'datagen');

                /* a comment
                   over lines */ INSERT INTO b
                SELECT x FROM a;""");

        assertThat(statements).extracting(SqlScript.Statement::where)
                .containsExactly("statement 1 (line 1)", "statement 2 (line 5)");
    }
}
