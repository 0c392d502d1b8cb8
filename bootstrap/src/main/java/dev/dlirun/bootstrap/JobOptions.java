package dev.dlirun.bootstrap;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The flags of the jobs and of the bounds of the work on them: the local engine's jobs and where it keeps their
 * state, how long a simulated launch takes, what a savepoint may take and how many are kept; how many jobs a request
 * may name, how long it may take and hold its answer, how long requests in flight have when the server stops. A mixin
 * of {@link Main}, which lists its groups of flags in the order {@code --help} shows them.
 */
final class JobOptions {

    @Option(names = "--jobs", paramLabel = "FILE",
            description = "JSON file of the local engine's jobs (an array of DLI job_detail objects). Env DLIRUN_JOBS. "
                    + "Default: the built-in demo catalogue.")
    Path jobs;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "dlirun-data",
            description = "Where the local engine keeps its jobs and their states, so that they survive a restart "
                    + "(created if need be). Env DLIRUN_DATA_DIR. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--catalogue", paramLabel = "URL",
            description = "Keep the jobs in the PostgreSQL database at URL (jdbc:postgresql://host:port/database, no "
                    + "password in it), which several instances may share, instead of the data directory's H2 file. Its "
                    + "user and password come from --catalogue-credentials, or DLIRUN_CATALOGUE_USER and "
                    + "DLIRUN_CATALOGUE_PASSWORD. Env DLIRUN_CATALOGUE. Default: the H2 file in --data-dir.")
    String catalogue;

    @Option(names = "--catalogue-credentials", paramLabel = "FILE",
            description = "A properties file with the --catalogue user and password (user=..., password=...); "
                    + "readable by the service's user only. Env DLIRUN_CATALOGUE_CREDENTIALS.")
    Path catalogueCredentials;

    @Option(names = "--lease-time", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "With --catalogue: how long the lease of the Flink cluster's background work (following the "
                    + "jobs, launching, stopping, reconciling, alerts) lasts without a renewal. One instance holds it "
                    + "and renews it every third of this; when it dies, another takes the work over within this time "
                    + "and a third. Env DLIRUN_LEASE_TIME. Default: ${DEFAULT-VALUE}.")
    java.time.Duration leaseTime;

    @Option(names = "--ephemeral", defaultValue = "false",
            description = "Keep the local engine's state in memory only: it is gone when the server stops. "
                    + "Env DLIRUN_EPHEMERAL.")
    boolean ephemeral;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "1000",
            description = "Most job ids one request may name. Env DLIRUN_MAX_BATCH. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--launch-delay", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "With --engine simulated: how long a submitted job takes to report running (e.g. 500ms, 2s). "
                    + "Env DLIRUN_LAUNCH_DELAY. Default: ${DEFAULT-VALUE}.")
    Duration launchDelay;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "On SIGTERM, how long requests in flight may take to finish. Env DLIRUN_SHUTDOWN_GRACE. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration shutdownGrace;

    @Option(names = "--savepoint-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How long a savepoint (of a stop or a trigger) may take; a stop whose savepoint takes longer "
                    + "leaves its job running, saying why. Env DLIRUN_SAVEPOINT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    Duration savepointTimeout;

    @Option(names = "--savepoints-kept", paramLabel = "N", defaultValue = "5",
            description = "How many of the savepoints it took the service keeps per job; older ones are deleted, never "
                    + "the one a resume restores, nor imported ones. Env DLIRUN_SAVEPOINTS_KEPT. "
                    + "Default: ${DEFAULT-VALUE}.")
    int savepointsKept;

    @Option(names = "--max-wait", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "The longest a caller's 'Prefer: wait=N' on a run or stop may hold its answer (N is capped to "
                    + "it). Env DLIRUN_MAX_WAIT. Default: ${DEFAULT-VALUE}.")
    Duration maxWait;

    @Option(names = "--request-deadline", paramLabel = "DURATION", defaultValue = "15s",
            converter = DurationConverter.class,
            description = "How long one request may take, calls to DLI included; jobs not settled by then answer "
                    + "\"false\" with the reason. Env DLIRUN_REQUEST_DEADLINE. Default: ${DEFAULT-VALUE}.")
    Duration requestDeadline;
}
