package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.LocalFiles;
import dev.dlirun.adapters.client.flink.cluster.LocalFlinkCluster;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.adapters.client.flink.policy.CodePolicy;
import dev.dlirun.adapters.client.local.runtime.Failure;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.JobsOverviewHeaders;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local engine's jobs on Apache Flink. The embedded cluster and a remote session cluster differ only in how the
 * REST address is found: one {@link RestClusterClient} follows and stops jobs on either, and jobs are submitted to
 * either as to a remote cluster. It starts in the background: the cluster (embedded) or the first answer of the
 * remote one, and a warm-up of the SQL planner, so that the first job does not wait for it.
 */
public final class FlinkJobRuntime implements JobRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobRuntime.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_CONNECT = Duration.ofSeconds(5);
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    private final FlinkSettings settings;
    private final JobSubmitter submitter;
    private final SlotQuota quota;
    /** The clusters of the projects that run code, on the local engine; null on the others. */
    private final CodeClusters code;
    /**
     * Which cluster has each launch (the local cluster, or a project's own), as the last look at them saw, or as its
     * job client said moments ago.
     */
    private final Map<RuntimeJobId, Where> where = new java.util.concurrent.ConcurrentHashMap<>();

    /** A cluster that has a launch, and since when this runtime knows it. */
    private record Where(RestClusterClient<String> client, long since) {
        /** A launch submitted this long ago that Flink does not list yet is still on its way there. */
        static final long ON_ITS_WAY = TimeUnit.SECONDS.toNanos(60);
    }
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String notReady = "Flink is starting";
    private volatile EmbeddedCluster embedded;
    private volatile LocalFlinkCluster local;
    private volatile RestClusterClient<String> client;
    private volatile URI rest;
    /** What a client of the cluster's REST API needs: its address, and over TLS, the service's key and trust. */
    private volatile Configuration restClient;
    private volatile Thread starter;
    private volatile boolean closed;

    public FlinkJobRuntime(FlinkSettings settings) {
        this.settings = settings;
        this.quota = new SlotQuota(settings.projectSlots());
        this.code = settings.cluster() instanceof FlinkSettings.Local local && !settings.codeProjects().isEmpty()
                ? new CodeClusters(settings, local) : null;
        this.submitter = new JobSubmitter(settings, new CodePolicy(settings.projects(), settings.jars(),
                settings.connectors(), settings.codeProjects(), directory -> {
                    Optional<OsUser> owner = ownerOf(directory.getFileName().toString());
                    if (owner.isPresent()) {
                        owner.get().own(directory);
                    }
                }));
    }

    /** Brings Flink up on a thread of its own. */
    @Override
    public void start() {
        Thread thread = new Thread(this::bringUp, "dlirun-flink-start");
        thread.setDaemon(true);
        starter = thread;
        thread.start();
    }

    private void bringUp() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(settings.temporary());
            if (settings.cluster() instanceof FlinkSettings.Embedded cluster) {
                embedded = EmbeddedCluster.start(cluster.slots(), settings.temporary());
                rest = embedded.rest();
            } else if (settings.cluster() instanceof FlinkSettings.Local cluster) {
                if (cluster.user().isPresent()) {
                    handOver();
                }
                // The cluster's processes start on their own cores' time, and this thread mostly waits for them:
                // the planner warms up meanwhile.
                CompletableFuture<Void> planner = CompletableFuture.runAsync(FlinkJobRuntime::warmUpPlanner,
                        runnable -> {
                            Thread warmUp = new Thread(runnable, "dlirun-flink-planner-warm-up");
                            warmUp.setDaemon(true);
                            warmUp.start();
                        });
                local = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(settings.clusterDirectory(),
                        settings.temporary(), cluster.lib(), cluster.slots(), cluster.user()));
                rest = local.rest();
                planner.join();
            } else {
                rest = ((FlinkSettings.Remote) settings.cluster()).rest();
            }
            restClient = local != null ? local.clientConfiguration() : clientConfiguration(rest);
            client = new RestClusterClient<>(restClient, "dlirun");
            while (!closed && !reachable()) {
                Thread.sleep(RETRY_CONNECT.toMillis());
            }
            if (local == null) {
                // After the cluster, on this one thread: a second busy thread would take the other core from the
                // service's first callers while both start.
                warmUpPlanner();
            }
            if (!closed) {
                notReady = null;
                ready.countDown();
                LOG.info("Flink is ready for jobs after {} ms ({})", (System.nanoTime() - started) / 1_000_000,
                        embedded != null ? "in this process, REST API on " + rest + ", " + ((FlinkSettings.Embedded)
                                settings.cluster()).slots() + " slots"
                                : local != null ? "a local cluster in processes of its own, REST API on " + rest
                                : "the session cluster at " + rest);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            notReady = "Flink could not start: " + FlinkFailures.describe(e);
            LOG.error("Flink could not start", e);
        }
    }

    /**
     * Hands the places jobs write to the users their processes run as: the roots of the projects' directories and of
     * the checkpoints' and savepoints' (when local) stay the service's, open to pass through only; each project's own
     * directory in each is its user's alone (the local cluster's, or the project's own when it runs code).
     */
    private void handOver() throws java.io.IOException {
        for (java.nio.file.Path root : roots()) {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            try (var projects = Files.list(root)) {
                for (java.nio.file.Path project : projects.filter(Files::isDirectory).toList()) {
                    Optional<OsUser> owner = ownerOf(project.getFileName().toString());
                    if (owner.isPresent()) {
                        owner.get().ownAll(project);
                    }
                }
            }
        }
    }

    private List<java.nio.file.Path> roots() {
        List<java.nio.file.Path> roots = new java.util.ArrayList<>(List.of(settings.projects()));
        for (URI state : new URI[]{settings.checkpoints(), settings.savepoints()}) {
            if ("file".equalsIgnoreCase(state.getScheme())) {
                roots.add(java.nio.file.Path.of(state));
            }
        }
        return roots;
    }

    /** The user a project's jobs run as on the local cluster: the project's own when it runs code. */
    private Optional<OsUser> ownerOf(String project) {
        if (!(settings.cluster() instanceof FlinkSettings.Local local)) {
            return Optional.empty();
        }
        return code != null && project.matches("[A-Za-z0-9_-]{1,64}") ? code.userOf(ProjectId.of(project))
                : local.user();
    }

    /** The project's own directories where its jobs write, made if need be, given to the user its jobs run as. */
    private void prepare(ProjectId project) throws java.io.IOException {
        submitter.projectDirectory(project);
        Optional<OsUser> owner = ownerOf(project.value());
        List<java.nio.file.Path> roots = roots();
        for (java.nio.file.Path root : roots.subList(1, roots.size())) {
            java.nio.file.Path own = root.resolve(project.value());
            if (owner.isPresent()) {
                owner.get().own(own);
            } else {
                Files.createDirectories(own);
            }
        }
    }

    /** Whether the cluster answers; while it does not, says why (once). */
    private boolean reachable() {
        try {
            client.getClusterOverview().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            String why = "cannot reach the Flink cluster at " + rest + ": " + RootCauses.describe(e);
            if (!why.equals(notReady)) {
                LOG.warn("{}; trying again every {} s", why, RETRY_CONNECT.toSeconds());
                notReady = why;
            }
            return false;
        }
    }

    /** Plans one small job, so that the planner's classes are loaded and compiled before the first real job. */
    static void warmUpPlanner() {
        try {
            TableEnvironment environment = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
            environment.executeSql("CREATE TEMPORARY TABLE warm_up_source (n BIGINT, s STRING, ts AS PROCTIME()) "
                    + "WITH ('connector' = 'datagen')");
            environment.executeSql("CREATE TEMPORARY TABLE warm_up_sink (s STRING, c BIGINT) "
                    + "WITH ('connector' = 'blackhole')");
            environment.explainSql("INSERT INTO warm_up_sink SELECT s, COUNT(*) OVER (PARTITION BY s ORDER BY ts "
                    + "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM warm_up_source WHERE n > 0");
        } catch (RuntimeException e) {
            LOG.warn("The SQL planner's warm-up failed; the first job will plan more slowly: {}", e.toString());
        }
    }

    private Configuration clientConfiguration(URI rest) {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.ADDRESS, rest.getHost());
        configuration.set(RestOptions.PORT, rest.getPort());
        if (settings.cluster() instanceof FlinkSettings.Remote remote) {
            remote.tls().ifPresent(tls -> tls.clientSettings().forEach(configuration::setString));
        }
        return configuration;
    }

    /** For a remote cluster, asks it (briefly): an operator's readiness probe should see it go away. */
    @Override
    public Optional<String> notReady() {
        String why = notReady;
        if (why == null && !closed && local != null) {
            return local.notReady();
        }
        if (why != null || embedded != null || closed) {
            return Optional.ofNullable(closed ? "Flink is stopped" : why);
        }
        try {
            client.getClusterOverview().get(2, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while asking the Flink cluster");
        } catch (ExecutionException | TimeoutException e) {
            return Optional.of("cannot reach the Flink cluster at " + rest + ": " + RootCauses.describe(e));
        }
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return !closed && ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean jobsOutliveTheService() {
        return settings.cluster() instanceof FlinkSettings.Remote;
    }

    @Override
    public void launch(Launch launch) throws LaunchRefusedException {
        if (local != null) {
            try {
                prepare(launch.projectId());
            } catch (java.io.IOException | RuntimeException e) {
                throw new LaunchRefusedException("The project's directories cannot be prepared: " + e.getMessage());
            }
        }
        if (code != null && code.runsCode(launch.projectId())) {
            launchCode(launch);
            return;
        }
        // A launch the cluster has (a service stopped right after submitting it) is not submitted twice.
        if (overview().containsKey(launch.runtimeJobId())) {
            LOG.info("Launch {} of job {} of project {} is on the cluster already", launch.runtimeJobId(),
                    launch.jobId(), launch.projectId());
            return;
        }
        long started = System.nanoTime();
        try {
            submitter.submit(launch, restClient, slots -> quota.admit(launch.projectId(), launch.runtimeJobId(),
                    slots));
        } catch (LaunchRefusedException | RuntimeException e) {
            quota.release(launch.runtimeJobId());
            throw e;
        }
        LOG.debug("Submitted launch {} of job {} in {} ms", launch.runtimeJobId(), launch.jobId(),
                (System.nanoTime() - started) / 1_000_000);
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
        if (overview(connection.client()).containsKey(launch.runtimeJobId())) {
            return;
        }
        long started = System.nanoTime();
        connection.launcher().launch(launch, settings, connection.rest());
        where.put(launch.runtimeJobId(), new Where(connection.client(), System.nanoTime()));
        LOG.debug("A job client submitted launch {} of job {} in {} ms", launch.runtimeJobId(), launch.jobId(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public Map<RuntimeJobId, ObservedJob> observe() {
        Map<RuntimeJobId, ObservedJob> seen = overview();
        quota.follow(seen);
        if (code != null) {
            long now = System.nanoTime();
            RestClusterClient<String> shared = client;
            seen.keySet().forEach(id -> where.put(id, new Where(shared, now)));
            for (CodeClusters.Connection connection : code.started()) {
                // A project's cluster (whose JobManager its own code may reach) speaks for its own launches only: it
                // cannot take over a launch another cluster lists.
                overview(connection.client()).forEach((id, job) -> {
                    if (seen.putIfAbsent(id, job) == null) {
                        where.put(id, new Where(connection.client(), now));
                    }
                });
            }
            where.entrySet().removeIf(entry -> !seen.containsKey(entry.getKey())
                    && now - entry.getValue().since() > Where.ON_ITS_WAY);
        }
        return seen;
    }

    private Map<RuntimeJobId, ObservedJob> overview() {
        return overview(readyClient());
    }

    /** The cluster that has {@code id}, as the last look saw; the local cluster when none has been seen to. */
    private RestClusterClient<String> clientOf(RuntimeJobId id) {
        Where known = where.get(id);
        return known != null ? known.client() : client;
    }

    private Map<RuntimeJobId, ObservedJob> overview(RestClusterClient<String> flink) {
        Iterable<JobDetails> jobs;
        try {
            jobs = flink.sendRequest(JobsOverviewHeaders.getInstance(), EmptyMessageParameters.getInstance(),
                    EmptyRequestBody.getInstance()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getJobs();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while asking Flink for its jobs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RuntimeUnavailableException("cannot ask the Flink cluster at " + rest + " for its jobs: "
                    + RootCauses.describe(e), e);
        }
        Map<RuntimeJobId, ObservedJob> observed = new HashMap<>();
        for (JobDetails job : jobs) {
            RuntimeJobId id = new RuntimeJobId(job.getJobId().toHexString());
            observed.put(id, new ObservedJob(id, state(job.getStatus()), allTasksRunning(job)));
        }
        return observed;
    }

    /**
     * Flink says RUNNING as soon as it schedules a job, while its tasks may still wait for slots (FLINK-34906): a job
     * runs when every task runs (or has finished) and no operator is still to come.
     */
    private static boolean allTasksRunning(JobDetails job) {
        int[] tasks = job.getTasksPerState();
        int running = tasks[ExecutionState.RUNNING.ordinal()] + tasks[ExecutionState.FINISHED.ordinal()];
        return job.getStatus() == JobStatus.RUNNING && job.getNumTasks() > 0 && running == job.getNumTasks()
                && job.getPendingOperators() == 0;
    }

    private static ObservedJob.State state(JobStatus status) {
        return switch (status) {
            case INITIALIZING, CREATED, RECONCILING -> ObservedJob.State.STARTING;
            case RUNNING -> ObservedJob.State.RUNNING;
            case FAILING, RESTARTING -> ObservedJob.State.FAILING;
            case FAILED -> ObservedJob.State.FAILED;
            case CANCELLING -> ObservedJob.State.CANCELLING;
            case CANCELED -> ObservedJob.State.CANCELED;
            case FINISHED -> ObservedJob.State.FINISHED;
            case SUSPENDED -> ObservedJob.State.SUSPENDED;
        };
    }

    /**
     * Why the job failed: the root cause of the latest entry of its exception history. It failed before it ever ran
     * when Flink never put it in RUNNING (it could not even be set up, e.g. its state could not be restored).
     */
    @Override
    public Failure failure(RuntimeJobId id) {
        readyClient();
        RestClusterClient<String> flink = clientOf(id);
        JobID job = JobID.fromHexString(id.value());
        try {
            JobExceptionsMessageParameters parameters = new JobExceptionsMessageParameters();
            parameters.jobPathParameter.resolve(job);
            JobExceptionsInfoWithHistory exceptions = flink.sendRequest(JobExceptionsHeaders.getInstance(), parameters,
                    EmptyRequestBody.getInstance()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var entries = exceptions.getExceptionHistory().getEntries();
            String cause = entries.isEmpty() ? FlinkFailures.rootCauseOfTrace(null)
                    : FlinkFailures.rootCauseOfTrace(entries.get(0).getStacktrace());
            Long running = flink.getJobDetails(job).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getTimestamps().get(JobStatus.RUNNING);
            return new Failure(cause, running == null || running == 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while asking Flink why a job failed", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RuntimeUnavailableException("cannot ask Flink why job " + id + " failed: "
                    + RootCauses.describe(e), e);
        }
    }

    @Override
    public CompletableFuture<String> stopWithSavepoint(RuntimeJobId id, ProjectId projectId, JobId jobId,
                                                      Duration timeout) {
        RestClusterClient<String> flink = clientOf(id);
        if (flink == null || notReady != null) {
            return CompletableFuture.failedFuture(new RuntimeUnavailableException(String.valueOf(notReady)));
        }
        return flink.stopWithSavepoint(JobID.fromHexString(id.value()), false,
                        settings.savepointsOf(projectId.value(), jobId.value()), SavepointFormatType.CANONICAL)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<String> triggerSavepoint(RuntimeJobId id, URI directory, Duration timeout) {
        RestClusterClient<String> flink = clientOf(id);
        if (flink == null || notReady != null) {
            return CompletableFuture.failedFuture(new RuntimeUnavailableException(String.valueOf(notReady)));
        }
        return flink.triggerSavepoint(JobID.fromHexString(id.value()), directory.toString(),
                        SavepointFormatType.CANONICAL)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public URI savepointStorage() {
        return settings.savepoints();
    }

    @Override
    public Optional<String> unreadableSavepoint(URI savepoint) {
        try {
            org.apache.flink.core.fs.Path directory = new org.apache.flink.core.fs.Path(savepoint);
            FileSystem fileSystem = directory.getFileSystem();
            if (!fileSystem.exists(directory)) {
                return Optional.of("it does not exist");
            }
            if (!fileSystem.getFileStatus(directory).isDir()) {
                return Optional.of("it is not a directory");
            }
            if (!fileSystem.exists(new org.apache.flink.core.fs.Path(directory, "_metadata"))) {
                return Optional.of("it holds no _metadata file, so it is not a complete savepoint");
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of("it cannot be read: " + RootCauses.describe(e));
        }
    }

    @Override
    public void deleteSavepoint(String savepoint) throws java.io.IOException {
        deleteDirectory(savepoint);
    }

    /**
     * Deletes a job's state. A local directory is deleted without following a symbolic link anywhere in it (a link is
     * deleted as the link it is): the service may run as root, and these directories belong to the users jobs run as,
     * whose code could have put a link there to a place of the service's.
     */
    private static void deleteDirectory(String location) throws java.io.IOException {
        org.apache.flink.core.fs.Path directory = new org.apache.flink.core.fs.Path(location);
        URI uri = directory.toUri();
        if (uri.getScheme() == null || "file".equalsIgnoreCase(uri.getScheme())) {
            LocalFiles.deleteWithoutFollowingLinks(java.nio.file.Path.of(uri.getPath()));
            return;
        }
        FileSystem fileSystem = directory.getFileSystem();
        if (fileSystem.exists(directory)) {
            fileSystem.delete(directory, true);
        }
    }

    @Override
    public void checkCode(ProjectId projectId, JobDefinition definition) {
        submitter.checkJars(projectId, definition);
    }

    @Override
    public void deleteJobState(ProjectId projectId, JobId jobId) throws java.io.IOException {
        deleteDirectory(settings.checkpointsOf(projectId.value(), jobId.value()));
        deleteDirectory(settings.savepointsOf(projectId.value(), jobId.value()));
    }

    @Override
    public String version() {
        return "Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
    }

    @Override
    public CompletableFuture<Void> cancel(RuntimeJobId id) {
        RestClusterClient<String> flink = clientOf(id);
        if (flink == null || notReady != null) {
            return CompletableFuture.failedFuture(new RuntimeUnavailableException(String.valueOf(notReady)));
        }
        return flink.cancel(JobID.fromHexString(id.value())).thenApply(acknowledged -> null);
    }

    /**
     * The highest-numbered {@code chk-N} of the launch that holds a {@code _metadata} file: a completed checkpoint
     * (Flink writes the metadata last).
     */
    @Override
    public Optional<String> latestCheckpoint(ProjectId projectId, JobId jobId, RuntimeJobId launch) {
        try {
            org.apache.flink.core.fs.Path directory = new org.apache.flink.core.fs.Path(
                    settings.checkpointsOf(projectId.value(), jobId.value()) + "/" + launch.value());
            FileSystem fileSystem = directory.getFileSystem();
            if (!fileSystem.exists(directory)) {
                return Optional.empty();
            }
            FileStatus[] entries = fileSystem.listStatus(directory);
            if (entries == null) {
                return Optional.empty();
            }
            Optional<org.apache.flink.core.fs.Path> latest = java.util.Arrays.stream(entries)
                    .filter(FileStatus::isDir)
                    .map(FileStatus::getPath)
                    .filter(path -> CHECKPOINT.matcher(path.getName()).matches())
                    .filter(path -> exists(fileSystem, new org.apache.flink.core.fs.Path(path, "_metadata")))
                    .max(Comparator.comparingLong(path -> number(path.getName())));
            return latest.map(org.apache.flink.core.fs.Path::toString);
        } catch (Exception e) {
            LOG.warn("Cannot look for the checkpoints of job {} of project {}: {}", jobId, projectId, e.toString());
            return Optional.empty();
        }
    }

    /** Cancels every job of the embedded cluster that has not ended, and waits (ten seconds at most) until they have. */
    private void cancelAll(RestClusterClient<String> flink) {
        try {
            for (ObservedJob job : overview(flink).values()) {
                if (!job.state().isTerminal()) {
                    flink.cancel(JobID.fromHexString(job.id().value()));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline
                    && overview(flink).values().stream().anyMatch(job -> !job.state().isTerminal())) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not cancel the embedded cluster's jobs before stopping it: {}", e.toString());
        }
    }

    private static boolean exists(FileSystem fileSystem, org.apache.flink.core.fs.Path path) {
        try {
            return fileSystem.exists(path);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static long number(String checkpoint) {
        Matcher matcher = CHECKPOINT.matcher(checkpoint);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private RestClusterClient<String> readyClient() {
        String why = notReady;
        RestClusterClient<String> flink = client;
        if (why != null || flink == null) {
            throw new RuntimeUnavailableException(closed ? "Flink is stopped" : String.valueOf(why));
        }
        return flink;
    }

    /** The REST address jobs are submitted to: for tests and benchmarks that compare with Flink itself. */
    public Optional<URI> restAddress() {
        return Optional.ofNullable(rest);
    }

    /**
     * Stops following the cluster. An embedded one stops, and its jobs with it: they are cancelled first (an orderly
     * end, rather than tasks failing as the cluster goes away), and keep their checkpoints (they are retained on
     * cancellation), from which the next start of the service resumes them. A remote cluster's jobs go on running.
     */
    @Override
    public void close() {
        RestClusterClient<String> flink = client;
        if ((embedded != null || local != null) && flink != null && notReady == null) {
            cancelAll(flink);
        }
        if (code != null) {
            for (CodeClusters.Connection connection : code.started()) {
                cancelAll(connection.client());
            }
            code.close();
        }
        closed = true;
        notReady = "Flink is stopped";
        Thread thread = starter;
        if (thread != null) {
            thread.interrupt();
        }
        if (flink != null) {
            flink.close();
        }
        LocalFlinkCluster processes = local;
        if (processes != null) {
            processes.close();
        }
        EmbeddedCluster cluster = embedded;
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                LOG.warn("The embedded Flink cluster did not stop cleanly: {}", e.toString());
            }
        }
    }
}
