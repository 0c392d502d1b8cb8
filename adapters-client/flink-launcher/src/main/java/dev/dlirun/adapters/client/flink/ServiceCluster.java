package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.LocalFlinkCluster;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cluster the service's jobs run on, from its start to its stop: the embedded cluster or the local one started
 * (the local one, when it runs as a user of its own, once the places jobs write are handed over), or the remote one's
 * address taken; then the one {@link RestClusterClient} that talks to it, tried until the cluster answers, and the SQL
 * planner warmed up, so that the first job does not wait for it. All of it happens on a thread of its own; until it is
 * done, or once the cluster is stopped, it says why Flink is not ready.
 */
final class ServiceCluster {

    // The runtime's lines keep the one logger name, whichever of its classes writes them.
    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobRuntime.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_CONNECT = Duration.ofSeconds(5);

    private final FlinkSettings settings;
    private final JobDirectories directories;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String notReady = "Flink is starting";
    private volatile EmbeddedCluster embedded;
    private volatile LocalFlinkCluster local;
    private volatile RestClusterClient<String> client;
    private volatile URI rest;
    /** What a client of the cluster's REST API needs: its address, and over TLS, the service's key and trust. */
    private volatile Configuration restClient;
    private volatile Thread starter;
    private volatile boolean closed;

    /** @param directories the places jobs write, handed over to the users jobs run as before a local cluster starts */
    ServiceCluster(FlinkSettings settings, JobDirectories directories) {
        this.settings = settings;
        this.directories = directories;
    }

    /** Brings Flink up on a thread of its own. */
    void start() {
        Thread thread = new Thread(this::bringUp, "dlirun-flink-start");
        thread.setDaemon(true);
        starter = thread;
        thread.start();
    }

    private void bringUp() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(settings.temporary());
            if (settings.cluster() instanceof FlinkSettings.Embedded cluster) {
                embedded = EmbeddedCluster.start(cluster.slots(), settings.temporary());
                rest = embedded.rest();
            } else if (settings.cluster() instanceof FlinkSettings.Local cluster) {
                if (cluster.user().isPresent()) {
                    directories.handOver();
                }
                // The cluster's processes start on their own cores' time, and this thread mostly waits for them:
                // the planner warms up meanwhile.
                CompletableFuture<Void> planner = CompletableFuture.runAsync(ServiceCluster::warmUpPlanner,
                        runnable -> {
                            Thread warmUp = new Thread(runnable, "dlirun-flink-planner-warm-up");
                            warmUp.setDaemon(true);
                            warmUp.start();
                        });
                local = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(settings.clusterDirectory(),
                        settings.temporary(), cluster.lib(), cluster.slots(), cluster.user()));
                rest = local.rest();
                planner.join();
            } else {
                rest = ((FlinkSettings.Remote) settings.cluster()).rest();
            }
            restClient = local != null ? local.clientConfiguration() : clientConfiguration(rest);
            client = new RestClusterClient<>(restClient, "dlirun");
            while (!closed && !reachable()) {
                Thread.sleep(RETRY_CONNECT.toMillis());
            }
            if (local == null) {
                // After the cluster, on this one thread: a second busy thread would take the other core from the
                // service's first callers while both start.
                warmUpPlanner();
            }
            if (!closed) {
                notReady = null;
                ready.countDown();
                LOG.info("Flink is ready for jobs after {} ms ({})", (System.nanoTime() - started) / 1_000_000,
                        embedded != null ? "in this process, REST API on " + rest + ", " + ((FlinkSettings.Embedded)
                                settings.cluster()).slots() + " slots"
                                : local != null ? "a local cluster in processes of its own, REST API on " + rest
                                : "the session cluster at " + rest);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            notReady = "Flink could not start: " + FlinkFailures.describe(e);
            LOG.error("Flink could not start", e);
        }
    }

    /** Whether the cluster answers; while it does not, says why (once). */
    private boolean reachable() {
        try {
            client.getClusterOverview().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            String why = "cannot reach the Flink cluster at " + rest + ": " + RootCauses.describe(e);
            if (!why.equals(notReady)) {
                LOG.warn("{}; trying again every {} s", why, RETRY_CONNECT.toSeconds());
                notReady = why;
            }
            return false;
        }
    }

    /** Plans one small job, so that the planner's classes are loaded and compiled before the first real job. */
    static void warmUpPlanner() {
        try {
            TableEnvironment environment = ThreadsOwnEnvironment.creating(() -> TableEnvironment.create(
                    EnvironmentSettings.inStreamingMode()));
            environment.executeSql("CREATE TEMPORARY TABLE warm_up_source (n BIGINT, s STRING, ts AS PROCTIME()) "
                    + "WITH ('connector' = 'datagen')");
            environment.executeSql("CREATE TEMPORARY TABLE warm_up_sink (s STRING, c BIGINT) "
                    + "WITH ('connector' = 'blackhole')");
            environment.explainSql("INSERT INTO warm_up_sink SELECT s, COUNT(*) OVER (PARTITION BY s ORDER BY ts "
                    + "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM warm_up_source WHERE n > 0");
        } catch (RuntimeException e) {
            LOG.warn("The SQL planner's warm-up failed; the first job will plan more slowly: {}", e.toString());
        }
    }

    private Configuration clientConfiguration(URI rest) {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.ADDRESS, rest.getHost());
        configuration.set(RestOptions.PORT, rest.getPort());
        if (settings.cluster() instanceof FlinkSettings.Remote remote) {
            remote.tls().ifPresent(tls -> tls.clientSettings().forEach(configuration::setString));
        }
        return configuration;
    }

    /** For a remote cluster, asks it (briefly): an operator's readiness probe should see it go away. */
    Optional<String> notReady() {
        String why = notReady;
        if (why == null && !closed && local != null) {
            return local.notReady();
        }
        if (why != null || embedded != null || closed) {
            return Optional.ofNullable(closed ? "Flink is stopped" : why);
        }
        try {
            client.getClusterOverview().get(2, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking the Flink cluster");
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("cannot reach the Flink cluster at " + rest + ": " + RootCauses.describe(e));
        }
    }

    boolean awaitReady(Duration timeout) throws InterruptedException {
        return !closed && ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why Flink is not ready for jobs (starting, unreachable, could not start, stopped); null when it is. */
    String why() {
        return notReady;
    }

    /** @throws RuntimeUnavailableException saying why, unless the cluster is ready */
    RestClusterClient<String> readyClient() {
        String why = notReady;
        RestClusterClient<String> flink = client;
        if (why != null || flink == null) {
            throw new RuntimeUnavailableException(closed ? "Flink is stopped" : String.valueOf(why));
        }
        return flink;
    }

    /** The client of the cluster; null until the start has made it. */
    RestClusterClient<String> client() {
        return client;
    }

    /** What a client of the cluster's REST API needs; null until the start has found the cluster. */
    Configuration restClient() {
        return restClient;
    }

    /** The cluster's REST address; null until the start has found the cluster. */
    URI rest() {
        return rest;
    }

    /** Whether the cluster is the local one, in processes of its own, and has started. */
    boolean isLocal() {
        return local != null;
    }

    /** Whether the cluster is the service's own (embedded or local), whose jobs end with it. */
    boolean isTheServicesOwn() {
        return embedded != null || local != null;
    }

    /**
     * Stops following the cluster: the start is interrupted if it is still under way, and an embedded or local cluster
     * stops.
     *
     * @param flink the cluster's client as the closing began (null when the start had not made it yet): the one closed
     */
    void stop(RestClusterClient<String> flink) {
        closed = true;
        notReady = "Flink is stopped";
        Thread thread = starter;
        if (thread != null) {
            thread.interrupt();
        }
        if (flink != null) {
            flink.close();
        }
        LocalFlinkCluster processes = local;
        if (processes != null) {
            processes.close();
        }
        EmbeddedCluster cluster = embedded;
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                LOG.warn("The embedded Flink cluster did not stop cleanly: {}", e.toString());
            }
        }
    }
}
