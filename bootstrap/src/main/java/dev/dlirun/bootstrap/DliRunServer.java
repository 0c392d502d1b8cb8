package dev.dlirun.bootstrap;

import dev.dlirun.bootstrap.logging.JobOutput;

import dev.dlirun.adapters.client.dli.DliJobBackend;
import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.local.catalogue.DemoCatalogue;
import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobsFile;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.engine.LocalJobEngine;
import dev.dlirun.adapters.client.local.engine.EngineSettings;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.flink.FlinkJobRuntime;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.rest.auth.AkSkAuthenticator;
import dev.dlirun.adapters.rest.auth.Authenticator;
import dev.dlirun.adapters.rest.auth.CredentialFiles;
import dev.dlirun.adapters.rest.auth.TokenAuthenticator;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.adapters.rest.server.RestApplication;
import dev.dlirun.adapters.rest.server.RestRehearsal;
import dev.dlirun.adapters.rest.server.RestServer;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.adapters.rest.JobUseCases;
import dev.dlirun.application.AwaitJobsService;
import dev.dlirun.application.BatchRunService;
import dev.dlirun.application.JobDefinitionService;
import dev.dlirun.application.BatchStopService;
import dev.dlirun.application.ReadinessService;
import dev.dlirun.application.SavepointService;
import dev.dlirun.application.ShowJobService;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.out.JobDefinitions;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.port.out.SavepointControl;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The whole service, wired by hand: backend, use cases, REST application, embedded server. */
public final class DliRunServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DliRunServer.class);
    private static final Duration READINESS_PROBE_TIMEOUT = Duration.ofSeconds(3);

    /**
     * The ports of the configured backend; what must be done before the first request is served (the catalogue's
     * jobs file, read meanwhile on a thread of its own, fully imported); how to start it once the server listens (a
     * Flink cluster comes up in the background then); how to describe it (once ready) and close it.
     */
    private record Ports(JobLookup lookup, JobSubmission submission, JobStopping stopping, SavepointControl savepoints,
                         JobStateWatch watch, JobDetailLookup details, JobDefinitions definitions, BackendProbe probe,
                         Runnable beforeServing, Runnable starter, AutoCloseable closer, Supplier<String> description,
                         Optional<LocalJobEngine> engine, Optional<JobCatalogue> catalogue, Optional<JobRuntime> runtime) {
    }

    private final ServerConfig config;
    private final Ports backend;
    private final RestServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The request path's rehearsal at start, if there is one: it ends before the backend closes. */
    private final Optional<Rehearsal> rehearsal;

    private DliRunServer(ServerConfig config, Ports backend, RestServer server, Optional<Rehearsal> rehearsal) {
        this.config = config;
        this.backend = backend;
        this.server = server;
        this.rehearsal = rehearsal;
    }

    /**
     * Builds the service and starts serving.
     *
     * @throws dev.dlirun.adapters.client.local.catalogue.JobsFileException when the jobs file cannot be loaded
     * @throws java.io.UncheckedIOException                       when the address cannot be bound
     */
    public static DliRunServer start(ServerConfig config, Clock clock) {
        return start(config, clock, application -> { });
    }

    /** As {@link #start(ServerConfig, Clock)}, with a last word on the JAX-RS application: for benchmarks. */
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
        Ports backend = config.backend() instanceof Backend.Dli dli
                ? dli(dli.settings(), clock, metrics)
                : localEngine(config, clock);
        BatchRunService batchRun = new BatchRunService(backend.lookup(), backend.submission(), config.maxBatch(),
                config.requestDeadline());
        BatchStopService batchStop = new BatchStopService(backend.lookup(), backend.stopping(), config.maxBatch(),
                config.requestDeadline());
        ShowJobService showJob = new ShowJobService(backend.details(), config.requestDeadline());
        SavepointService savepoints = new SavepointService(backend.savepoints(), config.requestDeadline());
        AwaitJobsService await = new AwaitJobsService(backend.watch(), config.maxWait());
        JobDefinitionService definitions = new JobDefinitionService(backend.definitions(), config.maxBatch(),
                config.requestDeadline());
        // The local engine's request path is rehearsed in process once the server listens (the DLI client has a
        // rehearsal of its own, and lookups through it would reach DLI); the instance is ready once it ended.
        Optional<Rehearsal> rehearsal = config.backend() instanceof Backend.Dli ? Optional.empty()
                : Optional.of(new Rehearsal());
        BackendProbe probe = deadline -> {
            if (rehearsal.filter(Rehearsal::underWay).isPresent()) {
                throw new BackendUnavailableException("the service is warming up its request path (it ends a few "
                        + "seconds after start)");
            }
            backend.probe().probe(deadline);
        };
        ReadinessService readiness = new ReadinessService(probe, config.readinessCache(), READINESS_PROBE_TIMEOUT,
                clock);
        Telemetry telemetry = new Telemetry(metrics, metrics::scrape);
        RestServer server;
        try {
            ResourceConfig application = RestApplication.create(new JobUseCases(batchRun, batchStop, showJob,
                    savepoints, await, definitions), readiness, telemetry, rest);
            customize.accept(application);
            server = RestServer.create(config.bind(), config.port(), application, rest);
        } catch (RuntimeException e) {
            close(backend.closer());
            throw e;
        }
        try {
            backend.beforeServing().run();
        } catch (RuntimeException e) {
            server.discard();
            close(backend.closer());
            throw e;
        }
        try {
            server.listen();
        } catch (RuntimeException e) {
            close(backend.closer());
            throw e;
        }
        // Listening first: the first answers do not wait for Flink, which comes up in the background.
        backend.starter().run();
        rehearsal.ifPresent(rehearsing -> rehearsing.start(new JobUseCases(new BatchRunService(backend.lookup(),
                NOTHING_SUBMITTED, config.maxBatch(), config.requestDeadline()), batchStop, showJob, savepoints, await,
                definitions)));
        try {
            jvmMetrics.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DliRunServer started = new DliRunServer(config, backend, server, rehearsal);
        LOG.info("dlirun listening on http://{}:{} with the {} backend ({}); callers authenticate with {}",
                config.bind(), started.address().getPort(), config.backend().kind(), backend.description().get(),
                config.authentication().mode());
        return started;
    }

    /** Batch runs rehearsed at start, at most: about what the JIT needs to compile their path. */
    static final int REHEARSED_REQUESTS = 5_000;
    private static final Duration REHEARSAL_AT_MOST = Duration.ofSeconds(10);
    /**
     * The rehearsal begins this long after the server listens: begun at once, it took the cores from the first answers
     * (first answer 6-14% later, same-run A/B of the jars).
     */
    private static final Duration REHEARSAL_DELAY = Duration.ofSeconds(1);
    /** The rehearsal's submission: none. A job its lookups found (its project is not one to use) is not started. */
    private static final JobSubmission NOTHING_SUBMITTED = (projectId, jobs, mode, deadline) -> jobs.stream()
            .collect(java.util.stream.Collectors.toMap(Job::id, job -> new JobOutcome.BackendUnavailable(JobOperation.RUN, job.id())));

    /** {@link RestRehearsal} on a thread of its own: whether it is under way, and how to end it early. */
    private static final class Rehearsal {
        /** Open once the rehearsal has ended, whatever the end; closed from the start, before it even began. */
        private final CountDownLatch ended = new CountDownLatch(1);
        private final CountDownLatch stop = new CountDownLatch(1);
        private volatile boolean started;

        boolean underWay() {
            return ended.getCount() > 0;
        }

        /**
         * Starts rehearsing with {@code useCases} (whose batch run looks jobs up and submits none) a moment after the
         * server listens, at the lowest priority.
         */
        void start(JobUseCases useCases) {
            Thread rehearsing = new Thread(() -> {
                try {
                    if (stop.await(REHEARSAL_DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    long start = System.nanoTime();
                    RestRehearsal.Result result = RestRehearsal.rehearse(RestRehearsal.application(useCases),
                            REHEARSED_REQUESTS, REHEARSAL_AT_MOST, () -> stop.getCount() == 0);
                    if (result.failedWith().isPresent()) {
                        LOG.warn("The request path's warm-up ended after {} batch runs: one was answered {} (see the "
                                + "error above); the first requests may be slower", result.answered(),
                                result.failedWith().getAsInt());
                    } else if (stop.getCount() > 0) {
                        LOG.info("Request path warmed up: {} batch runs rehearsed in process in {} ms",
                                result.answered(), (System.nanoTime() - start) / 1_000_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.warn("The request path's warm-up failed; the first requests may be slower: {}", e.toString());
                } finally {
                    ended.countDown();
                }
            }, "dlirun-warm-up");
            rehearsing.setDaemon(true);
            rehearsing.setPriority(Thread.MIN_PRIORITY);
            started = true;
            rehearsing.start();
        }

        /** Ends the rehearsal (after the request it is sending) and waits for it, ten seconds at most. */
        void end() {
            stop.countDown();
            if (!started) {
                return;
            }
            try {
                ended.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

    /**
     * The local engine. Its catalogue's first jobs (the jobs file's, or the demo's) are read on a thread of their own,
     * which checks the file while the catalogue opens and imports it while the REST application is initialised: a
     * large file's import and the rest of the start share the time.
     */
    private static Ports localEngine(ServerConfig config, Clock clock) {
        CompletableFuture<JobCatalogue> opened = new CompletableFuture<>();
        // The jobs file only adds jobs: what the catalogue already holds, and its state, stays. It is checked whole,
        // then streamed into the catalogue a chunk (one transaction) at a time.
        CompletableFuture<Long> added = CompletableFuture.supplyAsync(() -> config.jobsFile().isPresent()
                ? importJobs(config.jobsFile().get(), opened, clock)
                : opened.join().addAllIfAbsent(DemoCatalogue.jobs(clock.instant())), DliRunServer::importThread);
        Optional<JdbcJobCatalogue> durable;
        JobCatalogue catalogue;
        LocalRuntime local;
        try {
            config.dataDirectory().ifPresent(directory -> DataDirectory.prepare(directory, config.backend()));
            durable = config.dataDirectory().map(JdbcJobCatalogue::inDirectory);
            config.dataDirectory().ifPresent(DataDirectory::protectCatalogue);
            catalogue = durable.<JobCatalogue>map(c -> c).orElseGet(InMemoryJobCatalogue::new);
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            awaitEnd(added);
            throw e;
        }
        opened.complete(catalogue);
        try {
            local = config.backend() instanceof Backend.Flink flink
                    ? flinkRuntime(flink, config.dataDirectory())
                    : simulatedRuntime((Backend.Simulated) config.backend(), config.dataDirectory(), clock);
        } catch (RuntimeException e) {
            awaitEnd(added);
            close(catalogue instanceof AutoCloseable closeable ? closeable : () -> { });
            throw e;
        }
        LocalJobEngine engine = new LocalJobEngine(catalogue, local.runtime(), clock, config.engine());
        Runnable beforeServing = () -> {
            awaitImport(added);
            engine.noteLeftOver();
        };
        // The catalogue's index is loaded once the server listens: a large catalogue's load would delay the first
        // answers (300 000 jobs: by about a second), and lookups ask the table until it is there.
        Runnable onceListening = () -> {
            engine.start();
            durable.ifPresent(JdbcJobCatalogue::indexInBackground);
        };
        AutoCloseable closer = () -> {
            // The import writes to the catalogue until it ends: closing it under the import would fail the import.
            awaitEnd(added);
            engine.close();
            if (catalogue instanceof AutoCloseable closeable) {
                closeable.close();
            }
            local.cleanUp().close();
        };
        String source = config.jobsFile().map(Object::toString).orElse("the built-in demo catalogue");
        String kept = config.dataDirectory().map(dir -> "kept in " + dir.toAbsolutePath()).orElse("kept in memory");
        Supplier<String> description = () -> local.description() + "; " + catalogue.count() + " jobs " + kept + ", "
                + added.join() + " new from " + source;
        return new Ports(engine, engine, engine, engine, engine, engine, engine, engine, beforeServing, onceListening,
                closer, description, Optional.of(engine), Optional.of(catalogue), Optional.of(local.runtime()));
    }

    /** Runs the catalogue's import on a thread of its own, named for thread dumps. */
    private static void importThread(Runnable work) {
        Thread thread = new Thread(work, "dlirun-catalogue-import");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the import has ended, whether it succeeded or not (its failure is someone else's to report). */
    private static void awaitEnd(CompletableFuture<Long> added) {
        added.handle((count, failure) -> null).join();
    }

    /** Waits for the catalogue's first jobs; a failed import's own exception (e.g. the file's error) is thrown here. */
    private static void awaitImport(CompletableFuture<Long> added) {
        try {
            added.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Jobs of a file go into the catalogue in transactions of this many. */
    private static final int IMPORT_CHUNK = 2_000;

    /** Reads and checks the file, then adds its jobs once {@code catalogue} is open; answers how many were new. */
    private static long importJobs(Path file, CompletableFuture<JobCatalogue> catalogue, Clock clock) {
        long[] added = {0};
        long started = System.nanoTime();
        long read = JobsFile.load(file, clock.instant(), IMPORT_CHUNK,
                chunk -> added[0] += catalogue.join().addAllIfAbsent(chunk));
        LOG.info("Read {} jobs from {} in {} ms, {} of them new", read, file, (System.nanoTime() - started) / 1_000_000,
                added[0]);
        return added[0];
    }

    /** A runtime for the local engine, what to say of it, and what to remove when the service stops. */
    private record LocalRuntime(JobRuntime runtime, String description, AutoCloseable cleanUp) {
    }

    /** Simulated runs; savepoints imported into their jobs come from {@code savepoints/} in the data directory. */
    private static LocalRuntime simulatedRuntime(Backend.Simulated simulated, Optional<Path> dataDirectory,
                                                 Clock clock) {
        SimulatedJobRuntime runtime = dataDirectory
                .map(dir -> new SimulatedJobRuntime(simulated.launchDelay(), clock,
                        dir.toAbsolutePath().resolve("savepoints").toUri()))
                .orElseGet(() -> new SimulatedJobRuntime(simulated.launchDelay(), clock));
        return new LocalRuntime(runtime,
                "simulated runs, running " + simulated.launchDelay().toMillis() + " ms after their submission", () -> { });
    }

    /**
     * The service's own temporary directory, when it has a data directory and runs jobs on Flink: {@code tmp/} in it,
     * cleared at every start. The process should make it its {@code java.io.tmpdir} before anything else runs: Flink's
     * table planner unpacks its 46 MB jar there whatever Flink is told, and a killed process leaves it behind.
     */
    static Optional<Path> temporaryDirectory(ServerConfig config) {
        return config.backend() instanceof Backend.Flink
                ? config.dataDirectory().map(dir -> dir.toAbsolutePath().resolve("tmp"))
                : Optional.empty();
    }

    /**
     * Flink's files live under the data directory: {@code projects/} (each project's own, where its jobs' tables read
     * and write), {@code checkpoints/} and {@code savepoints/} unless other places are named, and {@code tmp/}, the
     * service's own temporary directory, cleared at every start (a killed process leaves Flink's unpacked planner
     * there). Without a data directory they live in a temporary one, removed when the service stops.
     */
    private static LocalRuntime flinkRuntime(Backend.Flink flink, Optional<Path> dataDirectory) {
        Path root;
        AutoCloseable cleanUp;
        try {
            if (dataDirectory.isPresent()) {
                root = dataDirectory.get().toAbsolutePath();
                cleanUp = () -> { };
            } else {
                Path scratch = Files.createTempDirectory("dlirun-");
                root = scratch;
                cleanUp = () -> ScratchDirectory.delete(scratch);
            }
            ScratchDirectory.delete(root.resolve("tmp"));
            Files.createDirectories(root.resolve("tmp"));
            DataDirectory.prepare(root, flink);
        } catch (IOException e) {
            throw new UncheckedIOException("the data directory's files cannot be prepared: " + e.getMessage(), e);
        }
        FlinkSettings settings = new FlinkSettings(flink.cluster(),
                flink.checkpoints().orElse(root.resolve("checkpoints").toUri()),
                flink.savepoints().orElse(root.resolve("savepoints").toUri()),
                root.resolve("projects"), flink.jars().map(Path::toAbsolutePath), flink.connectors(),
                flink.codeProjects(), root.resolve("tmp"), root.resolve("cluster"));
        String where = flink.cluster() instanceof FlinkSettings.Remote remote
                ? "jobs on the Flink session cluster at " + remote.rest()
                : flink.cluster() instanceof FlinkSettings.Local local
                ? "jobs on a local Flink cluster of " + local.slots() + " slots in processes of its own"
                : "jobs on a Flink cluster of " + ((FlinkSettings.Embedded) flink.cluster()).slots()
                        + " slots in this process";
        if (flink.cluster() instanceof FlinkSettings.Embedded) {
            // Jobs run in this JVM: what their code prints reaches the log as their output, never as lines of its own.
            AutoCloseable output = JobOutput.capture();
            AutoCloseable files = cleanUp;
            cleanUp = () -> {
                output.close();
                files.close();
            };
        }
        return new LocalRuntime(new FlinkJobRuntime(settings), where, cleanUp);
    }

    private static Ports dli(DliSettings settings, Clock clock, MeterRegistry metrics) {
        DliJobBackend dli = new DliJobBackend(settings, clock, metrics);
        dli.warmUp();
        String description = settings.endpoint() + ", " + settings.credentials();
        return new Ports(dli, dli, dli, dli, dli, dli, dli, dli, () -> { }, () -> { }, dli, () -> description,
                Optional.empty(), Optional.empty(), Optional.empty());
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
        return backend.catalogue().orElseThrow(() -> new IllegalStateException("the backend is not the local engine"));
    }

    /** The REST API of the Flink cluster the jobs run on, for benchmarks that compare with Flink itself. */
    Optional<java.net.URI> flinkRest() {
        return backend.runtime().filter(FlinkJobRuntime.class::isInstance).map(FlinkJobRuntime.class::cast)
                .flatMap(FlinkJobRuntime::restAddress);
    }

    /** The local engine, for tests that work it where the API does not reach yet (a stop). */
    LocalJobEngine engine() {
        return backend.engine().orElseThrow(() -> new IllegalStateException("the backend is not the local engine"));
    }

    /** Stops accepting requests, lets those in flight finish within the grace period, then stops the backend. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(config.shutdownGrace());
        rehearsal.ifPresent(Rehearsal::end);
        close(backend.closer());
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
