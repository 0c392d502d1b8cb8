package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.JobLogFiles;
import dev.dlirun.adapters.client.flink.state.RestorePaths;
import dev.dlirun.adapters.client.flink.state.StateChecker;
import dev.dlirun.adapters.client.flink.state.StateMetadata;
import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchLog;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The local engine's jobs on Apache Flink. The embedded cluster and a remote session cluster differ only in how the
 * REST address is found: one {@link RestClusterClient} follows and stops jobs on either, and jobs are submitted to
 * either as to a remote cluster. It starts in the background: the cluster (embedded) or the first answer of the
 * remote one, and a warm-up of the SQL planner, so that the first job does not wait for it.
 *
 * <p>This class is the runtime seam and sends each launch where it goes (the service's cluster, or a project's own
 * through its job client); the rest is done by the classes it holds: {@link ServiceCluster} (the cluster's start,
 * readiness and stop), {@link JobDirectories} (where projects' jobs write, and whose it is), {@link JobSubmitter}
 * (a launch made a Flink job), {@link ClusterJobs} (what the clusters have), {@link JobControl} (savepoints and
 * cancellation) and {@link JobStateFiles} (jobs' state as files).
 */
public final class FlinkJobRuntime implements JobRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobRuntime.class);

    private final FlinkSettings settings;
    private final JobSubmitter submitter;
    private final SlotQuota quota;
    /** The clusters of the projects that run code, on the local engine; null on the others. */
    private final CodeClusters code;
    private final JobDirectories directories;
    private final ServiceCluster cluster;
    private final ClusterJobs jobs;
    private final JobControl control;
    private final JobStateFiles state;
    /** A remote cluster's logs, read through its REST API; null on a local or embedded cluster. */
    private final RemoteJobLogs remoteLogs;
    private final ClusterInsight insight;

    public FlinkJobRuntime(FlinkSettings given) {
        // No job may reach the REST API of the service's own cluster either.
        java.util.concurrent.atomic.AtomicReference<ServiceCluster> own = new java.util.concurrent.atomic.AtomicReference<>();
        FlinkSettings settings = given.withServicePorts(() -> {
            java.util.Set<Integer> ports = new java.util.HashSet<>(given.reach().servicePorts().get());
            ServiceCluster started = own.get();
            if (started != null && started.isTheServicesOwn() && started.rest() != null) {
                ports.add(started.rest().getPort());
            }
            return ports;
        });
        this.settings = settings;
        this.quota = new SlotQuota(settings.projectSlots());
        this.code = settings.cluster() instanceof FlinkSettings.Local local && !settings.codeProjects().isEmpty()
                ? new CodeClusters(settings, local) : null;
        this.directories = new JobDirectories(settings, code);
        this.submitter = new JobSubmitter(settings, directories.policy());
        this.cluster = new ServiceCluster(settings, directories);
        own.set(cluster);
        this.jobs = new ClusterJobs(cluster, code, quota);
        this.control = new JobControl(settings, cluster, jobs);
        this.state = new JobStateFiles(settings);
        this.remoteLogs = settings.cluster() instanceof FlinkSettings.Remote remote
                ? new RemoteJobLogs(remote.rest(), remote.tls()) : null;
        this.insight = new ClusterInsight(cluster, jobs);
    }

    @Override
    public void start() {
        cluster.start();
    }

    @Override
    public Optional<String> notReady() {
        return cluster.notReady();
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return cluster.awaitReady(timeout);
    }

    @Override
    public boolean jobsOutliveTheService() {
        return settings.cluster() instanceof FlinkSettings.Remote;
    }

    @Override
    public void launch(Launch launch) throws LaunchRefusedException {
        if (cluster.isLocal()) {
            try {
                directories.prepare(launch.projectId());
            } catch (java.io.IOException | RuntimeException e) {
                throw new LaunchRefusedException("The project's directories cannot be prepared: " + e.getMessage());
            }
        }
        if (code != null && code.runsCode(launch.projectId())) {
            launchCode(launch);
            return;
        }
        // A launch the cluster has (a service stopped right after submitting it) is not submitted twice.
        if (jobs.overview().containsKey(launch.runtimeJobId())) {
            LOG.info("Launch {} of job {} of project {} is on the cluster already", launch.runtimeJobId(),
                    launch.jobId(), launch.projectId());
            return;
        }
        long started = System.nanoTime();
        try {
            submitter.submit(launch, cluster.restClient(), slots -> quota.admit(launch.projectId(),
                    launch.runtimeJobId(), slots));
        } catch (LaunchRefusedException | RuntimeException e) {
            quota.release(launch.runtimeJobId());
            // Another instance of the service may have submitted the same launch (under the same id) meanwhile: Flink
            // then refuses this one as a duplicate, and the launch is there all the same.
            if (duplicate(e) && submittedMeanwhile(launch)) {
                LOG.info("Launch {} of job {} of project {} is on the cluster though its submission failed here: another "
                                + "instance submitted it meanwhile",
                        launch.runtimeJobId(), launch.jobId(), launch.projectId());
                return;
            }
            throw e;
        }
        LOG.debug("Submitted launch {} of job {} in {} ms", launch.runtimeJobId(), launch.jobId(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Whether Flink refused the submission as one of a job it has already (its DuplicateJobSubmissionException). */
    private static boolean duplicate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String said = cause.getClass().getName() + ": " + cause.getMessage();
            if (said.contains("DuplicateJobSubmission") || said.contains("already been submitted")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the cluster has the launch after all, going or gone well: another instance submitted the same launch
     * (Flink refuses the second as a duplicate). A launch Flink lists as failed is the refusal itself (a restore it
     * could not make, say), and stays one.
     */
    private boolean submittedMeanwhile(Launch launch) {
        try {
            dev.dlirun.adapters.client.local.runtime.ObservedJob seen = jobs.overview().get(launch.runtimeJobId());
            return seen != null && seen.state() != dev.dlirun.adapters.client.local.runtime.ObservedJob.State.FAILED
                    && seen.state() != dev.dlirun.adapters.client.local.runtime.ObservedJob.State.FAILING;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    /**
     * A launch of a project that runs code: on the project's own cluster (started the first time), planned or started
     * by a job client running as the project's own user, never in the service.
     */
    private void launchCode(Launch launch) throws LaunchRefusedException {
        CodeClusters.Connection connection;
        try {
            connection = code.of(launch.projectId());
        } catch (java.io.IOException e) {
            throw new LaunchRefusedException("The cluster of project " + launch.projectId() + " could not start: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchRefusedException("The service stopped while the project's cluster started.");
        }
        if (jobs.overview(connection.client()).containsKey(launch.runtimeJobId())) {
            return;
        }
        long started = System.nanoTime();
        connection.launcher().launch(launch, settings, connection.rest());
        jobs.submitted(launch.runtimeJobId(), connection.client());
        LOG.debug("A job client submitted launch {} of job {} in {} ms", launch.runtimeJobId(), launch.jobId(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public Map<RuntimeJobId, ObservedJob> observe() {
        return jobs.observe();
    }

    @Override
    public Failure failure(RuntimeJobId id) {
        return jobs.failure(id);
    }

    @Override
    public CompletableFuture<String> stopWithSavepoint(RuntimeJobId id, ProjectId projectId, JobId jobId,
                                                      Duration timeout) {
        return control.stopWithSavepoint(id, projectId, jobId, timeout);
    }

    @Override
    public CompletableFuture<String> triggerSavepoint(RuntimeJobId id, URI directory, Duration timeout) {
        return control.triggerSavepoint(id, directory, timeout);
    }

    @Override
    public URI savepointStorage() {
        return settings.savepoints();
    }

    @Override
    public Optional<String> unreadableSavepoint(URI savepoint) {
        return state.unreadableSavepoint(savepoint);
    }

    @Override
    public void deleteSavepoint(String savepoint) throws java.io.IOException {
        state.deleteSavepoint(savepoint);
    }

    @Override
    public void checkCode(ProjectId projectId, JobDefinition definition) {
        submitter.checkJars(projectId, definition);
    }

    /**
     * Checks the job on the service's side, as its launch would be planned (see {@link JobSubmitter#check}); the
     * cluster is not asked. The jobs of projects that run code are planned by a job client as the project's own user,
     * never in the service: their check is refused until the job client can plan without submitting.
     */
    @Override
    public GraphVerdict checkGraph(ProjectId projectId, JobId jobId, JobDefinition definition, GraphType type) {
        if (!definition.isSql()) {
            throw new OperationNotAllowedException("Job " + jobId + " is a " + definition.type().wireName()
                    + ": only SQL jobs are checked before they run.");
        }
        if (code != null && code.runsCode(projectId)) {
            throw new OperationNotAllowedException("The jobs of project " + projectId + " run code, and are planned "
                    + "by a job client as the project's own user, never in the service: this service cannot check "
                    + "them before they run yet.");
        }
        Launch check = new Launch(projectId, jobId, RuntimeJobId.generate(), definition, Optional.empty());
        try {
            return new GraphVerdict.Planned(submitter.check(check, type));
        } catch (LaunchRefusedException e) {
            return new GraphVerdict.Refused(GraphVerdict.DOES_NOT_PLAN, e.getMessage());
        }
    }

    @Override
    public boolean checksState() {
        return true;
    }

    /**
     * Checks offline whether the state restores into the candidate, and means the same there
     * ({@link StateChecker}): the state's {@code _metadata} read (only inside the project's directories of this
     * runtime's savepoint or checkpoint storage), the candidate and the writer planned by {@link JobSubmitter} as
     * their launches would be. Nothing runs on the cluster. The jobs of projects that run code are planned by a job
     * client as the project's own user, never in the service, and their state, which their own cluster writes, is not
     * read in the service (Flink deserializes part of a metadata file with Java serialization): their state's check
     * says it cannot tell.
     *
     * @throws dev.dlirun.domain.model.InvalidInputException when the path is not the project's state, or holds no
     *                                                       metadata Flink can read
     */
    @Override
    public StateVerdict checkState(StateCheck check) {
        new RestorePaths(settings.savepoints(), settings.checkpoints()).check(check.projectId(), check.restorePath());
        if (code != null && code.runsCode(check.projectId())) {
            // Their state is written by their own cluster, as their own user: the service does not deserialize it.
            StateMetadata.requireMetadataFile(check.restorePath());
            return StateVerdict.unknown("The jobs of project " + check.projectId() + " run code, and are planned by a "
                    + "job client as the project's own user, never in the service: this service cannot plan them to "
                    + "check their state.");
        }
        StateMetadata state = StateMetadata.read(check.restorePath(), FlinkJobRuntime.class.getClassLoader());
        long started = System.nanoTime();
        StateVerdict verdict = new StateChecker(version()).check(check, state, definition -> submitter.planState(
                new Launch(check.projectId(), check.jobId(), RuntimeJobId.generate(), definition, Optional.empty())));
        LOG.debug("Checked the state {} for job {} of project {} in {} ms: {}", check.restorePath(), check.jobId(),
                check.projectId(), (System.nanoTime() - started) / 1_000_000, verdict.kind());
        return verdict;
    }

    @Override
    public void deleteJobState(ProjectId projectId, JobId jobId) throws java.io.IOException {
        state.deleteJobState(projectId, jobId);
    }

    @Override
    public String version() {
        return "Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
    }

    @Override
    public CompletableFuture<Void> cancel(RuntimeJobId id) {
        return control.cancel(id);
    }

    @Override
    public Optional<String> latestCheckpoint(ProjectId projectId, JobId jobId, RuntimeJobId launch) {
        return state.latestCheckpoint(projectId, jobId, launch);
    }

    @Override
    public Optional<String> latestSavepoint(RuntimeJobId id) {
        return insight.latestSavepoint(id);
    }

    @Override
    public Optional<dev.dlirun.domain.insight.ExecutionGraph> executionGraph(RuntimeJobId id) {
        return insight.executionGraph(id);
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobMetrics.RunMetrics> metrics(RuntimeJobId id) {
        return insight.metrics(id);
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobExceptions> exceptions(RuntimeJobId id) {
        return insight.exceptions(id);
    }

    @Override
    public Optional<dev.dlirun.domain.insight.JobCheckpoints> checkpoints(RuntimeJobId id) {
        return insight.checkpoints(id);
    }

    /**
     * On the local cluster, the launch's own files ({@link JobLogFiles}: the cluster the project's launches run on, the
     * service's or the project's own); on a remote cluster, what its REST API offers ({@link RemoteJobLogs}); in the
     * service's process, nothing: Flink's records are the service's own log there.
     */
    @Override
    public LaunchLog log(ProjectId projectId, RuntimeJobId launch, int limit) {
        if (settings.cluster() instanceof FlinkSettings.Remote) {
            return remoteLogs.tail(cluster.readyClient(), launch, limit);
        }
        if (settings.cluster() instanceof FlinkSettings.Embedded) {
            return LaunchLog.none("Flink runs in the service's process (--flink-in-process): its records of jobs are "
                    + "part of the service's own log (standard output), not kept per job.");
        }
        java.nio.file.Path directory = code != null && code.runsCode(projectId)
                ? settings.clusterDirectory().resolveSibling("clusters").resolve(projectId.value())
                : settings.clusterDirectory();
        try {
            JobLogFiles.Tail tail = JobLogFiles.ofCluster(directory).tail(launch.value(), limit);
            return new LaunchLog(tail.lines().stream().map(line -> new LaunchLog.Line(line.process(), line.text()))
                    .toList(), tail.truncated(), tail.lines().isEmpty() ? Optional.of("The cluster holds no log "
                    + "records of launch " + launch + ": it has logged none yet, or its files were removed (the "
                    + "cluster keeps those of its " + JobLogFiles.KEPT_JOBS + " most recent jobs).")
                    : Optional.empty());
        } catch (java.io.IOException e) {
            throw new dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException(
                    "cannot read the log of launch " + launch + ": " + e.getMessage(), e);
        }
    }

    /** The REST address jobs are submitted to: for tests and benchmarks that compare with Flink itself. */
    public Optional<URI> restAddress() {
        return Optional.ofNullable(cluster.rest());
    }

    /**
     * Stops following the cluster. An embedded one stops, and its jobs with it: they are cancelled first (an orderly
     * end, rather than tasks failing as the cluster goes away), and keep their checkpoints (they are retained on
     * cancellation), from which the next start of the service resumes them. A remote cluster's jobs go on running.
     */
    @Override
    public void close() {
        RestClusterClient<String> flink = cluster.client();
        if (cluster.isTheServicesOwn() && flink != null && cluster.why() == null) {
            control.cancelAll(flink);
        }
        if (code != null) {
            for (CodeClusters.Connection connection : code.started()) {
                control.cancelAll(connection.client());
            }
            code.close();
        }
        cluster.stop(flink);
        submitter.close();
    }
}
