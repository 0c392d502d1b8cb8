package dev.dlirun.adapters.rest.server;

import dev.dlirun.adapters.rest.auth.Authenticator;

import java.time.Duration;
import java.util.Objects;

/**
 * What the HTTP side of the service accepts.
 *
 * @param authenticator  who may call; {@link Authenticator#NONE} lets anyone in
 * @param maxBodyBytes   the largest request body read; larger ones answer 413
 * @param maxHeaderBytes the largest request line and headers, together
 * @param readTimeout    how long a request's bytes may take to arrive; a caller that stalls is cut off then
 * @param workerThreads  requests served at once
 */
public record RestSettings(Authenticator authenticator, long maxBodyBytes, int maxHeaderBytes, Duration readTimeout,
                           int workerThreads) {

    public RestSettings {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (maxBodyBytes < 1 || maxHeaderBytes < 1024 || workerThreads < 1 || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("limits must be positive (and headers at least 1 KiB)");
        }
    }

    /** No authentication; 4 MiB bodies (a SQL script of up to 1 M characters), 16 KiB headers, 10 s to send a request, 64 workers. */
    public static RestSettings defaults() {
        return new RestSettings(Authenticator.NONE, 4 * 1024 * 1024, 16 * 1024, Duration.ofSeconds(10), 64);
    }

    public RestSettings withAuthenticator(Authenticator value) {
        return new RestSettings(value, maxBodyBytes, maxHeaderBytes, readTimeout, workerThreads);
    }

    public RestSettings withMaxBodyBytes(long value) {
        return new RestSettings(authenticator, value, maxHeaderBytes, readTimeout, workerThreads);
    }

    public RestSettings withReadTimeout(Duration value) {
        return new RestSettings(authenticator, maxBodyBytes, maxHeaderBytes, value, workerThreads);
    }
}
