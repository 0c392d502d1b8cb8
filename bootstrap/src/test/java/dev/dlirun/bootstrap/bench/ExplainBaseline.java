package dev.dlirun.bootstrap.bench;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.TableEnvironment;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of the check benchmark: Flink's own {@code explainSql} of a script in a bare {@code TableEnvironment},
 * in a process of its own, with none of the service in its path. Each explain takes a fresh environment (the service
 * plans each check in one of its own, so that checks share nothing), runs the script's statements but its last, and
 * explains the last (its {@code INSERT}). It takes one command per line on standard input, {@code explain <n>} or
 * {@code explain <n> graph} (with {@code ExplainDetail.JSON_EXECUTION_PLAN}: Flink then also translates the plan into
 * its stream graph, as a check does), and answers, after {@link FlinkBaseline#ANSWER}, {@code explained <µs> ...},
 * the time of each of the {@code n} explains.
 * Usage: {@code ExplainBaseline <sql file>}.
 */
public final class ExplainBaseline {

    private ExplainBaseline() {
    }

    public static void main(String[] args) throws Exception {
        String script = Files.readString(Path.of(args[0]));
        List<String> statements = new ArrayList<>();
        for (String statement : script.split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement);
            }
        }
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println(FlinkBaseline.ANSWER + "ready");
            for (String line; (line = commands.readLine()) != null; ) {
                String[] command = line.split(" ");
                if (!command[0].equals("explain")) {
                    throw new IllegalArgumentException("unknown command " + line);
                }
                StringBuilder answer = new StringBuilder("explained");
                boolean graph = command.length > 2 && command[2].equals("graph");
                for (int i = Integer.parseInt(command[1]); i > 0; i--) {
                    long start = System.nanoTime();
                    explain(statements, graph);
                    answer.append(' ').append((System.nanoTime() - start) / 1_000);
                }
                System.out.println(FlinkBaseline.ANSWER + answer);
            }
        }
    }

    private static void explain(List<String> statements, boolean graph) {
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
                .withConfiguration(configuration).build());
        for (String statement : statements.subList(0, statements.size() - 1)) {
            tables.executeSql(statement);
        }
        String insert = statements.get(statements.size() - 1);
        if ((graph ? tables.explainSql(insert, ExplainDetail.JSON_EXECUTION_PLAN) : tables.explainSql(insert))
                .isEmpty()) {
            throw new IllegalStateException("Flink explained nothing");
        }
    }
}
