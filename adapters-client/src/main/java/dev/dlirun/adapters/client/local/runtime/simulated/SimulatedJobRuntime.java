package dev.dlirun.adapters.client.local.runtime.simulated;


import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.InsightUnavailableException;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs nothing: a launched job reports running a fixed delay after its launch, a stop answers at once with a
 * savepoint path that says it is simulated. For callers who only want the API (and for tests of everything around
 * the runtime). Its jobs stop with the service, as an embedded cluster's do.
 */
public final class SimulatedJobRuntime implements JobRuntime {

    /** Where the savepoints it pretends to take are said to be: never a real place. */
    static final String SAVEPOINTS = "simulated://savepoints/";

    private record Simulated(Instant launched, ObservedJob.State state) {
    }

    private final Duration launchDelay;
    private final Clock clock;
    private final URI storage;
    private final Map<RuntimeJobId, Simulated> jobs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Savepoints imported into its jobs must lie in {@code simulated://savepoints/}, where none can be read. */
    public SimulatedJobRuntime(Duration launchDelay, Clock clock) {
        this(launchDelay, clock, URI.create(SAVEPOINTS));
    }

    /**
     * @param storage where savepoints imported into its jobs may lie (a directory holding a {@code _metadata} file
     *                there is taken as one); the savepoints it takes itself are never real, and say so
     */
    public SimulatedJobRuntime(Duration launchDelay, Clock clock, URI storage) {
        if (launchDelay.isNegative()) {
            throw new IllegalArgumentException("the launch delay cannot be negative: " + launchDelay);
        }
        this.launchDelay = launchDelay;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    @Override
    public void start() {
    }

    @Override
    public Optional<String> notReady() {
        return closed ? Optional.of("the simulated runtime is closed") : Optional.empty();
    }

    @Override
    public boolean awaitReady(Duration timeout) {
        return !closed;
    }

    @Override
    public boolean jobsOutliveTheService() {
        return false;
    }

    @Override
    public void launch(Launch launch) {
        if (closed) {
            throw new RuntimeUnavailableException("the simulated runtime is closed");
        }
        jobs.putIfAbsent(launch.runtimeJobId(), new Simulated(clock.instant(), ObservedJob.State.STARTING));
    }

    /**
     * A view of the jobs as of now, not a copy: looking one up computes its state. A copy of every job ever launched
     * on each of the observer's rounds (every 100 ms) took both cores of the benchmark's server once it had launched
     * some 100 000 jobs.
     */
    @Override
    public Map<RuntimeJobId, ObservedJob> observe() {
        Instant now = clock.instant();
        return new java.util.AbstractMap<>() {
            @Override
            public ObservedJob get(Object id) {
                Simulated job = jobs.get(id);
                return job == null ? null : observed((RuntimeJobId) id, job, now);
            }

            @Override
            public boolean containsKey(Object id) {
                return jobs.containsKey(id);
            }

            @Override
            public java.util.Set<Map.Entry<RuntimeJobId, ObservedJob>> entrySet() {
                return jobs.entrySet().stream()
                        .map(entry -> Map.entry(entry.getKey(), observed(entry.getKey(), entry.getValue(), now)))
                        .collect(Collectors.toSet());
            }
        };
    }

    private ObservedJob observed(RuntimeJobId id, Simulated job, Instant now) {
        ObservedJob.State state = job.state() == ObservedJob.State.STARTING
                && !now.isBefore(job.launched().plus(launchDelay)) ? ObservedJob.State.RUNNING : job.state();
        return new ObservedJob(id, state, state == ObservedJob.State.RUNNING);
    }

    @Override
    public Failure failure(RuntimeJobId id) {
        throw new RuntimeUnavailableException("a simulated job never fails");
    }

    @Override
    public CompletableFuture<String> stopWithSavepoint(RuntimeJobId id, ProjectId projectId, JobId jobId,
                                                      Duration timeout) {
        if (jobs.computeIfPresent(id, (key, job) -> new Simulated(job.launched(), ObservedJob.State.FINISHED)) == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no simulated job " + id));
        }
        return CompletableFuture.completedFuture(SAVEPOINTS + projectId + "/" + jobId + "/savepoint-" + id);
    }

    @Override
    public CompletableFuture<String> triggerSavepoint(RuntimeJobId id, URI directory, Duration timeout) {
        Simulated job = jobs.get(id);
        if (job == null || job.state().isTerminal()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no simulated job " + id + " runs"));
        }
        return CompletableFuture.completedFuture(SAVEPOINTS + "triggered/" + id + "/" + clock.millis());
    }

    @Override
    public URI savepointStorage() {
        return storage;
    }

    @Override
    public Optional<String> unreadableSavepoint(URI savepoint) {
        if (!"file".equals(savepoint.getScheme())) {
            return Optional.of("the simulated engine reads no savepoints outside the local file system");
        }
        Path directory = Path.of(savepoint);
        if (!Files.isDirectory(directory)) {
            return Optional.of("it is not an existing directory");
        }
        return Files.isRegularFile(directory.resolve("_metadata")) ? Optional.empty()
                : Optional.of("it holds no _metadata file, so it is not a complete savepoint");
    }

    /** Its own savepoints are not real, and imported ones are the caller's: nothing to delete. */
    @Override
    public void deleteSavepoint(String savepoint) {
    }

    /** A simulated run runs no code: any jar will do. */
    @Override
    public void checkCode(ProjectId projectId, JobDefinition definition) {
    }

    /** It keeps no checkpoints; its own savepoints are not real. */
    @Override
    public void deleteJobState(ProjectId projectId, JobId jobId) {
    }

    @Override
    public String version() {
        return "simulated";
    }

    @Override
    public CompletableFuture<Void> cancel(RuntimeJobId id) {
        if (jobs.computeIfPresent(id, (key, job) -> new Simulated(job.launched(), ObservedJob.State.CANCELED)) == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no simulated job " + id));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<String> latestCheckpoint(ProjectId projectId, JobId jobId, RuntimeJobId launch) {
        return Optional.empty();
    }

    /** A simulation runs nothing: it has no graph, counts nothing, never fails and takes no checkpoints. */
    private static InsightUnavailableException nothingToShow(String what) {
        return new InsightUnavailableException("Simulated runs run no engine: they have no " + what
                + " to show. Run the service on Flink to see it.");
    }

    @Override
    public Optional<dev.dlirun.domain.insight.ExecutionGraph> executionGraph(RuntimeJobId id) {
        throw nothingToShow("execution graph");
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobMetrics.RunMetrics> metrics(RuntimeJobId id) {
        throw nothingToShow("metrics");
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobExceptions> exceptions(RuntimeJobId id) {
        throw nothingToShow("exception history");
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobCheckpoints> checkpoints(RuntimeJobId id) {
        throw nothingToShow("checkpoints");
    }

    /** A simulated launch runs no code and logs nothing: no lines, and a note saying so. */
    @Override
    public dev.dlirun.adapters.client.local.runtime.LaunchLog log(ProjectId projectId, RuntimeJobId launch,
                                                                    int limit) {
        return dev.dlirun.adapters.client.local.runtime.LaunchLog.none("The service simulates its jobs' runs "
                + "(the simulated engine): they run no code and log nothing.");
    }

    @Override
    public void close() {
        closed = true;
        jobs.clear();
    }
}
