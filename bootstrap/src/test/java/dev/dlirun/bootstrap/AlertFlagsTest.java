package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert flags, as an operator gives them: read into the configuration, or refused with exit 2 saying why. */
class AlertFlagsTest {

    private static final String SECRET = "0123456789abcdef0123";

    private static ServerConfig parse(Map<String, String> environment, String... args) {
        Main main = new Main();
        Main.commandLine(main, environment).parseArgs(args);
        return main.config();
    }

    /** Exit code and standard error of the command with {@code args}. */
    private static Map.Entry<Integer, String> execute(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Main(), Map.of());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return Map.entry(exit, err.toString());
    }

    @Test
    void withoutAlertFlagsNoAlertIsRaised() {
        assertThat(parse(Map.of()).alerts()).isEqualTo(AlertSettings.NONE);
        assertThat(AlertSettings.NONE.enabled()).isFalse();
    }

    @Test
    void channelsTheSecretFileAndTheDetectorsSettingsAreReadFromFlagsAndTheEnvironment(@TempDir Path dir)
            throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "  " + SECRET + "\n");

        AlertSettings alerts = parse(Map.of("DLIRUN_ALERT_CHANNEL", "pager=https://pager.example/hook?key=k,"
                        + "ops=http://127.0.0.1:9000/alerts"), "--alert-secret-file=" + secret,
                "--alert-cluster-topic=ops", "--alert-restart-count=4", "--alert-restart-window=10m",
                "--alert-unreachable-grace=1m", "--alert-checkpoint-window=15m").alerts();

        assertThat(alerts.channels()).isEqualTo(Map.of("pager", URI.create("https://pager.example/hook?key=k"),
                "ops", URI.create("http://127.0.0.1:9000/alerts")));
        assertThat(new String(alerts.secret(), StandardCharsets.UTF_8)).isEqualTo(SECRET);
        assertThat(alerts.topicsOfClusterAlerts()).isEqualTo(Set.of("ops"));
        assertThat(alerts.restartLoopCount()).isEqualTo(4);
        assertThat(alerts.restartLoopWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(alerts.unreachableGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(alerts.checkpointWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(alerts.toString()).doesNotContain(SECRET).doesNotContain("key=k");
        assertThat(parse(Map.of(), "--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + secret)
                .alerts().topicsOfClusterAlerts()).as("every channel, by default").isEqualTo(Set.of("ops"));
        assertThat(parse(Map.of("DLIRUN_ALERT_CHECKPOINT_WINDOW", "30m"), "--alert-channel=ops=http://127.0.0.1:9000/a",
                "--alert-secret-file=" + secret).alerts().checkpointWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(parse(Map.of(), "--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + secret)
                .alerts().checkpointWindow()).as("the default").isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void wrongAlertFlagsStopTheStartSayingWhy(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), SECRET);
        Path tooShort = Files.writeString(dir.resolve("short"), "guessable");

        assertThat(execute("--alert-channel=ops=http://127.0.0.1:9000/a")).satisfies(run -> {
            assertThat(run.getKey()).isEqualTo(2);
            assertThat(run.getValue()).contains("--alert-channel needs --alert-secret-file");
        });
        assertThat(execute("--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + tooShort))
                .satisfies(run -> assertThat(run.getValue()).contains("a shared secret of at least 16 bytes"));
        assertThat(execute("--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + dir.resolve("none")))
                .satisfies(run -> assertThat(run.getValue()).contains("--alert-secret-file").contains("cannot be read"));
        assertThat(execute("--alert-channel=ops=file:///etc/passwd", "--alert-secret-file=" + secret))
                .satisfies(run -> assertThat(run.getValue()).contains("needs an http or https URL"));
        assertThat(execute("--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + secret,
                "--alert-cluster-topic=pager")).satisfies(run -> assertThat(run.getValue())
                .contains("--alert-cluster-topic pager is not a topic of any --alert-channel"));
        assertThat(execute("--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + secret,
                "--alert-restart-count=1")).satisfies(run -> assertThat(run.getValue())
                .contains("--alert-restart-count must be at least 2"));
        assertThat(execute("--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + secret,
                "--alert-checkpoint-window=0s")).satisfies(run -> {
                    assertThat(run.getKey()).isEqualTo(2);
                    assertThat(run.getValue()).contains("--alert-checkpoint-window must be positive");
                });
        assertThat(execute("--backend=dli", "--dli-region=cn-north-4", "--dli-ak=AK", "--dli-sk=SK",
                "--alert-channel=ops=http://127.0.0.1:9000/a", "--alert-secret-file=" + secret)).satisfies(run -> {
                    assertThat(run.getKey()).isEqualTo(2);
                    assertThat(run.getValue()).contains("with --backend dli, DLI itself notifies the jobs' smn_topic");
                });
    }
}
