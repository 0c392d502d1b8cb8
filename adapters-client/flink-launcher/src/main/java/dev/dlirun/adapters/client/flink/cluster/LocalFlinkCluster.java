package dev.dlirun.adapters.client.flink.cluster;

import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster on this machine in processes of its own, started and supervised by the service: one
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}) with the
 * configured task slots, from a class path of Flink's own jars only ({@code flink-lib}: nothing of the service's), with
 * the memory flags Flink's own scripts would compute. Everything listens on 127.0.0.1. The processes end with the
 * service (they are told to die with it, and leftovers of a service that was killed are ended at the next start); one
 * that ends on its own is started again. Flink's own log goes to files in {@code log/}; what the processes print (the
 * jobs' output) reaches the service's log as data ({@link JobOutputLog}).
 *
 * <p>Its parts: {@link Leftovers} ends what a killed service left running, {@link ClusterDirectory} prepares the
 * cluster's directory and who owns what in it, {@link ClusterTls} makes its keys, {@link ClusterLauncher} writes its
 * configuration and starts its processes, {@link ClusterSupervisor} runs them for as long as the cluster lives.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    /** What Flink's processes need opened on Java 17 (the job clients' too). */
    public static List<String> javaOpens() {
        return ClusterLauncher.JAVA_17_OPENS;
    }

    /**
     * How the cluster runs.
     *
     * @param directory its own directory: configuration, keys, temporary files, logs, the processes' ids
     * @param secrets   a directory of the service's own, which the cluster's processes need not read: the service's
     *                  key for the cluster's REST API
     * @param lib       the directory of its class path's jars
     * @param slots     the TaskManager's task slots
     * @param user      the user its processes run as (the service then runs as root); empty: the service's own
     * @param project   the project whose own cluster it is, if it is one's: the key for its REST API is then its user's
     *                  too (the project's job clients run as that user), and what it prints is that project's output
     * @param jobLogs   whether the log records Flink tags with a job's id go to that job's own files
     *                  ({@link JobLogFiles}) rather than to the process's log: true but to measure what it costs
     */
    public record Settings(Path directory, Path secrets, Path lib, int slots, Optional<OsUser> user,
                           Optional<String> project, boolean jobLogs) {
        /** The cluster every project's jobs share: its REST API's key is the service's alone. */
        public Settings(Path directory, Path secrets, Path lib, int slots, Optional<OsUser> user) {
            this(directory, secrets, lib, slots, user, Optional.empty());
        }

        public Settings(Path directory, Path secrets, Path lib, int slots, Optional<OsUser> user,
                        Optional<String> project) {
            this(directory, secrets, lib, slots, user, project, true);
        }

        /** The same cluster with every log record in its processes' logs, none split per job: for benchmarks. */
        public Settings withoutJobLogs() {
            return new Settings(directory, secrets, lib, slots, user, project, false);
        }

        /** Whether the key for its REST API is its user's too. */
        boolean clientForTheUser() {
            return project.isPresent();
        }

        /** Where Flink's own logs go: a file per process. */
        Path logDirectory() {
            return directory.resolve("log");
        }

        public Settings {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(secrets, "secrets");
            Objects.requireNonNull(lib, "lib");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(project, "project");
            if (slots < 1) {
                throw new IllegalArgumentException("a Flink cluster needs at least one task slot, not " + slots);
            }
        }
    }

    private final Settings settings;
    private final Path conf;
    private final URI rest;
    private final Path lib;
    private final ClusterTls tls;
    private final ClusterSupervisor supervisor;

    private LocalFlinkCluster(Settings settings, Path conf, URI rest, Path lib, ClusterTls tls)
            throws IOException {
        this.lib = lib;
        ClusterLauncher launcher = new ClusterLauncher(settings, conf, lib);
        this.settings = settings;
        this.conf = conf;
        this.rest = rest;
        this.tls = tls;
        this.supervisor = new ClusterSupervisor(settings, launcher, rest, tls.clientContext());
    }

    /**
     * Starts the cluster and returns once its TaskManager has registered its slots.
     *
     * @throws IOException when its files cannot be written or its processes not started
     */
    public static LocalFlinkCluster start(Settings settings) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(settings.directory());
        Leftovers.end(directory);
        ClusterDirectory prepared = ClusterDirectory.prepare(directory, settings);
        int restPort = ClusterLauncher.freePort();
        ClusterTls tls = ClusterTls.generate(prepared.tlsDirectory(), prepared.restSecrets());
        Path config = ClusterLauncher.writeConfiguration(prepared.conf(), restPort, settings.slots(), prepared.tmp(),
                tls);
        Path logback = ClusterLauncher.writeLogConfiguration(prepared.conf(), settings.jobLogs());
        JobLogFiles.prune(settings.logDirectory());
        prepared.openTo(settings, tls, config, logback);
        LocalFlinkCluster cluster = new LocalFlinkCluster(settings, prepared.conf(),
                URI.create("https://127.0.0.1:" + restPort), prepared.lib(), tls);
        // The processes are started, and started again, by one thread that lives as long as the cluster: they are
        // told to die with the thread that started them.
        cluster.supervisor.start();
        try {
            cluster.supervisor.started().get(ClusterSupervisor.START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return cluster;
        } catch (ExecutionException e) {
            cluster.close();
            throw new IOException("the local Flink cluster did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            cluster.close();
            throw new IOException("the local Flink cluster did not start within "
                    + ClusterSupervisor.START_TIMEOUT.toSeconds() + " s; its logs are in " + directory.resolve("log"));
        } catch (InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** The service's key for the REST API, and its trust in it, as a client elsewhere would be given them. */
    public java.util.Map<String, String> clientKeys() {
        return tls.clientSettings();
    }

    /** The jars its processes run from (its own copy, when it runs as a user of its own). */
    public Path lib() {
        return lib;
    }

    /** Its Flink log configuration, which its user can read. */
    public Path logConfiguration() {
        return ClusterLauncher.logConfiguration(conf);
    }

    /** Where a process of its (or of its user's) writes its log, by its name. */
    public Path logFile(String name) {
        return settings.logDirectory().resolve(name + ".log");
    }

    /**
     * The system properties a process of its (or of its user's) called {@code process} needs for its log configuration
     * to put each job's records in that job's files.
     */
    public List<String> jobLogProperties(String process) {
        return List.of("-D" + JobLogFiles.DIRECTORY_PROPERTY + "=" + JobLogFiles.directoryIn(settings.logDirectory()),
                "-D" + JobLogFiles.PROCESS_PROPERTY + "=" + process);
    }

    /** The cluster's REST API. */
    public URI rest() {
        return rest;
    }

    /**
     * What a client of the cluster's REST API needs (its address, and the service's key and trust over TLS): for the
     * service's own client and for the submission of its jobs.
     */
    public Configuration clientConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set(org.apache.flink.configuration.RestOptions.ADDRESS, rest.getHost());
        configuration.set(org.apache.flink.configuration.RestOptions.PORT, rest.getPort());
        tls.clientSettings().forEach(configuration::setString);
        return configuration;
    }

    /** Why the cluster cannot take jobs now, if it cannot (a process ended and is being started again). */
    public Optional<String> notReady() {
        return supervisor.notReady();
    }

    /** Stops the TaskManager, then the JobManager (SIGTERM, then SIGKILL after 20 s), and the supervisor with them. */
    @Override
    public void close() {
        supervisor.close();
        for (ClusterRole role : ClusterRole.values()) {
            try {
                Files.deleteIfExists(role.pidFile(settings.directory()));
            } catch (IOException ignored) {
                // a stale pid file is checked against the process's command line at the next start
            }
        }
    }
}
