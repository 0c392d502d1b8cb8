package dev.dlirun.bootstrap;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of the local engine's alerts: the channels jobs' {@code smn_topic}s name, the secret their bodies are
 * signed with, where alerts about the cluster go, and what makes a restart loop or an unreachable cluster. A mixin of
 * {@link Main}, which lists its groups of flags in the order {@code --help} shows them.
 */
final class AlertOptions {

    @Option(names = "--alert-channel", paramLabel = "TOPIC=URL", split = ",",
            description = "An alert channel: jobs whose smn_topic is TOPIC get their alerts (failed for good, restart "
                    + "loop, stop savepoint failed, checkpoints stalled) POSTed to the http(s) webhook URL, signed with the secret of "
                    + "--alert-secret-file. Repeatable, or comma-separated. Only these topics get alerts. Local engine "
                    + "only. Env DLIRUN_ALERT_CHANNEL. Default: none (no alerts).")
    Map<String, URI> channels = new LinkedHashMap<>();

    @Option(names = "--alert-secret-file", paramLabel = "FILE",
            description = "File holding the shared secret (at least 16 bytes; surrounding whitespace is ignored) "
                    + "each alert's body is signed with (HMAC-SHA256, header X-Dlirun-Signature). Needed with "
                    + "--alert-channel. Env DLIRUN_ALERT_SECRET_FILE.")
    Path secretFile;

    @Option(names = "--alert-cluster-topic", paramLabel = "TOPIC", split = ",",
            description = "The topics the alerts about the Flink cluster (unreachable, recovered) go to; each must be "
                    + "an --alert-channel's. Env DLIRUN_ALERT_CLUSTER_TOPIC. Default: every channel.")
    List<String> clusterTopics = List.of();

    @Option(names = "--alert-restart-count", paramLabel = "N", defaultValue = "3",
            description = "How many restarts of a job within --alert-restart-window make a restart loop (one alert "
                    + "per loop). Env DLIRUN_ALERT_RESTART_COUNT. Default: ${DEFAULT-VALUE}.")
    int restartCount;

    @Option(names = "--alert-restart-window", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "See --alert-restart-count. Env DLIRUN_ALERT_RESTART_WINDOW. Default: ${DEFAULT-VALUE}.")
    Duration restartWindow;

    @Option(names = "--alert-unreachable-grace", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long the Flink cluster may stay unreachable before an alert says so (and another one "
                    + "when it answers again). Env DLIRUN_ALERT_UNREACHABLE_GRACE. Default: ${DEFAULT-VALUE}.")
    Duration unreachableGrace;

    @Option(names = "--alert-checkpoint-window", paramLabel = "DURATION", defaultValue = "10m",
            converter = DurationConverter.class,
            description = "How long a running job with checkpointing on may go without a completed checkpoint (since "
                    + "the latest one, or since it runs) before an alert (checkpoint_stalled) says so; one alert until "
                    + "a checkpoint completes again. A job's window is at least 3 of its checkpoint_interval. Env "
                    + "DLIRUN_ALERT_CHECKPOINT_WINDOW. Default: ${DEFAULT-VALUE}.")
    Duration checkpointWindow;

    /** Whether any alert flag asks for something: the DLI backend refuses them. */
    boolean anySet() {
        return !channels.isEmpty() || secretFile != null || !clusterTopics.isEmpty();
    }
}
