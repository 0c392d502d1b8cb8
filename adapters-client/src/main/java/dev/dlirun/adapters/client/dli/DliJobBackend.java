package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobSavepoints;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDefinitions;
import dev.dlirun.domain.port.out.JobTemplates;
import dev.dlirun.domain.port.out.JobTransfers;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobVersions;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.port.out.SavepointControl;
import dev.dlirun.domain.port.out.JobGraphs;
import dev.dlirun.domain.graph.GraphCheck;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The backend that is Huawei Cloud DLI itself: lookups are job-detail GETs, submissions are batch-run POSTs, all
 * authenticated, run in parallel on a bounded pool, and held to the request's deadline.
 *
 * <p>Retries follow what is safe. A lookup is retried, with exponential backoff and jitter, on connection errors,
 * timeouts, 429 (after its {@code Retry-After}) and 502/503/504. A batch run is retried only when it provably never
 * reached DLI (the connection was refused or never established); after anything else its jobs answer
 * {@link JobOutcome.Uncertain}, so that nothing is ever submitted twice.
 *
 * <p>This class answers the ports and keeps the start-up warm-up; the work is in {@link DliLookups},
 * {@link DliBatches}, {@link DliWaits}, {@link DliSavepoints} and {@link DliDefinitions}, all calling DLI through
 * {@link DliCalls}.
 */
public final class DliJobBackend implements JobLookup, JobSubmission, JobStopping, SavepointControl, JobDetailLookup,
        dev.dlirun.domain.port.out.JobInsight,
        JobDefinitions,
        JobStateWatch, BackendProbe, JobTemplates, JobTransfers, JobGraphs, JobVersions,
        dev.dlirun.domain.port.out.JobStateChecks, dev.dlirun.domain.port.out.JobUpgrades, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DliJobBackend.class);

    private final DliSettings settings;
    private final Clock clock;
    private final DliCalls calls;
    private final DliLookups lookups;
    private final DliBatches batches;
    private final DliWaits waits;
    private final DliSavepoints savepoints;
    private final DliGraphs graphs;
    private final DliDefinitions definitions;
    private final DliTemplates templates;
    private final DliTransfers transfers;
    private final DliInsight insight;

    public DliJobBackend(DliSettings settings, Clock clock) {
        this(settings, clock, new SimpleMeterRegistry());
    }

    /** @param meters where calls to DLI are counted and timed: {@code dlirun.backend.calls}, {@code dlirun.backend.retries} */
    public DliJobBackend(DliSettings settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.calls = new DliCalls(settings, clock, meters);
        this.lookups = new DliLookups(calls);
        this.batches = new DliBatches(calls);
        this.waits = new DliWaits(calls, lookups);
        this.savepoints = new DliSavepoints(calls);
        this.graphs = new DliGraphs(calls);
        this.definitions = new DliDefinitions(calls, batches);
        this.templates = new DliTemplates(calls);
        this.transfers = new DliTransfers(calls);
        this.insight = new DliInsight(calls);
    }

    /** Lookups the start-up warm-up rehearses: enough for the JIT to compile a batch's path. */
    private static final int WARM_UP_LOOKUPS = 1000;

    /** Whether {@link #warmUp} is under way: the instance is not ready until it ends. */
    private volatile boolean warmingUp;

    /**
     * Has the JIT compile what a batch does (signing, the pool of calls, the HTTP client, reading DLI's answers) before
     * the first caller needs it: batches of lookups and runs rehearsed against canned answers on loopback (see
     * {@link DliWarmUp}), on a thread of its own; nothing is sent to DLI. Answers at once; until the rehearsal ends
     * (about two seconds on two cores), {@link #probe} says the instance is not ready, so that traffic sent by readiness finds it warm.
     */
    public void warmUp() {
        warmingUp = true;
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                int calls = warmUpNow(WARM_UP_LOOKUPS);
                LOG.debug("The DLI client warmed up in {} ms ({} calls rehearsed on loopback)",
                        (System.nanoTime() - start) / 1_000_000, calls);
            } catch (RuntimeException e) {
                LOG.warn("The DLI client's warm-up failed; the first batches may be slower: {}", e.toString());
            } finally {
                warmingUp = false;
            }
        }, "dli-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * {@link #warmUp}'s work, about {@code lookups} lookups of it (and their batches' runs), on the caller's thread;
     * answers how many calls the rehearsal's loopback DLI answered.
     *
     * @throws UncheckedIOException when no loopback address can be listened on
     */
    public int warmUpNow(int lookups) {
        try {
            return DliWarmUp.rehearse(settings, clock, lookups);
        } catch (IOException e) {
            throw new UncheckedIOException("the warm-up could not listen on loopback: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------- lookups

    @Override
    public Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
        return lookups.findJobs(projectId, jobIds, deadline);
    }

    @Override
    public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
        return lookups.findJob(projectId, id, deadline);
    }

    /**
     * Asks DLI for the detail of job 1 in the probe project, signed like every call: DLI answering at all, and not
     * with 401/403, means this instance can serve. Without a probe project, any answer below 500 will do. While the
     * start-up warm-up runs, the instance is not ready, and DLI is not asked.
     */
    @Override
    public void probe(Deadline deadline) {
        if (warmingUp) {
            throw new BackendUnavailableException("the DLI client is warming up (it ends a few seconds after start)");
        }
        lookups.probe(deadline);
    }

    // ---------------------------------------------------------------------------------- submissions and stops

    @Override
    public Map<JobId, JobOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline) {
        if (mode.allowsNonRestoredState()) {
            // DLI's batch run takes resume_savepoint only: the choice cannot be passed on, and is not dropped silently.
            throw new dev.dlirun.domain.model.OperationNotAllowedException("DLI's batch run has no "
                    + "allow_non_restored_state: it is an extension of this service's local engine, not available in "
                    + "front of DLI.");
        }
        return batches.submit(projectId, jobs, mode, deadline);
    }

    /** Stops go to DLI's batch stop as runs go to its batch run: in chunks, in parallel, never blindly retried. */
    @Override
    public Map<JobId, JobOutcome> stop(ProjectId projectId, List<Job> jobs, StopMode mode, Deadline deadline) {
        return batches.stop(projectId, jobs, mode, deadline);
    }

    // ----------------------------------------------------------------------------------------------- waiting

    /** Polls DLI until the jobs of {@code waitFor} settle (see {@link DliWaits#awaitSettled}). */
    @Override
    public CompletionStage<Map<JobId, JobState>> awaitSettled(ProjectId projectId, Collection<JobId> report,
                                                              Collection<JobId> waitFor, Settling settling,
                                                              Duration atMost) {
        return waits.awaitSettled(projectId, report, waitFor, settling, atMost);
    }

    // ------------------------------------------------------------------------------------- a job at work

    @Override
    public dev.dlirun.domain.insight.ExecutionGraph executionGraph(ProjectId projectId, JobId id, Deadline deadline) {
        return insight.executionGraph(projectId, id, deadline);
    }

    @Override
    public Map<JobId, dev.dlirun.domain.insight.JobMetrics> metrics(ProjectId projectId, List<JobId> ids,
                                                                    Deadline deadline) {
        return insight.metrics(projectId, ids, deadline);
    }

    @Override
    public dev.dlirun.domain.insight.JobExceptions exceptions(ProjectId projectId, JobId id, Deadline deadline) {
        throw DliInsight.noSuchOperation("exception history");
    }

    @Override
    public dev.dlirun.domain.insight.JobCheckpoints checkpoints(ProjectId projectId, JobId id, Deadline deadline) {
        throw DliInsight.noSuchOperation("checkpoints");
    }

    // ------------------------------------------------------------------------------------------- savepoints

    @Override
    public void triggerSavepoint(ProjectId projectId, JobId id, Optional<String> directory, Deadline deadline) {
        savepoints.triggerSavepoint(projectId, id, directory, deadline);
    }

    @Override
    public void importSavepoint(ProjectId projectId, JobId id, String path, Deadline deadline) {
        savepoints.importSavepoint(projectId, id, path, deadline);
    }

    /** DLI keeps no versions of a job's definition: they are the local engine's extension. */
    @Override
    public VersionPage versions(VersionQuery query, Deadline deadline) {
        throw DliInsight.noSuchOperation("versions");
    }

    /** DLI keeps no versions of a job's definition: they are the local engine's extension. */
    @Override
    public JobVersion version(ProjectId projectId, JobId id, int version, Deadline deadline) {
        throw DliInsight.noSuchOperation("versions");
    }

    /** DLI keeps no versions of a job's definition, so it has none to roll back to. */
    @Override
    public JobVersion rollback(ProjectId projectId, JobId id, int version, Deadline deadline) {
        throw DliInsight.noSuchOperation("versions");
    }

    /** DLI has no operation that lists a job's savepoints: the history is the local engine's extension. */
    @Override
    public JobSavepoints history(ProjectId projectId, JobId id, Deadline deadline) {
        throw DliInsight.noSuchOperation("savepoint history");
    }

    /** DLI has no state compatibility check: it is the local engine's extension. */
    @Override
    public dev.dlirun.domain.state.StateCheckResult checkState(ProjectId projectId, JobId id,
                                                               dev.dlirun.domain.state.StateCheckRequest request,
                                                               Deadline deadline) {
        throw DliInsight.noSuchOperation("state compatibility check");
    }

    /** DLI has no one-call upgrade: it is the local engine's extension. */
    @Override
    public dev.dlirun.domain.upgrade.JobUpgrade startUpgrade(ProjectId projectId, JobId id,
                                                             dev.dlirun.domain.upgrade.UpgradeRequest request,
                                                             Deadline deadline) {
        throw DliInsight.noSuchOperation("one-call upgrade");
    }

    /** DLI has no one-call upgrade, so no upgrade to show. */
    @Override
    public Optional<dev.dlirun.domain.upgrade.JobUpgrade> findUpgrade(ProjectId projectId, JobId id,
                                                                      dev.dlirun.domain.upgrade.UpgradeId upgradeId,
                                                                      Deadline deadline) {
        throw DliInsight.noSuchOperation("one-call upgrade");
    }

    /** DLI has no one-call upgrade, so no latest one. */
    @Override
    public Optional<dev.dlirun.domain.upgrade.JobUpgrade> latestUpgrade(ProjectId projectId, JobId id,
                                                                        Deadline deadline) {
        throw DliInsight.noSuchOperation("one-call upgrade");
    }

    /** DLI has no one-call upgrade, so none to wait for. */
    @Override
    public java.util.concurrent.CompletionStage<dev.dlirun.domain.upgrade.JobUpgrade> awaitUpgrade(
            ProjectId projectId, JobId id, dev.dlirun.domain.upgrade.UpgradeId upgradeId,
            java.time.Duration atMost) {
        throw DliInsight.noSuchOperation("one-call upgrade");
    }

    /** DLI's own check of the job's SQL, forwarded; a script DLI does not plan is its verdict, not a failure. */
    @Override
    public GraphVerdict graph(ProjectId projectId, JobId id, GraphCheck check, Deadline deadline) {
        return graphs.graph(projectId, id, check, deadline);
    }

    // ---------------------------------------------------------------------------------------- job definitions

    @Override
    public NewJob create(ProjectId projectId, JobType type, JobFields fields, Deadline deadline) {
        return definitions.create(projectId, type, fields, deadline);
    }

    /** An update is a merge at DLI too: what the caller set is forwarded, nothing else. PUT is idempotent. */
    @Override
    public dev.dlirun.domain.definition.JobUpdate update(ProjectId projectId, JobId id, boolean jarEndpoint,
                                                        JobFields changes, Deadline deadline) {
        return dev.dlirun.domain.definition.JobUpdate.at(definitions.update(projectId, id, jarEndpoint, changes,
                deadline));
    }

    @Override
    public JobPage list(JobQuery query, Deadline deadline) {
        return definitions.list(query, deadline);
    }

    /**
     * One job: DLI's per-job delete (a job it does not have is {@link JobOutcome.NotFound}); more: its batch
     * delete, in chunks as runs go, never blindly retried.
     */
    @Override
    public Map<JobId, JobOutcome> delete(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        return definitions.delete(projectId, ids, deadline);
    }

    @Override
    public JobTemplate create(ProjectId projectId, NewTemplate template, Deadline deadline) {
        return templates.create(projectId, template, deadline);
    }

    @Override
    public TemplatePage list(TemplateQuery query, Deadline deadline) {
        return templates.list(query, deadline);
    }

    @Override
    public void update(ProjectId projectId, TemplateId id, TemplateChanges changes, Deadline deadline) {
        templates.update(projectId, id, changes, deadline);
    }

    @Override
    public void delete(ProjectId projectId, TemplateId id, Deadline deadline) {
        templates.delete(projectId, id, deadline);
    }

    @Override
    public List<String> export(ExportRequest request, Deadline deadline) {
        return transfers.export(request, deadline);
    }

    @Override
    public List<ImportedJob> importJobs(ImportRequest request, Deadline deadline) {
        return transfers.importJobs(request, deadline);
    }

    @Override
    public void close() {
        waits.close();
        calls.close();
    }
}
