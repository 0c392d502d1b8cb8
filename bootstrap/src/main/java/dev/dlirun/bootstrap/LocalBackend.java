package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.flink.FlinkJobRuntime;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.local.catalogue.DemoCatalogue;
import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobsFile;
import dev.dlirun.adapters.client.local.engine.LocalJobEngine;
import dev.dlirun.adapters.client.local.engine.Membership;
import dev.dlirun.adapters.client.local.engine.alert.AlertRules;
import dev.dlirun.adapters.client.local.engine.LocalTransfers;
import dev.dlirun.adapters.client.local.engine.LocalJobLogs;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;
import dev.dlirun.bootstrap.logging.JobOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The local engine as the service's backend, wired: its catalogue (H2 in the data directory, or in memory) with its
 * first jobs (the jobs file's, or the demo's), its runtime (Flink, or simulated runs), and the engine over both.
 */
final class LocalBackend implements ServiceBackend {

    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);

    private final LocalJobEngine engine;
    private final JobCatalogue catalogue;
    /** The same catalogue when it is H2's, whose index is loaded once the server listens. */
    private final Optional<JdbcJobCatalogue> durable;
    private final LocalRuntime local;
    /** The import of the catalogue's first jobs: how many were new. */
    private final CompletableFuture<Long> added;
    /** Where the first jobs come from, and where jobs are kept: for the description. */
    private final String source;
    private final String kept;
    /** Export and import of jobs, through the projects' OBS directories (see {@link #obsStorage}). */
    private final LocalTransfers transfers;
    /** Removes the OBS storage when it is a temporary directory (no data directory). */
    private final AutoCloseable obsCleanUp;
    /** This instance among others on a PostgreSQL catalogue; empty for an instance alone on its catalogue. */
    private final Optional<Membership> membership;

    private LocalBackend(ServerConfig config, LocalJobEngine engine, JobCatalogue catalogue,
                         Optional<JdbcJobCatalogue> durable, LocalRuntime local, CompletableFuture<Long> added,
                         LocalTransfers transfers, AutoCloseable obsCleanUp,
                         Optional<Membership> membership) {
        this.engine = engine;
        this.catalogue = catalogue;
        this.durable = durable;
        this.local = local;
        this.added = added;
        this.source = config.jobsFile().map(Object::toString).orElse("the built-in demo catalogue");
        this.kept = config.catalogue().map(address -> "kept in PostgreSQL at " + address.url())
                .or(() -> config.dataDirectory().map(dir -> "kept in " + dir.toAbsolutePath()))
                .orElse("kept in memory");
        this.transfers = transfers;
        this.obsCleanUp = obsCleanUp;
        this.membership = membership;
    }

    @Override
    public JobPorts ports() {
        return JobPorts.of(engine, engine.templates(), transfers, new LocalJobLogs(catalogue, local.runtime()));
    }

    /** The catalogue's first jobs all imported (a failed import's own exception thrown here), the left-over noted. */
    @Override
    public void beforeServing() {
        awaitImport(added);
        engine.noteLeftOver();
    }

    /**
     * Starts the engine; the catalogue's index is loaded now: a large catalogue's load would delay the first answers
     * (300 000 jobs: by about a second), and lookups ask the table until it is there.
     */
    @Override
    public void onceListening(int port) {
        local.servicePorts().add(port);
        engine.start();
        membership.ifPresent(Membership::start);
        durable.ifPresent(JdbcJobCatalogue::indexInBackground);
    }

    @Override
    public boolean rehearsed() {
        return true;
    }

    @Override
    public String description() {
        return local.description() + "; " + catalogue.count() + " jobs " + kept + ", " + added.join() + " new from "
                + source;
    }

    @Override
    public void close() throws Exception {
        // The import writes to the catalogue until it ends: closing it under the import would fail the import.
        awaitEnd(added);
        // The engine's launches and rounds end first, then the lease is given up: another instance takes the work
        // over at once (not a lease time later), and nothing of this one's is still under way when it does.
        engine.close();
        membership.ifPresent(Membership::close);
        if (catalogue instanceof AutoCloseable closeable) {
            closeable.close();
        }
        local.cleanUp().close();
        obsCleanUp.close();
    }

    /** The catalogue the engine keeps its jobs in. */
    JobCatalogue catalogue() {
        return catalogue;
    }

    /** What runs the jobs. */
    JobRuntime runtime() {
        return local.runtime();
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
     * The local engine. Its catalogue's first jobs (the jobs file's, or the demo's) are read on a thread of their own,
     * which checks the file while the catalogue opens and imports it while the REST application is initialised: a
     * large file's import and the rest of the start share the time.
     */
    static LocalBackend open(ServerConfig config, Clock clock) {
        return open(config, clock, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /**
     * As {@link #open(ServerConfig, Clock)}, with this instance's meters in {@code metrics}: on a shared catalogue,
     * whether it holds the cluster's work ({@code dlirun_cluster_work_held}, 1 or 0) and the token it holds it with
     * ({@code dlirun_cluster_work_token}), tagged with its instance id, for every instance's own {@code /metrics}.
     */
    static LocalBackend open(ServerConfig config, Clock clock, io.micrometer.core.instrument.MeterRegistry metrics) {
        CompletableFuture<JobCatalogue> opened = new CompletableFuture<>();
        // The jobs file only adds jobs: what the catalogue already holds, and its state, stays. It is checked whole,
        // then streamed into the catalogue a chunk (one transaction) at a time.
        CompletableFuture<Long> added = CompletableFuture.supplyAsync(() -> config.jobsFile().isPresent()
                ? importJobs(config.jobsFile().get(), opened, clock)
                : opened.join().addAllIfAbsent(DemoCatalogue.jobs(clock.instant())), LocalBackend::importThread);
        Optional<JdbcJobCatalogue> durable;
        JobCatalogue catalogue;
        LocalRuntime local;
        try {
            config.dataDirectory().ifPresent(directory -> DataDirectory.prepare(directory, config.backend()));
            // --catalogue: PostgreSQL keeps the jobs; the data directory keeps the jobs' files and state only.
            durable = config.catalogue().isPresent() ? config.catalogue().map(CatalogueAddress::open)
                    : config.dataDirectory().map(JdbcJobCatalogue::inDirectory);
            if (config.catalogue().isEmpty()) {
                config.dataDirectory().ifPresent(DataDirectory::protectCatalogue);
            }
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
            closeQuietly(catalogue);
            throw e;
        }
        // On PostgreSQL, one of several instances: it joins the register, and the lease decides who does the work.
        Optional<Membership> membership;
        try {
            membership = config.catalogue().isPresent()
                    ? Optional.of(Membership.join(catalogue.coordination(), membershipSettings(config)))
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            awaitEnd(added);
            closeQuietly(catalogue);
            throw new IllegalStateException("interrupted while joining the other instances", e);
        } catch (RuntimeException e) {
            awaitEnd(added);
            closeQuietly(catalogue);
            closeQuietly(local.cleanUp());
            throw e;
        }
        membership.ifPresent(member -> {
            io.micrometer.core.instrument.Gauge.builder("dlirun.cluster.work.held", member,
                            held -> held.held() ? 1 : 0)
                    .description("Whether this instance holds the lease of the Flink cluster's background work")
                    .tag("instance", member.instanceId()).register(metrics);
            io.micrometer.core.instrument.Gauge.builder("dlirun.cluster.work.token", member,
                            held -> held.held() ? held.token() : -1)
                    .description("The fencing token this instance holds the cluster's work with; -1 when it does not")
                    .tag("instance", member.instanceId()).register(metrics);
        });
        // Alerts name where jobs run as the description says it, without its "jobs on".
        AlertRules alerts = new AlertRules(config.alerts(), local.description().replaceFirst("^jobs on ", ""));
        LocalJobEngine engine = membership.isPresent()
                ? new LocalJobEngine(catalogue, local.runtime(), clock, config.engine(), alerts, membership.get())
                : new LocalJobEngine(catalogue, local.runtime(), clock, config.engine(), alerts);
        Path obs;
        AutoCloseable obsCleanUp;
        try {
            obs = obsStorage(config.dataDirectory());
            obsCleanUp = config.dataDirectory().isPresent() ? () -> { } : () -> ScratchDirectory.delete(obs);
        } catch (IOException e) {
            awaitEnd(added);
            closeQuietly(catalogue);
            throw new UncheckedIOException("the storage of exported jobs cannot be prepared: " + e.getMessage(), e);
        }
        LocalTransfers transfers = new LocalTransfers(catalogue, engine, local.runtime(), obs, clock);
        return new LocalBackend(config, engine, catalogue, durable, local, added, transfers, obsCleanUp, membership);
    }

    /**
     * This instance in the register: its engine (an embedded Flink is one instance's alone), where it runs, and the
     * lease of its cluster's work (one per Flink cluster: instances in front of one cluster share it).
     */
    private static Membership.Settings membershipSettings(ServerConfig config) {
        Optional<java.net.URI> remote = config.backend() instanceof Backend.Flink flink
                && flink.cluster() instanceof dev.dlirun.adapters.client.flink.FlinkSettings.Remote cluster
                ? Optional.of(cluster.rest()) : Optional.empty();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String address = host + " (pid " + ProcessHandle.current().pid() + ", " + config.bind() + ":" + config.port()
                + ")";
        return new Membership.Settings(remote.isPresent() ? Membership.REMOTE : Membership.EMBEDDED, address,
                "cluster-work@" + remote.map(Object::toString).orElse("embedded"), config.leaseTime());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing after a failed start: {}", e.toString());
        }
    }

    /**
     * Where {@code obs://bucket/path} of an export or import lands: {@code projects/<project>/obs/bucket/path} in the
     * data directory, beside each project's own files; without a data directory, a temporary directory removed when
     * the service stops.
     */
    static Path obsStorage(Optional<Path> dataDirectory) throws IOException {
        return dataDirectory.isPresent() ? dataDirectory.get().toAbsolutePath().resolve("projects")
                : Files.createTempDirectory("dlirun-obs-");
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

    /**
     * A runtime for the local engine, what to say of it, what to remove when the service stops, and the service's own
     * ports its jobs may not reach (filled in once known).
     */
    private record LocalRuntime(JobRuntime runtime, String description, AutoCloseable cleanUp,
                                java.util.Set<Integer> servicePorts) {
        LocalRuntime(JobRuntime runtime, String description, AutoCloseable cleanUp) {
            this(runtime, description, cleanUp, java.util.concurrent.ConcurrentHashMap.newKeySet());
        }
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
        // The service's own ports, which no job may reach: its HTTP port once it listens.
        java.util.Set<Integer> servicePorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        FlinkSettings settings = new FlinkSettings(flink.cluster(),
                flink.checkpoints().orElse(root.resolve("checkpoints").toUri()),
                flink.savepoints().orElse(root.resolve("savepoints").toUri()),
                root.resolve("projects"), flink.jars().map(Path::toAbsolutePath), flink.connectors(),
                flink.codeProjects(), root.resolve("tmp"), root.resolve("cluster"),
                new FlinkSettings.JobReach(flink.connectorJars(), flink.allowHosts(),
                        () -> java.util.Set.copyOf(servicePorts)));
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
        return new LocalRuntime(new FlinkJobRuntime(settings), where, cleanUp, servicePorts);
    }

    private static void closeQuietly(JobCatalogue catalogue) {
        if (catalogue instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("The catalogue did not close cleanly", e);
            }
        }
    }
}
