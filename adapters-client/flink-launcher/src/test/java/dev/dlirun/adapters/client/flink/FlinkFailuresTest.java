package dev.dlirun.adapters.client.flink;

import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableException;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;

class FlinkFailuresTest {

    @Test
    void aTracesRootCauseIsItsLastCausedByOnOneLine() {
        String trace = """
                org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
                \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(X.java:1)
                Caused by: java.lang.RuntimeException: wrapped
                \t... 3 more
                Caused by: java.lang.NumberFormatException: For input string: 'x'. Invalid character found.
                second line of the message
                \tat java.base/java.lang.Integer.parseInt(Integer.java:1)
                """;

        assertThat(FlinkFailures.rootCauseOfTrace(trace))
                .isEqualTo("NumberFormatException: For input string: 'x'. Invalid character found.");
        assertThat(FlinkFailures.rootCauseOfTrace("org.example.Boom: it broke\n\tat x"))
                .isEqualTo("Boom: it broke");
        assertThat(FlinkFailures.rootCauseOfTrace(null)).isEqualTo("The job failed; Flink gave no reason.");
    }

    @Test
    void aConnectorOrFormatThatIsNotInstalledIsNamedWithWhatIsInstalledInsteadNotByTheTopLine() {
        // As Flink reports it: the top line names the table, the cause two levels down says what is missing.
        var connector = new org.apache.flink.table.api.ValidationException("Unable to create a source for reading "
                + "table 'default_catalog.default_database.orders'.\n\nTable options are: ...",
                new org.apache.flink.table.api.ValidationException("Cannot discover a connector using option: "
                        + "'connector'='kafka'", new org.apache.flink.table.api.ValidationException("Could not find "
                        + "any factory for identifier 'kafka' that implements 'org.apache.flink.table.factories."
                        + "DynamicTableFactory' in the classpath.\n\nAvailable factory identifiers are:\n\n"
                        + "blackhole\ndatagen\ndlirun_code_policy\nfilesystem\nprint")));
        var format = new org.apache.flink.table.api.ValidationException("Could not find any factory for identifier "
                + "'csv' that implements 'org.apache.flink.table.factories.DeserializationFormatFactory' in the "
                + "classpath.\n\nAvailable factory identifiers are:\n\njson\nraw");

        assertThat(FlinkFailures.describe(new TableException("Failed", connector))).isEqualTo("The connector 'kafka' is "
                + "not installed where the job is planned; the connectors installed: blackhole, datagen, filesystem, "
                + "print");
        assertThat(FlinkFailures.describe(format)).isEqualTo("The format 'csv' is not installed where the job is "
                + "planned; the formats installed: json, raw");
    }

    @Test
    void aSqlMistakeIsToldInThePlannersWordsAndAnythingElseByItsDeepestCause() {
        assertThat(FlinkFailures.describe(new TableException("Failed to execute sql", new SqlParserException(
                "SQL parse failed. Encountered \"FORM\" at line 1, column 20.\nWas expecting one of: ..."))))
                .isEqualTo("SQL parse failed. Encountered \"FORM\" at line 1, column 20.");
        assertThat(FlinkFailures.describe(new TableException("Failed to execute sql", new RuntimeException("x",
                new FileNotFoundException("Cannot find checkpoint or savepoint file/directory 'file:/x'")))))
                .isEqualTo("FileNotFoundException: Cannot find checkpoint or savepoint file/directory 'file:/x'");
    }

    @Test
    void aFailureOnTheServerSideOfFlinksRestApiIsToldByTheServersRootCause() {
        Exception rest = new RuntimeException("[Internal server error., <Exception on server side:\n"
                + "org.apache.flink.runtime.client.JobSubmissionException: Failed to submit job.\n\tat x\n"
                + "Caused by: java.lang.ClassCastException: cannot assign instance of SerializedLambda\n\tat y\n"
                + "\nEnd of exception on server side>]");

        assertThat(FlinkFailures.describe(new IllegalStateException("client", rest)))
                .isEqualTo("ClassCastException: cannot assign instance of SerializedLambda");
    }
}
