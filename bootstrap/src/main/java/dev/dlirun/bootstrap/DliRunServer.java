package dev.dlirun.bootstrap;

import dev.dlirun.adapters.rest.JobUseCases;
import dev.dlirun.adapters.rest.auth.AkSkAuthenticator;
import dev.dlirun.adapters.rest.auth.Authenticator;
import dev.dlirun.adapters.rest.auth.CredentialFiles;
import dev.dlirun.adapters.rest.auth.TokenAuthenticator;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.adapters.rest.server.RestApplication;
import dev.dlirun.adapters.rest.server.RestServer;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.application.AwaitJobsService;
import dev.dlirun.application.BatchRunService;
import dev.dlirun.application.BatchStopService;
import dev.dlirun.application.InspectJobsService;
import dev.dlirun.application.JobDefinitionService;
import dev.dlirun.application.JobTransferService;
import dev.dlirun.application.TemplateService;
import dev.dlirun.application.VersionService;
import dev.dlirun.application.JobLogService;
import dev.dlirun.application.ReadinessService;
import dev.dlirun.application.SavepointService;
import dev.dlirun.application.JobGraphService;
import dev.dlirun.application.JobStateCheckService;
import dev.dlirun.application.UpgradeService;
import dev.dlirun.application.ShowJobService;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobSubmission;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The whole service, wired by hand: it chooses the backend ({@link ServiceBackend#open}), builds the use cases on its
 * ports, serves them over REST, starts the backend once it listens, and closes it when it stops.
 */
public final class DliRunServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DliRunServer.class);
    private static final Duration READINESS_PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final ServerConfig config;
    private final ServiceBackend backend;
    private final RestServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The request path's rehearsal at start, if there is one: it ends before the backend closes. */
    private final Optional<StartRehearsal> rehearsal;

    private DliRunServer(ServerConfig config, ServiceBackend backend, RestServer server,
                         Optional<StartRehearsal> rehearsal) {
        this.config = config;
        this.backend = backend;
        this.server = server;
        this.rehearsal = rehearsal;
    }

    /**
     * Builds the service and starts serving.
     *
     * @throws dev.dlirun.adapters.client.local.catalogue.JobsFileException when the jobs file cannot be loaded
     * @throws java.io.UncheckedIOException                                 when the address cannot be bound
     */
    public static DliRunServer start(ServerConfig config, Clock clock) {
        return start(config, clock, application -> { });
    }

    /** As {@link #start(ServerConfig, Clock)}, with resources of the caller's added to the JAX-RS application. */
    static DliRunServer start(ServerConfig config, Clock clock, Consumer<ResourceConfig> customize) {
        routeJulToSlf4j();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The JVM's meters are slow to set up and nothing else needs them: they are bound beside the rest of the
        // start-up, and are all in /metrics by the time start() returns.
        Thread jvmMetrics = new Thread(() -> bindJvmMetrics(metrics), "dlirun-jvm-metrics");
        jvmMetrics.setDaemon(true);
        jvmMetrics.start();
        RestSettings rest = RestSettings.defaults()
                .withAuthenticator(authenticator(config.authentication(), clock))
                .withMaxBodyBytes(config.maxBodyBytes())
                .withReadTimeout(config.readTimeout());
        ServiceBackend backend = ServiceBackend.open(config, clock, metrics);
        JobPorts ports = backend.ports();
        Optional<StartRehearsal> rehearsal = backend.rehearsed() ? Optional.of(new StartRehearsal()) : Optional.empty();
        BackendProbe probe = new BackendProbe() {
            @Override
            public void probe(dev.dlirun.domain.model.Deadline deadline) {
                if (rehearsal.filter(StartRehearsal::underWay).isPresent()) {
                    throw new BackendUnavailableException("the service is warming up its request path (it ends a few "
                            + "seconds after start)");
                }
                ports.probe().probe(deadline);
            }

            @Override
            public Map<String, String> details() {
                return ports.probe().details();
            }
        };
        ReadinessService readiness = new ReadinessService(probe, config.readinessCache(), READINESS_PROBE_TIMEOUT,
                clock);
        Telemetry telemetry = new Telemetry(metrics, metrics::scrape);
        RestServer server;
        try {
            ResourceConfig application = RestApplication.create(useCases(config, ports, ports.submission()),
                    readiness, telemetry, rest);
            customize.accept(application);
            server = RestServer.create(config.bind(), config.port(), application, rest);
        } catch (RuntimeException e) {
            close(backend);
            throw e;
        }
        try {
            backend.beforeServing();
        } catch (RuntimeException e) {
            server.discard();
            close(backend);
            throw e;
        }
        try {
            server.listen();
        } catch (RuntimeException e) {
            close(backend);
            throw e;
        }
        // Listening first: the first answers do not wait for Flink, which comes up in the background.
        backend.onceListening(server.address().getPort());
        rehearsal.ifPresent(rehearsing -> rehearsing.start(useCases(config, ports, StartRehearsal.NOTHING_SUBMITTED)));
        try {
            jvmMetrics.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DliRunServer started = new DliRunServer(config, backend, server, rehearsal);
        LOG.info("dlirun listening on http://{}:{} with the {} backend ({}); callers authenticate with {}",
                config.bind(), started.address().getPort(), config.backend().kind(), backend.description(),
                config.authentication().mode());
        return started;
    }

    /** The use cases on {@code ports}, their batch runs submitting through {@code submission}. */
    private static JobUseCases useCases(ServerConfig config, JobPorts ports, JobSubmission submission) {
        return new JobUseCases(
                new BatchRunService(ports.lookup(), submission, config.maxBatch(), config.requestDeadline()),
                new BatchStopService(ports.lookup(), ports.stopping(), config.maxBatch(), config.requestDeadline()),
                new ShowJobService(ports.details(), config.requestDeadline()),
                new SavepointService(ports.savepoints(), config.requestDeadline()),
                new AwaitJobsService(ports.watch(), config.maxWait()),
                new JobDefinitionService(ports.definitions(), config.maxBatch(), config.requestDeadline()),
                new TemplateService(ports.templates(), config.requestDeadline()),
                new JobTransferService(ports.transfers(), config.maxBatch(), config.requestDeadline()),
                new InspectJobsService(ports.insight(), config.maxBatch(), config.requestDeadline()),
                new JobLogService(ports.logs()),
                new JobGraphService(ports.graphs(), config.requestDeadline()),
                new JobStateCheckService(ports.stateChecks(), config.requestDeadline()),
                new VersionService(ports.versions(), config.requestDeadline()),
                new UpgradeService(ports.upgrades(), config.requestDeadline(), config.maxWait()));
    }

    private static void bindJvmMetrics(MeterRegistry metrics) {
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
    }

    /** @throws CredentialFiles.CredentialFileException when the credentials or tokens file cannot be used */
    private static Authenticator authenticator(Authentication authentication, Clock clock) {
        return switch (authentication.mode()) {
            case none -> Authenticator.NONE;
            case aksk -> {
                DataDirectory.warnIfOthersCanRead(authentication.file().orElseThrow(), "credentials");
                yield new AkSkAuthenticator(CredentialFiles.accessKeys(authentication.file().orElseThrow()), clock);
            }
            case token -> {
                DataDirectory.warnIfOthersCanRead(authentication.file().orElseThrow(), "tokens");
                yield new TokenAuthenticator(CredentialFiles.tokens(authentication.file().orElseThrow()));
            }
        };
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

    /** The backend this server serves requests with. */
    ServiceBackend backend() {
        return backend;
    }

    /** Stops accepting requests, lets those in flight finish within the grace period, then stops the backend. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(config.shutdownGrace());
        rehearsal.ifPresent(StartRehearsal::end);
        close(backend);
        LOG.info("dlirun stopped");
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("The backend did not close cleanly", e);
        }
    }
}
