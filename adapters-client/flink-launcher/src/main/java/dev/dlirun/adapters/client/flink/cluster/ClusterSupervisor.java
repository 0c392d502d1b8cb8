package dev.dlirun.adapters.client.flink.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * The thread that runs the local cluster's processes as long as the cluster lives: it starts the JobManager, then,
 * once its REST API answers, the TaskManager, until its slots are registered; it watches both, and starts both again
 * when one ends on its own; it stops them (the TaskManager first) when the cluster closes. The processes are told to
 * die with this thread, which ends with the service.
 */
final class ClusterSupervisor {

    /** The cluster's own log: what is said here is said of the cluster. */
    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
    /** How long the start of the cluster, and each of its steps, may take. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    private final LocalFlinkCluster.Settings settings;
    private final ClusterLauncher launcher;
    private final URI rest;
    private final SSLContext sslContext;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Thread thread;
    private volatile Process jobManager;
    private volatile Process taskManager;
    private volatile String notReady = "the local Flink cluster is starting";
    private volatile boolean closing;

    /**
     * @param rest       the cluster's REST API, which tells when the processes are ready
     * @param sslContext the service's key and trust for it
     */
    ClusterSupervisor(LocalFlinkCluster.Settings settings, ClusterLauncher launcher, URI rest, SSLContext sslContext) {
        this.settings = settings;
        this.launcher = launcher;
        this.rest = rest;
        this.sslContext = sslContext;
        this.thread = new Thread(this::supervise, "dlirun-flink-cluster");
        this.thread.setDaemon(true);
    }

    /** Starts the thread, which starts the processes. */
    void start() {
        thread.start();
    }

    /** Completes once the TaskManager has registered its slots, or fails with why the cluster did not start. */
    CompletableFuture<Void> started() {
        return started;
    }

    /** Why the cluster cannot take jobs now, if it cannot (a process ended and is being started again). */
    Optional<String> notReady() {
        return Optional.ofNullable(closing ? "the local Flink cluster is stopped" : notReady);
    }

    private void supervise() {
        try {
            launchBoth();
            notReady = null;
            started.complete(null);
            watch();
        } catch (Exception e) {
            started.completeExceptionally(e);
        } finally {
            // The processes die with this thread anyway; stopped here first, they stop in order and cleanly.
            stopProcesses();
        }
    }

    /** Watches the processes until the cluster closes; starts both again when one of them ends on its own. */
    private void watch() {
        while (!closing) {
            try {
                Process jm = jobManager;
                Process tm = taskManager;
                if (jm.waitFor(200, TimeUnit.MILLISECONDS) || !tm.isAlive()) {
                    if (closing) {
                        return;
                    }
                    String which = !jm.isAlive() ? "JobManager" : "TaskManager";
                    int exit = !jm.isAlive() ? jm.exitValue() : tm.exitValue();
                    notReady = "the local Flink cluster's " + which + " ended (exit " + exit + "); starting it again";
                    LOG.error("The local Flink cluster's {} ended on its own (exit {}); its log is in {}. Starting the "
                            + "cluster again; the jobs it ran are lost to it.", which, exit, settings.logDirectory());
                    stopProcesses();
                    Thread.sleep(RESTART_DELAY.toMillis());
                    launchBoth();
                    notReady = null;
                    LOG.info("The local Flink cluster runs again");
                }
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            } catch (Exception e) {
                notReady = "the local Flink cluster cannot start again: " + e.getMessage();
                LOG.error("The local Flink cluster cannot start again; trying again in {} s: {}",
                        RESTART_DELAY.toSeconds(), e.toString());
                stopProcesses();
                try {
                    Thread.sleep(RESTART_DELAY.toMillis());
                } catch (InterruptedException interrupted) {
                    if (closing) {
                        return;
                    }
                }
            }
        }
    }

    private void launchBoth() throws IOException, InterruptedException {
        long begun = System.nanoTime();
        jobManager = launcher.launch(ClusterRole.JOBMANAGER);
        // Started before the JobManager answers, a TaskManager waits ten seconds before it tries again.
        await("the JobManager's REST API", () -> answers("\"flink-version\""));
        taskManager = launcher.launch(ClusterRole.TASKMANAGER);
        await("the TaskManager's " + settings.slots() + " slots", () -> answers("\"slots-total\":" + settings.slots()));
        LOG.info("The local Flink cluster runs, after {} ms: REST API on {}, {} slots, logs in {}",
                (System.nanoTime() - begun) / 1_000_000, rest, settings.slots(), settings.logDirectory());
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !closing) {
            for (Process process : new Process[]{jobManager, taskManager}) {
                if (process != null && !process.isAlive()) {
                    throw new IOException("a process of the local Flink cluster ended while it started (exit "
                            + process.exitValue() + "); its logs are in " + settings.logDirectory());
                }
            }
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException(what + " did not answer within " + START_TIMEOUT.toSeconds() + " s; the logs are in "
                + settings.logDirectory());
    }

    private boolean answers(String expected) {
        try {
            var connection = (javax.net.ssl.HttpsURLConnection) rest.resolve("/overview").toURL().openConnection();
            connection.setSSLSocketFactory(sslContext.getSocketFactory());
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode() == 200 && new String(connection.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).replace(" ", "").contains(expected);
        } catch (IOException notYet) {
            return false;
        }
    }

    private void stopProcesses() {
        for (Process process : new Process[]{taskManager, jobManager}) {
            if (process != null && process.isAlive()) {
                process.destroy();
            }
        }
        for (Process process : new Process[]{taskManager, jobManager}) {
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                if (!closing) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Stops the thread, then the TaskManager and the JobManager (SIGTERM, then SIGKILL after 20 s). */
    void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopProcesses();
    }
}
