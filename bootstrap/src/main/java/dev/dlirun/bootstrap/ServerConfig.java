package dev.dlirun.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the server is started with, already checked.
 *
 * @param jobsFile      the local engine's catalogue; empty for the built-in demo catalogue
 * @param launchDelay   how long the local engine takes to get a submitted job running
 * @param shutdownGrace how long requests in flight may take to finish when the server stops
 */
public record ServerConfig(
        String bind,
        int port,
        Backend backend,
        Optional<Path> jobsFile,
        int maxBatch,
        Duration launchDelay,
        Duration shutdownGrace) {

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(jobsFile, "jobsFile");
        Objects.requireNonNull(launchDelay, "launchDelay");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("--bind must name an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535, not " + port);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch must be at least 1, not " + maxBatch);
        }
        if (launchDelay.isNegative()) {
            throw new IllegalArgumentException("--launch-delay cannot be negative");
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("--shutdown-grace cannot be negative");
        }
    }

    /** The defaults, listening on {@code port}: for tests and embedding. */
    public static ServerConfig defaults(int port) {
        return new ServerConfig("127.0.0.1", port, Backend.local, Optional.empty(), 1000,
                Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public ServerConfig withJobsFile(Path file) {
        return new ServerConfig(bind, port, backend, Optional.of(file), maxBatch, launchDelay, shutdownGrace);
    }

    public ServerConfig withMaxBatch(int max) {
        return new ServerConfig(bind, port, backend, jobsFile, max, launchDelay, shutdownGrace);
    }

    public ServerConfig withLaunchDelay(Duration delay) {
        return new ServerConfig(bind, port, backend, jobsFile, maxBatch, delay, shutdownGrace);
    }
}
