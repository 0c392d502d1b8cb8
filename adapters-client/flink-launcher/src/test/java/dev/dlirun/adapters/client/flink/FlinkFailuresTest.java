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
