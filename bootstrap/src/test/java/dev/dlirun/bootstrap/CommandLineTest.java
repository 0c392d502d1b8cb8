package dev.dlirun.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {

    private static ServerConfig parse(Map<String, String> environment, String... args) {
        Main main = new Main();
        Main.commandLine(main, environment).parseArgs(args);
        return main.config();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Main(), Map.of());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void withoutFlagsItServesTheDemoCatalogueOnLoopbackPort8080() {
        assertThat(parse(Map.of())).isEqualTo(new ServerConfig("127.0.0.1", 8080, Backend.local, Optional.empty(),
                1000, Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    @Test
    void everyFlagHasAnEnvironmentVariable() {
        ServerConfig config = parse(Map.of(
                "DLIRUN_PORT", "9090",
                "DLIRUN_BIND", "0.0.0.0",
                "DLIRUN_BACKEND", "LOCAL",
                "DLIRUN_JOBS", "/etc/dlirun/jobs.json",
                "DLIRUN_MAX_BATCH", "50",
                "DLIRUN_LAUNCH_DELAY", "500ms",
                "DLIRUN_SHUTDOWN_GRACE", "PT30S"));

        assertThat(config).isEqualTo(new ServerConfig("0.0.0.0", 9090, Backend.local,
                Optional.of(Path.of("/etc/dlirun/jobs.json")), 50, Duration.ofMillis(500), Duration.ofSeconds(30)));
    }

    @Test
    void aFlagWinsOverItsEnvironmentVariable() {
        assertThat(parse(Map.of("DLIRUN_PORT", "9090"), "--port", "9191").port()).isEqualTo(9191);
    }

    @Test
    void helpListsEveryFlagWithItsVariableAndDefault() {
        Run help = execute("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--port", "DLIRUN_PORT", "Default: 8080", "--bind", "DLIRUN_BIND",
                "Default: 127.0.0.1", "--backend", "DLIRUN_BACKEND", "--jobs", "DLIRUN_JOBS", "--max-batch",
                "DLIRUN_MAX_BATCH", "Default: 1000", "--launch-delay", "DLIRUN_LAUNCH_DELAY", "--shutdown-grace",
                "DLIRUN_SHUTDOWN_GRACE");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --port=70000         | dlirun: --port must be from 0 to 65535, not 70000
            --port=http          | dlirun: Invalid value for option '--port': 'http' is not an int
            --max-batch=0        | dlirun: --max-batch must be at least 1, not 0
            --launch-delay=soon  | dlirun: Invalid value for option '--launch-delay': 'soon' is not a duration; write e.g. 500ms, 2s or 1m
            --backend=dli        | dlirun: Invalid value for option '--backend': expected one of [local] (case-insensitive) but was 'dli'
            --nope               | dlirun: Unknown option: '--nope'
            """)
    void aBadConfigurationStopsWithOneClearLine(String flag, String message) {
        Run run = execute(flag);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(message, "Run with --help to see the flags.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingJobsFileStopsTheServerBeforeItListens() {
        Run run = execute("--port=0", "--jobs=/nonexistent/jobs.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("dlirun: jobs file /nonexistent/jobs.json does not exist");
    }
}
