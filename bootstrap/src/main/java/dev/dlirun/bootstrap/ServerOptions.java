package dev.dlirun.bootstrap;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The flags of the HTTP server: where it listens, how callers prove who they are, what a request may bring and how
 * long it may take to arrive, how its log lines and its readiness answers are made. A mixin of {@link Main}, which
 * lists its groups of flags in the order {@code --help} shows them.
 */
final class ServerOptions {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one. Env DLIRUN_PORT. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface. Env DLIRUN_BIND. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "none",
            description = "How callers prove who they are: ${COMPLETION-CANDIDATES}. none is allowed on a loopback "
                    + "address only. Env DLIRUN_AUTH. Default: ${DEFAULT-VALUE}.")
    Authentication.Mode auth;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "With --auth aksk: JSON array of {access_key, secret_key, projects}. Env DLIRUN_CREDENTIALS.")
    Path credentials;

    @Option(names = "--tokens", paramLabel = "FILE",
            description = "With --auth token: JSON array of {token_sha256, projects}. Env DLIRUN_TOKENS.")
    Path tokens;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest request body accepted; larger ones answer 413. Env DLIRUN_MAX_BODY. "
                    + "Default: ${DEFAULT-VALUE}.")
    long maxBody;

    @Option(names = "--read-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long a request's bytes may take to arrive; a caller that stalls is cut off (408). "
                    + "Env DLIRUN_READ_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration readTimeout;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines for people (text) or for log pipelines (json, one object per line). "
                    + "Env DLIRUN_LOG_FORMAT. Default: ${DEFAULT-VALUE}.")
    LogFormat logFormat;

    @Option(names = "--readiness-cache", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long /health/ready reuses its probe of the backend. Env DLIRUN_READINESS_CACHE. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration readinessCache;

    /** How log lines are written: logback.xml or logback-json.xml. */
    enum LogFormat {
        text, json
    }
}
