package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.JobPortsContract;
import dev.dlirun.adapters.client.local.engine.EngineSettings;
import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.engine.LocalJobEngine;
import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local engine on the embedded Flink runtime keeps the ports' contract: every submission it delivers is a real
 * Flink job (those resuming from a savepoint restore a real one), cancelled when the test ends.
 */
class FlinkEnginePortsTest extends JobPortsContract {

    private static final String SQL = """
            CREATE TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');
            CREATE TABLE nowhere (n BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO nowhere SELECT n FROM numbers;""";
    private static String savepoint;

    /** One savepoint of the contract's job, which every job that "has a savepoint" restores. */
    @BeforeAll
    static void takeASavepoint() throws Exception {
        FlinkJobRuntime runtime = EmbeddedFlink.runtime();
        Launch launch = EmbeddedFlink.sqlLaunch(ProjectId.of("contract"), 1, SQL, JobConfig.DEFAULTS, Optional.empty());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        savepoint = runtime.stopWithSavepoint(launch.runtimeJobId(), ProjectId.of("contract"), JobId.of(1),
                Duration.ofMinutes(1)).get();
    }

    @Override
    protected Backend backendWith(List<Job> jobs) {
        InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
        Launched runtime;
        try {
            runtime = new Launched(EmbeddedFlink.runtime());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        LocalJobEngine engine = new LocalJobEngine(catalogue, runtime, Clock.systemUTC(), EngineSettings.DEFAULTS);
        engine.start();
        for (Job job : jobs) {
            catalogue.addIfAbsent(LocalJob.created(job.projectId(), job.id(), JobDefinition.sql("job-" + job.id(),
                            JobType.FLINK_OPENSOURCE_SQL_JOB, SQL, JobConfig.DEFAULTS), job.status(), job.hasSavepoint(),
                    job.hasSavepoint() ? savepoint : null, Instant.EPOCH));
        }
        return backendOf(engine, engine);
    }

    /** The shared runtime, lent to one engine: closing it cancels what that engine launched, not the cluster. */
    private static final class Launched implements JobRuntime {
        private final FlinkJobRuntime shared;
        private final Set<RuntimeJobId> launched = ConcurrentHashMap.newKeySet();

        Launched(FlinkJobRuntime shared) {
            this.shared = shared;
        }

        @Override
        public void start() {
        }

        @Override
        public Optional<String> notReady() {
            return shared.notReady();
        }

        @Override
        public boolean awaitReady(Duration timeout) throws InterruptedException {
            return shared.awaitReady(timeout);
        }

        @Override
        public boolean jobsOutliveTheService() {
            return shared.jobsOutliveTheService();
        }

        @Override
        public void launch(Launch launch) throws LaunchRefusedException {
            launched.add(launch.runtimeJobId());
            shared.launch(launch);
        }

        @Override
        public Map<RuntimeJobId, ObservedJob> observe() {
            return shared.observe();
        }

        @Override
        public Failure failure(RuntimeJobId id) {
            return shared.failure(id);
        }

        @Override
        public Optional<dev.dlirun.domain.insight.ExecutionGraph> executionGraph(RuntimeJobId id) {
            return shared.executionGraph(id);
        }

        @Override
        public Optional<dev.dlirun.domain.insight.JobMetrics.RunMetrics> metrics(RuntimeJobId id) {
            return shared.metrics(id);
        }

        @Override
        public Optional<dev.dlirun.domain.insight.JobExceptions> exceptions(RuntimeJobId id) {
            return shared.exceptions(id);
        }

        @Override
        public Optional<dev.dlirun.domain.insight.JobCheckpoints> checkpoints(RuntimeJobId id) {
            return shared.checkpoints(id);
        }

        @Override
        public CompletableFuture<String> stopWithSavepoint(RuntimeJobId id, ProjectId projectId, JobId jobId,
                                                          Duration timeout) {
            return shared.stopWithSavepoint(id, projectId, jobId, timeout);
        }

        @Override
        public CompletableFuture<String> triggerSavepoint(RuntimeJobId id, java.net.URI directory, Duration timeout) {
            return shared.triggerSavepoint(id, directory, timeout);
        }

        @Override
        public java.net.URI savepointStorage() {
            return shared.savepointStorage();
        }

        @Override
        public Optional<String> unreadableSavepoint(java.net.URI savepoint) {
            return shared.unreadableSavepoint(savepoint);
        }

        @Override
        public void deleteSavepoint(String savepoint) throws java.io.IOException {
            shared.deleteSavepoint(savepoint);
        }

        @Override
        public void checkCode(ProjectId projectId, dev.dlirun.domain.model.JobDefinition definition) {
            shared.checkCode(projectId, definition);
        }

        @Override
        public void deleteJobState(ProjectId projectId, JobId jobId) throws java.io.IOException {
            shared.deleteJobState(projectId, jobId);
        }

        @Override
        public String version() {
            return shared.version();
        }

        @Override
        public CompletableFuture<Void> cancel(RuntimeJobId id) {
            return shared.cancel(id);
        }

        @Override
        public Optional<String> latestCheckpoint(ProjectId projectId, JobId jobId, RuntimeJobId launch) {
            return shared.latestCheckpoint(projectId, jobId, launch);
        }

        @Override
        public dev.dlirun.adapters.client.local.runtime.LaunchLog log(ProjectId projectId, RuntimeJobId launch,
                                                                        int limit) {
            return shared.log(projectId, launch, limit);
        }

        @Override
        public void close() {
            Map<RuntimeJobId, ObservedJob> jobs = shared.observe();
            for (RuntimeJobId id : launched) {
                ObservedJob job = jobs.get(id);
                if (job != null && !job.state().isTerminal()) {
                    shared.cancel(id).exceptionally(failure -> null).join();
                }
            }
        }
    }
}
