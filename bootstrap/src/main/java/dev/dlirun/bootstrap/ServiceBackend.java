package dev.dlirun.bootstrap;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/**
 * What the service serves requests with: the local engine ({@link LocalBackend}) or DLI itself
 * ({@link DliBackend}). The server builds one, starts it once it listens, and closes it when it stops.
 */
interface ServiceBackend extends AutoCloseable {

    /** The backend {@code config} names. */
    static ServiceBackend open(ServerConfig config, Clock clock, MeterRegistry metrics) {
        return config.backend() instanceof Backend.Dli dli
                ? new DliBackend(dli.settings(), clock, metrics)
                : LocalBackend.open(config, clock, metrics);
    }

    JobPorts ports();

    /** What must be done before the first request is served (e.g. the jobs file fully imported). */
    default void beforeServing() {
    }

    /**
     * Starts what may come up in the background once the server listens (e.g. a Flink cluster).
     *
     * @param port the port the server listens on: one of the service's own, which no job may reach
     */
    default void onceListening(int port) {
    }

    /**
     * Whether the request path is rehearsed in process at start ({@link StartRehearsal}): not in front of DLI, which
     * has a warm-up of its own and whose lookups would reach DLI.
     */
    boolean rehearsed();

    /** What it is, for the log line that says the service listens. */
    String description();

    /** Stops it; called once, after the server stopped taking requests. */
    @Override
    void close() throws Exception;
}
