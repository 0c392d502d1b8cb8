package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A runtime whose every answer the test sets: what it reports, refuses, fails with, and when its stops end. */
final class ScriptedRuntime implements JobRuntime {

    final List<Launch> launches = new CopyOnWriteArrayList<>();
    /** Every cancel asked for, of a launch the runtime has or not. */
    final List<RuntimeJobId> cancelled = new CopyOnWriteArrayList<>();
    /** The cancels of a launch the runtime had: those that stop something. */
    final List<RuntimeJobId> cancelledWhileKnown = new CopyOnWriteArrayList<>();
    final Map<RuntimeJobId, ObservedJob> reported = new ConcurrentHashMap<>();
    final Map<RuntimeJobId, Failure> failures = new ConcurrentHashMap<>();
    /** The launches the runtime can show, with what it shows of them. */
    final Map<RuntimeJobId, dev.dlirun.domain.insight.ExecutionGraph> graphs = new ConcurrentHashMap<>();
    final Map<RuntimeJobId, dev.dlirun.domain.insight.JobMetrics.RunMetrics> metrics = new ConcurrentHashMap<>();
    final Map<RuntimeJobId, String> checkpoints = new ConcurrentHashMap<>();
    /** The checkpoints of each launch as the runtime counts them; a launch without an entry has none it shows. */
    final Map<RuntimeJobId, dev.dlirun.domain.insight.JobCheckpoints> checkpointCounts = new ConcurrentHashMap<>();
    /** How many times the checkpoints of a launch were asked for. */
    final AtomicInteger checkpointLooks = new AtomicInteger();
    final Map<RuntimeJobId, CompletableFuture<String>> stops = new ConcurrentHashMap<>();
    /** How many stops with a savepoint were asked for, of any launch. */
    final AtomicInteger stopsAsked = new AtomicInteger();
    final Map<RuntimeJobId, CompletableFuture<String>> triggers = new ConcurrentHashMap<>();
    final Map<RuntimeJobId, URI> triggeredInto = new ConcurrentHashMap<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    /** Where savepoints go: a directory of the test's, set by tests of savepoint paths. */
    volatile URI storage = URI.create("file:///nonexistent-dlirun-savepoints/");
    final AtomicInteger observations = new AtomicInteger();
    /** Processor time each look at the runtime takes (spent busy, on the observer's thread), as many jobs would. */
    volatile long observeCpuNanos;
    /** Processor time the looks took in all. */
    final java.util.concurrent.atomic.AtomicLong observeCpuSpent = new java.util.concurrent.atomic.AtomicLong();
    volatile boolean ready = true;
    /** Why the runtime cannot be reached now (its looks fail); null while it answers. */
    volatile String unreachable;
    volatile boolean outlivesTheService;
    volatile String refusal;
    /** When set, a launch waits for it to open before the runtime has the job. */
    volatile java.util.concurrent.CountDownLatch launchGate;
    /** Opens once a launch is waiting at {@link #launchGate}. */
    final java.util.concurrent.CountDownLatch launchWaiting = new java.util.concurrent.CountDownLatch(1);
    volatile boolean closed;
    /** Told of every launch, cancel and look for readiness, which come from the engine's own threads. */
    final Changes changes = new Changes();

    /**
     * Runs observer rounds on {@code timer} until {@code assertion} holds, for at most five seconds; between rounds
     * that change nothing, waits for the next write or call into this runtime (from a launch's or a savepoint's
     * thread), not for time.
     */
    void untilHolds(ManualTimer timer, Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            long seen = changes.version();
            timer.runDue();
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                changes.awaitAfter(seen, Duration.ofMillis(100));
            }
        }
    }

    /** The last definition a check was asked of, as the engine handed it over. */
    volatile dev.dlirun.domain.model.JobDefinition checked;

    @Override
    public dev.dlirun.domain.graph.GraphVerdict checkGraph(dev.dlirun.domain.model.ProjectId projectId,
                                                           dev.dlirun.domain.model.JobId jobId,
                                                           dev.dlirun.domain.model.JobDefinition definition,
                                                           dev.dlirun.domain.graph.GraphType type) {
        checked = definition;
        return new dev.dlirun.domain.graph.GraphVerdict.Planned("{\"graph_type\":\"" + type.wireName() + "\"}");
    }

    /** Reports {@code launch} in {@code state}; running ones with all their tasks running. */
    void report(RuntimeJobId launch, ObservedJob.State state) {
        reported.put(launch, new ObservedJob(launch, state, state == ObservedJob.State.RUNNING));
    }

    RuntimeJobId lastLaunch() {
        return launches.get(launches.size() - 1).runtimeJobId();
    }

    @Override
    public void start() {
    }

    @Override
    public Optional<String> notReady() {
        return ready ? Optional.empty() : Optional.of("the scripted runtime is starting");
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        if (!timeout.isZero()) {
            changes.signal();
        }
        if (!ready && !timeout.isZero()) {
            Thread.sleep(Math.min(timeout.toMillis(), 10));
        }
        return ready;
    }

    @Override
    public boolean jobsOutliveTheService() {
        return outlivesTheService;
    }

    @Override
    public void launch(Launch launch) throws LaunchRefusedException {
        if (refusal != null) {
            throw new LaunchRefusedException(refusal);
        }
        java.util.concurrent.CountDownLatch gate = launchGate;
        if (gate != null) {
            launchWaiting.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        launches.add(launch);
        reported.putIfAbsent(launch.runtimeJobId(), new ObservedJob(launch.runtimeJobId(), ObservedJob.State.STARTING,
                false));
        changes.signal();
    }

    @Override
    public Map<RuntimeJobId, ObservedJob> observe() {
        observations.incrementAndGet();
        String down = unreachable;
        if (down != null) {
            throw new RuntimeUnavailableException(down);
        }
        long cost = observeCpuNanos;
        if (cost > 0) {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = threads.getCurrentThreadCpuTime();
            long spent;
            do {
                spent = threads.getCurrentThreadCpuTime() - start;
            } while (spent < cost);
            observeCpuSpent.addAndGet(spent);
        }
        return Map.copyOf(reported);
    }

    @Override
    public Optional<dev.dlirun.domain.insight.ExecutionGraph> executionGraph(RuntimeJobId id) {
        return Optional.ofNullable(graphs.get(id));
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobMetrics.RunMetrics> metrics(RuntimeJobId id) {
        return Optional.ofNullable(metrics.get(id));
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobExceptions> exceptions(RuntimeJobId id) {
        return Optional.empty();
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobCheckpoints> checkpoints(RuntimeJobId id) {
        checkpointLooks.incrementAndGet();
        return Optional.ofNullable(checkpointCounts.get(id));
    }

    @Override
    public Failure failure(RuntimeJobId id) {
        Failure failure = failures.get(id);
        if (failure == null) {
            throw new RuntimeUnavailableException("no failure scripted for " + id);
        }
        return failure;
    }

    @Override
    public CompletableFuture<String> stopWithSavepoint(RuntimeJobId id, ProjectId projectId, JobId jobId,
                                                      Duration timeout) {
        stopsAsked.incrementAndGet();
        return stops.computeIfAbsent(id, key -> new CompletableFuture<>());
    }

    @Override
    public CompletableFuture<String> triggerSavepoint(RuntimeJobId id, URI directory, Duration timeout) {
        triggeredInto.put(id, directory);
        return triggers.computeIfAbsent(id, key -> new CompletableFuture<>());
    }

    @Override
    public URI savepointStorage() {
        return storage;
    }

    @Override
    public Optional<String> unreadableSavepoint(URI savepoint) {
        return Files.isRegularFile(Path.of(savepoint).resolve("_metadata")) ? Optional.empty()
                : Optional.of("it holds no _metadata file");
    }

    @Override
    public void deleteSavepoint(String savepoint) {
        deleted.add(savepoint);
    }

    @Override
    public void checkCode(ProjectId projectId, dev.dlirun.domain.model.JobDefinition definition) {
        definition.config().entrypoint().filter(jar -> !jar.startsWith("allowed/")).ifPresent(jar -> {
            throw new dev.dlirun.domain.model.InvalidInputException("entrypoint", "must name a jar in the service's "
                    + "jars directory: '" + jar + "' is not there");
        });
    }

    @Override
    public void deleteJobState(ProjectId projectId, JobId jobId) {
        deleted.add("state of " + projectId + "/" + jobId);
    }

    @Override
    public String version() {
        return "scripted 1.0";
    }

    /** The verdict every state check answers; null: the runtime keeps no real state and checks none. */
    volatile dev.dlirun.domain.state.StateVerdict stateVerdict;
    /** What every state check throws, when set (e.g. a state that cannot be read). */
    volatile RuntimeException stateCheckFailure;
    /** Every state check asked for. */
    final List<dev.dlirun.adapters.client.local.runtime.StateCheck> stateChecks = new CopyOnWriteArrayList<>();

    @Override
    public boolean checksState() {
        return stateVerdict != null;
    }

    @Override
    public dev.dlirun.domain.state.StateVerdict checkState(dev.dlirun.adapters.client.local.runtime.StateCheck check) {
        if (stateVerdict == null) {
            return JobRuntime.super.checkState(check);
        }
        stateChecks.add(check);
        RuntimeException failure = stateCheckFailure;
        if (failure != null) {
            throw failure;
        }
        return stateVerdict;
    }

    @Override
    public CompletableFuture<Void> cancel(RuntimeJobId id) {
        cancelled.add(id);
        changes.signal();
        if (!reported.containsKey(id)) {
            return CompletableFuture.failedFuture(new IllegalStateException("unknown job " + id));
        }
        cancelledWhileKnown.add(id);
        return CompletableFuture.completedFuture(null);
    }

    /** The latest savepoint of each launch, as the runtime would tell it after the fact. */
    final Map<RuntimeJobId, String> savepointsTaken = new ConcurrentHashMap<>();

    @Override
    public Optional<String> latestSavepoint(RuntimeJobId id) {
        return Optional.ofNullable(savepointsTaken.get(id));
    }

    @Override
    public Optional<String> latestCheckpoint(ProjectId projectId, JobId jobId, RuntimeJobId launch) {
        return Optional.ofNullable(checkpoints.get(launch));
    }

    @Override
    public dev.dlirun.adapters.client.local.runtime.LaunchLog log(ProjectId projectId, RuntimeJobId launch,
                                                                    int limit) {
        return new dev.dlirun.adapters.client.local.runtime.LaunchLog(java.util.List.of(
                new dev.dlirun.adapters.client.local.runtime.LaunchLog.Line("scripted", "launch " + launch)), false,
                Optional.empty());
    }

    @Override
    public void close() {
        closed = true;
    }
}
