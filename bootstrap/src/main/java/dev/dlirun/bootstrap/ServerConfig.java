package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.local.engine.EngineSettings;
import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the server is started with, already checked.
 *
 * @param backend         where jobs are looked up, and how they run
 * @param jobsFile        jobs the local engine adds to its catalogue; empty for the built-in demo catalogue
 * @param dataDirectory   where the local engine keeps its catalogue (and, on Flink, its jobs' files, checkpoints and
 *                        savepoints); empty to keep them for the life of the process only
 * @param shutdownGrace   how long requests in flight may take to finish when the server stops
 * @param requestDeadline how long one request may take, backend calls included
 * @param authentication  how callers prove who they are
 * @param maxBodyBytes    the largest request body accepted
 * @param readTimeout     how long a request's bytes may take to arrive
 * @param readinessCache  how long a readiness probe's answer is reused
 * @param engine          how the local engine works its runtime (savepoint timeout and retention among them)
 * @param maxWait         the longest a caller's {@code Prefer: wait} may hold its answer
 * @param alerts          the local engine's alert channels, and when it raises alerts
 * @param catalogue       the PostgreSQL database the local engine keeps its jobs in; empty for the data directory's
 *                        H2 file (or memory)
 * @param leaseTime       with several instances on one PostgreSQL catalogue: how long the lease of the cluster's
 *                        background work lasts without a renewal (a dead holder's work is taken over within it)
 */
public record ServerConfig(
        String bind,
        int port,
        Backend backend,
        Optional<Path> jobsFile,
        Optional<Path> dataDirectory,
        int maxBatch,
        Duration shutdownGrace,
        Duration requestDeadline,
        Authentication authentication,
        long maxBodyBytes,
        Duration readTimeout,
        Duration readinessCache,
        EngineSettings engine,
        Duration maxWait,
        AlertSettings alerts,
        Optional<CatalogueAddress> catalogue,
        Duration leaseTime) {

    /** How long the lease of the cluster's work lasts by default: a dead holder's work is taken over within it. */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(10);

    /** In the data directory's catalogue (or memory). */
    public ServerConfig(String bind, int port, Backend backend, Optional<Path> jobsFile, Optional<Path> dataDirectory,
                        int maxBatch, Duration shutdownGrace, Duration requestDeadline, Authentication authentication,
                        long maxBodyBytes, Duration readTimeout, Duration readinessCache, EngineSettings engine,
                        Duration maxWait, AlertSettings alerts) {
        this(bind, port, backend, jobsFile, dataDirectory, maxBatch, shutdownGrace, requestDeadline, authentication,
                maxBodyBytes, readTimeout, readinessCache, engine, maxWait, alerts, Optional.empty(),
                DEFAULT_LEASE_TIME);
    }

    /** Without alerts. */
    public ServerConfig(String bind, int port, Backend backend, Optional<Path> jobsFile, Optional<Path> dataDirectory,
                        int maxBatch, Duration shutdownGrace, Duration requestDeadline, Authentication authentication,
                        long maxBodyBytes, Duration readTimeout, Duration readinessCache, EngineSettings engine,
                        Duration maxWait) {
        this(bind, port, backend, jobsFile, dataDirectory, maxBatch, shutdownGrace, requestDeadline, authentication,
                maxBodyBytes, readTimeout, readinessCache, engine, maxWait, AlertSettings.NONE);
    }

    public ServerConfig {
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (leaseTime.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("--lease-time must be at least 2s, not " + leaseTime);
        }
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("--max-wait cannot be negative");
        }
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(jobsFile, "jobsFile");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(requestDeadline, "requestDeadline");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(readinessCache, "readinessCache");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("--bind must name an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be from 0 to 65535, not " + port);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch must be at least 1, not " + maxBatch);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("--shutdown-grace cannot be negative");
        }
        if (requestDeadline.isNegative() || requestDeadline.isZero()) {
            throw new IllegalArgumentException("--request-deadline must be positive");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("--max-body must be at least 1024 bytes, not " + maxBodyBytes);
        }
        if (readinessCache.isNegative()) {
            throw new IllegalArgumentException("--readiness-cache cannot be negative");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("--read-timeout must be positive");
        }
        if (authentication.mode() == Authentication.Mode.none && !isLoopback(bind)) {
            throw new IllegalArgumentException("refusing to listen on " + bind + " without authentication: "
                    + "use --auth aksk or --auth token, or --bind 127.0.0.1");
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + address + " is not an address of this host");
        }
    }

    /**
     * The defaults on the local engine with simulated runs (running 2 s after their submission), kept in memory,
     * listening on {@code port}: for tests of everything but the runs themselves, and for embedding.
     */
    public static ServerConfig simulated(int port) {
        return new ServerConfig("127.0.0.1", port, new Backend.Simulated(Duration.ofSeconds(2)), Optional.empty(),
                Optional.empty(), 1000, Duration.ofSeconds(10), Duration.ofSeconds(15), Authentication.NONE,
                4 * 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(5), EngineSettings.DEFAULTS,
                Duration.ofSeconds(60));
    }

    public ServerConfig withJobsFile(Path file) {
        return with(copy -> copy.jobsFile = Optional.of(file));
    }

    public ServerConfig withMaxBatch(int max) {
        return with(copy -> copy.maxBatch = max);
    }

    /** The same server with simulated runs, running {@code delay} after their submission. */
    public ServerConfig withLaunchDelay(Duration delay) {
        return withBackend(new Backend.Simulated(delay));
    }

    /** The same server on {@code value}. */
    public ServerConfig withBackend(Backend value) {
        return with(copy -> copy.backend = value);
    }

    public ServerConfig withRequestDeadline(Duration deadline) {
        return with(copy -> copy.requestDeadline = deadline);
    }

    /** The same server in front of DLI. */
    public ServerConfig withDli(DliSettings settings) {
        return withBackend(new Backend.Dli(settings));
    }

    /** The same server, letting in only callers who authenticate so. */
    public ServerConfig withAuthentication(Authentication value) {
        return with(copy -> copy.authentication = value);
    }

    /** The same server, reusing a readiness probe's answer this long. */
    public ServerConfig withReadinessCache(Duration value) {
        return with(copy -> copy.readinessCache = value);
    }

    /** The same server, its local engine working its runtime so. */
    public ServerConfig withEngine(EngineSettings value) {
        return with(copy -> copy.engine = value);
    }

    /** The same server, holding a waiting caller's answer this long at most. */
    public ServerConfig withMaxWait(Duration value) {
        return with(copy -> copy.maxWait = value);
    }

    /** The same server, its local engine raising alerts as {@code value} says. */
    public ServerConfig withAlerts(AlertSettings value) {
        return with(copy -> copy.alerts = value);
    }

    /** The same server, its local engine kept in {@code directory}. */
    public ServerConfig withDataDirectory(Path directory) {
        return with(copy -> copy.dataDirectory = Optional.of(directory));
    }

    /** The same server, the lease of its cluster's work lasting {@code time} without a renewal. */
    public ServerConfig withLeaseTime(Duration time) {
        return with(copy -> copy.leaseTime = time);
    }

    /** The same server, its local engine's jobs kept in the PostgreSQL catalogue {@code address}. */
    public ServerConfig withCatalogue(CatalogueAddress address) {
        return with(copy -> copy.catalogue = Optional.of(address));
    }

    /** This configuration with {@code change} made to a copy of its fields, checked again as a new one. */
    private ServerConfig with(Consumer<Fields> change) {
        Fields copy = new Fields(this);
        change.accept(copy);
        return copy.build();
    }

    /** The record's fields, to change some and build a new record from: records have no copy-with of their own. */
    private static final class Fields {
        String bind;
        int port;
        Backend backend;
        Optional<Path> jobsFile;
        Optional<Path> dataDirectory;
        int maxBatch;
        Duration shutdownGrace;
        Duration requestDeadline;
        Authentication authentication;
        long maxBodyBytes;
        Duration readTimeout;
        Duration readinessCache;
        EngineSettings engine;
        Duration maxWait;
        AlertSettings alerts;
        Optional<CatalogueAddress> catalogue;
        Duration leaseTime;

        Fields(ServerConfig config) {
            bind = config.bind;
            port = config.port;
            backend = config.backend;
            jobsFile = config.jobsFile;
            dataDirectory = config.dataDirectory;
            maxBatch = config.maxBatch;
            shutdownGrace = config.shutdownGrace;
            requestDeadline = config.requestDeadline;
            authentication = config.authentication;
            maxBodyBytes = config.maxBodyBytes;
            readTimeout = config.readTimeout;
            readinessCache = config.readinessCache;
            engine = config.engine;
            maxWait = config.maxWait;
            alerts = config.alerts;
            catalogue = config.catalogue;
            leaseTime = config.leaseTime;
        }

        ServerConfig build() {
            return new ServerConfig(bind, port, backend, jobsFile, dataDirectory, maxBatch, shutdownGrace,
                    requestDeadline, authentication, maxBodyBytes, readTimeout, readinessCache, engine,
                    maxWait, alerts, catalogue, leaseTime);
        }
    }
}
