package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.BackendProbe;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.run.RunDecision;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The embedded job engine, the default backend. It answers at once, well within any deadline: jobs live in a {@link JobCatalogue} and are started by a
 * {@link JobLauncher}. Checking a job and marking it {@code job_submitting} is one atomic catalogue update, so a
 * job named by concurrent batches is launched once.
 */
public final class LocalJobEngine implements JobLookup, JobSubmission, JobDetailLookup, BackendProbe, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobEngine.class);

    private final JobCatalogue catalogue;
    private final JobLauncher launcher;
    private final Clock clock;
    private final JobLauncher.Listener launches = new LaunchReports();

    public LocalJobEngine(JobCatalogue catalogue, JobLauncher launcher, Clock clock) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Launches again the jobs a previous run of the service acknowledged but did not get running before it stopped:
     * they are still {@code job_submitting} in a durable catalogue. Answers how many.
     */
    public int resumeInterruptedLaunches() {
        List<LocalJob> submitting = catalogue.inStatus(JobStatus.JOB_SUBMITTING);
        for (LocalJob job : submitting) {
            StartMode mode = job.resumedFromSavepoint() ? StartMode.RESUME_FROM_LATEST_SAVEPOINT : StartMode.FRESH;
            launcher.launch(job, mode, launches);
        }
        int resumed = submitting.size();
        if (resumed > 0) {
            LOG.info("Launching again {} jobs that were submitting when the service last stopped", resumed);
        }
        return resumed;
    }

    @Override
    public Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
        Map<JobId, LocalJob> found = catalogue.findAll(projectId, jobIds);
        Map<JobId, JobLookupResult> results = new HashMap<>(jobIds.size() * 2);
        for (JobId id : jobIds) {
            LocalJob job = found.get(id);
            results.put(id, job == null ? JobLookupResult.MISSING : new JobLookupResult.Found(job.toJob()));
        }
        return results;
    }

    /**
     * Claims every job the rules let start (moving it to {@code job_submitting}) in one step of the catalogue, made
     * durable before anything is launched; then launches those.
     */
    @Override
    public Map<JobId, RunOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline) {
        List<JobId> ids = jobs.stream().map(Job::id).toList();
        // The change may run more than once for a job: the last run's decision is the one stored.
        Map<JobId, RunOutcome> refusals = new HashMap<>();
        Instant now = clock.instant();
        Map<JobId, LocalJob> stored = catalogue.updateAll(projectId, ids, current -> {
            RunDecision decision = RunRules.decide(current.id(), Optional.of(current.toJob()), mode);
            if (decision instanceof RunDecision.Refuse refuse) {
                refusals.put(current.id(), refuse.outcome());
                return current;
            }
            refusals.remove(current.id());
            return current.submitting(mode, now);
        });
        Map<JobId, RunOutcome> outcomes = new HashMap<>(ids.size() * 2);
        List<LocalJob> claimed = new ArrayList<>(ids.size());
        for (JobId id : ids) {
            LocalJob job = stored.get(id);
            if (job == null) {
                outcomes.put(id, new RunOutcome.NotFound(id));
            } else if (refusals.containsKey(id)) {
                outcomes.put(id, refusals.get(id));
            } else {
                claimed.add(job);
            }
        }
        outcomes.putAll(launch(projectId, claimed, mode));
        return outcomes;
    }

    @Override
    public void probe(Deadline deadline) {
        try {
            catalogue.ping();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("the local engine's catalogue cannot be used", e);
        }
    }

    @Override
    public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
        return catalogue.find(projectId, id).map(LocalJob::toDetail);
    }

    /** Launches the claimed jobs together; if the launcher cannot take them, marks them failed and says so. */
    private Map<JobId, RunOutcome> launch(ProjectId projectId, List<LocalJob> claimed, StartMode mode) {
        Map<JobId, RunOutcome> outcomes = new HashMap<>(claimed.size() * 2);
        if (claimed.isEmpty()) {
            return outcomes;
        }
        try {
            launcher.launchAll(claimed, mode, launches);
            claimed.forEach(job -> outcomes.put(job.id(), new RunOutcome.Submitted(job.id())));
        } catch (RuntimeException e) {
            List<JobId> ids = claimed.stream().map(LocalJob::id).toList();
            LOG.error("Could not launch jobs {} of project {}", ids, projectId, e);
            Instant now = clock.instant();
            catalogue.updateAll(projectId, ids, whileSubmitting(job -> job.submitFailed(now)));
            ids.forEach(id -> outcomes.put(id, new RunOutcome.BackendRefused(id,
                    "Job " + id + " could not be launched by the local engine.")));
        }
        return outcomes;
    }

    @Override
    public void close() {
        launcher.close();
    }

    /** Moves launched jobs on, unless something else changed them meanwhile. */
    private final class LaunchReports implements JobLauncher.Listener {
        @Override
        public void running(ProjectId projectId, JobId id, Instant at) {
            allRunning(projectId, List.of(id), at);
        }

        @Override
        public void allRunning(ProjectId projectId, List<JobId> ids, Instant at) {
            catalogue.updateAll(projectId, ids, whileSubmitting(job -> job.running(at)));
        }

        @Override
        public void failed(ProjectId projectId, JobId id, String reason, Instant at) {
            LOG.warn("Job {} of project {} failed to launch: {}", id, projectId, reason);
            catalogue.update(projectId, id, whileSubmitting(job -> job.submitFailed(at)));
        }
    }

    /** {@code change}, made only to a job still {@code job_submitting}: a launch's news must not undo a later change. */
    private static UnaryOperator<LocalJob> whileSubmitting(UnaryOperator<LocalJob> change) {
        return job -> job.status() == JobStatus.JOB_SUBMITTING ? change.apply(job) : job;
    }
}
