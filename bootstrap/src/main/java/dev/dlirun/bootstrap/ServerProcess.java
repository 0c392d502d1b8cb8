package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobsFileException;
import dev.dlirun.adapters.rest.auth.CredentialFiles;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The service's life as a process: what the JVM must be told before anything starts (the log format, the temporary
 * directory), the server's start (a configuration it cannot start with ends the process with one line), and its
 * orderly stop on SIGTERM or SIGINT, or through the shutdown hook on any other way out, with the log lines still
 * queued written out.
 */
final class ServerProcess {

    private ServerProcess() {
    }

    /**
     * Starts the server of {@code config} and runs it until the process is asked to stop.
     *
     * @param err where a start that fails says why
     * @return the process's exit code: 0 after an orderly stop, 2 for a file the configuration names that cannot be
     *         used, 1 when the server cannot start otherwise
     */
    static int run(ServerConfig config, ServerOptions.LogFormat logFormat, PrintWriter err)
            throws InterruptedException {
        // Before anything logs: logback reads it when it starts.
        if (logFormat == ServerOptions.LogFormat.json) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        // Before anything makes a temporary file: the JVM reads java.io.tmpdir once.
        LocalBackend.temporaryDirectory(config).ifPresent(tmp -> System.setProperty("java.io.tmpdir", tmp.toString()));
        DliRunServer server;
        try {
            server = DliRunServer.start(config, Clock.systemUTC());
        } catch (JobsFileException | JdbcJobCatalogue.CatalogueUnavailableException
                 | CredentialFiles.CredentialFileException
                 | dev.dlirun.adapters.client.local.engine.Membership.Refused e) {
            err.println("dlirun: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("dlirun: " + e.getMessage());
            return 1;
        }
        // SIGTERM and SIGINT ask for an orderly stop: no new connections, requests in flight finish within the
        // grace period, then exit 0. Any other way out of the JVM still closes the server through the hook.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[]{"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> stopRequested.countDown());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            flushLogs();
        }, "dlirun-shutdown"));
        stopRequested.await();
        server.close();
        flushLogs();
        return 0;
    }

    /** Writes out the log lines still queued (logging is asynchronous) before the JVM ends. */
    private static void flushLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.stop();
        }
    }
}
