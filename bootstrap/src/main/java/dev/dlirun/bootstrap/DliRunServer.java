package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.DemoCatalogue;
import dev.dlirun.adapters.client.local.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.JobCatalogue;
import dev.dlirun.adapters.client.local.JobsFile;
import dev.dlirun.adapters.client.local.LocalJob;
import dev.dlirun.adapters.client.local.LocalJobEngine;
import dev.dlirun.adapters.client.local.SimulatedJobLauncher;
import dev.dlirun.adapters.rest.server.RestApplication;
import dev.dlirun.adapters.rest.server.RestServer;
import dev.dlirun.application.BatchRunService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

/** The whole service, wired by hand: backend, use case, REST application, embedded server. */
public final class DliRunServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DliRunServer.class);

    private final ServerConfig config;
    private final LocalJobEngine engine;
    private final JobCatalogue catalogue;
    private final RestServer server;

    private DliRunServer(ServerConfig config, JobCatalogue catalogue, LocalJobEngine engine, RestServer server) {
        this.config = config;
        this.catalogue = catalogue;
        this.engine = engine;
        this.server = server;
    }

    /**
     * Builds the service and starts serving.
     *
     * @throws dev.dlirun.adapters.client.local.JobsFileException when the jobs file cannot be loaded
     * @throws java.io.UncheckedIOException                       when the address cannot be bound
     */
    public static DliRunServer start(ServerConfig config, Clock clock) {
        routeJulToSlf4j();
        JobCatalogue catalogue = new InMemoryJobCatalogue();
        List<LocalJob> initial = config.jobsFile()
                .map(file -> JobsFile.read(file, clock.instant()))
                .orElseGet(() -> DemoCatalogue.jobs(clock.instant()));
        initial.forEach(catalogue::addIfAbsent);

        LocalJobEngine engine = new LocalJobEngine(catalogue, new SimulatedJobLauncher(config.launchDelay(), clock), clock);
        BatchRunService batchRun = new BatchRunService(engine, engine, config.maxBatch());
        RestServer server;
        try {
            server = RestServer.start(config.bind(), config.port(), RestApplication.create(batchRun));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        DliRunServer started = new DliRunServer(config, catalogue, engine, server);
        LOG.info("dlirun listening on http://{}:{} with the {} backend ({} jobs from {})",
                config.bind(), started.address().getPort(), config.backend(), initial.size(),
                config.jobsFile().map(Object::toString).orElse("the built-in demo catalogue"));
        return started;
    }

    /** Jersey and Grizzly log through java.util.logging; their lines join ours in SLF4J. */
    private static synchronized void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** The local engine's catalogue, for tests that look at job states. */
    JobCatalogue catalogue() {
        return catalogue;
    }

    /** Stops accepting requests, lets those in flight finish within the grace period, then stops the engine. */
    @Override
    public void close() {
        server.stop(config.shutdownGrace());
        engine.close();
        LOG.info("dlirun stopped");
    }
}
