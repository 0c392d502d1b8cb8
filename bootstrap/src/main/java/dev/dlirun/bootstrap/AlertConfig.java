package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Set;

/** Turns the alert flags into checked {@link AlertSettings}, the secret read from its file. */
final class AlertConfig {

    private AlertConfig() {
    }

    /**
     * @throws IllegalArgumentException saying which flag is wrong, and why
     */
    static AlertSettings from(AlertOptions options, BackendOptions.BackendKind backend) {
        if (!options.anySet()) {
            return AlertSettings.NONE;
        }
        if (backend == BackendOptions.BackendKind.dli) {
            // Real DLI sends its own SMN notifications for its jobs' smn_topic: this service raises none of its own.
            throw new IllegalArgumentException("--alert-channel, --alert-secret-file and --alert-cluster-topic are the "
                    + "local engine's: with --backend dli, DLI itself notifies the jobs' smn_topic");
        }
        if (options.channels.isEmpty()) {
            throw new IllegalArgumentException("--alert-secret-file and --alert-cluster-topic go with --alert-channel");
        }
        if (options.secretFile == null) {
            throw new IllegalArgumentException("--alert-channel needs --alert-secret-file: the shared secret every "
                    + "alert's body is signed with");
        }
        String secret;
        try {
            secret = Files.readString(options.secretFile, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--alert-secret-file " + options.secretFile + " cannot be read: "
                    + e.getMessage());
        }
        Set<String> clusterTopics = new LinkedHashSet<>();
        options.clusterTopics.stream().map(String::strip).filter(topic -> !topic.isEmpty()).forEach(clusterTopics::add);
        return AlertSettings.of(options.channels, secret).withClusterTopics(clusterTopics)
                .withRestartLoop(options.restartCount, options.restartWindow)
                .withUnreachableGrace(options.unreachableGrace).withCheckpointWindow(options.checkpointWindow);
    }
}
