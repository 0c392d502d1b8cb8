package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.stop.StopRules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake backend for service tests: three ports over a map, with an atomic check-and-submit (or stop) per job. */
final class InMemoryJobs implements JobLookup, JobSubmission, JobStopping {

    private record Key(ProjectId project, JobId id) {
    }

    private final Map<Key, Job> jobs = new ConcurrentHashMap<>();
    final List<JobId> submittedIds = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<List<JobId>> lookupCalls = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<StartMode> submittedModes = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<JobId> stoppedIds = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<StopMode> stopModes = java.util.Collections.synchronizedList(new ArrayList<>());

    InMemoryJobs with(ProjectId project, long id, JobStatus status, boolean hasSavepoint) {
        jobs.put(new Key(project, JobId.of(id)), new Job(project, JobId.of(id), status, hasSavepoint));
        return this;
    }

    JobStatus statusOf(ProjectId project, long id) {
        return jobs.get(new Key(project, JobId.of(id))).status();
    }

    @Override
    public Map<JobId, JobLookupResult> findJobs(ProjectId project, List<JobId> ids, Deadline deadline) {
        lookupCalls.add(ids);
        Map<JobId, JobLookupResult> results = new HashMap<>();
        for (JobId id : ids) {
            Job job = jobs.get(new Key(project, id));
            results.put(id, job == null ? JobLookupResult.MISSING : new JobLookupResult.Found(job));
        }
        return results;
    }

    @Override
    public Map<JobId, JobOutcome> submit(ProjectId project, List<Job> toStart, StartMode mode, Deadline deadline) {
        Map<JobId, JobOutcome> outcomes = new HashMap<>();
        for (Job job : toStart) {
            Key key = new Key(project, job.id());
            JobOutcome[] outcome = new JobOutcome[1];
            jobs.compute(key, (k, current) -> {
                Decision decision = RunRules.decide(job.id(), Optional.ofNullable(current), mode);
                if (decision instanceof Decision.Refuse refuse) {
                    outcome[0] = refuse.outcome();
                    return current;
                }
                outcome[0] = new JobOutcome.Delivered(JobOperation.RUN, job.id());
                submittedIds.add(job.id());
                submittedModes.add(mode);
                return new Job(project, job.id(), JobStatus.JOB_SUBMITTING, current.hasSavepoint());
            });
            outcomes.put(job.id(), outcome[0]);
        }
        return outcomes;
    }

    @Override
    public Map<JobId, JobOutcome> stop(ProjectId project, List<Job> toStop, StopMode mode, Deadline deadline) {
        Map<JobId, JobOutcome> outcomes = new HashMap<>();
        for (Job job : toStop) {
            JobOutcome[] outcome = new JobOutcome[1];
            jobs.compute(new Key(project, job.id()), (k, current) -> {
                if (StopRules.decide(job.id(), Optional.ofNullable(current), mode) instanceof Decision.Refuse refuse) {
                    outcome[0] = refuse.outcome();
                    return current;
                }
                outcome[0] = new JobOutcome.Delivered(JobOperation.STOP, job.id());
                stoppedIds.add(job.id());
                stopModes.add(mode);
                return new Job(project, job.id(), mode.takesSavepoint() ? JobStatus.JOB_SAVEPOINTING
                        : JobStatus.JOB_CANCELING, current.hasSavepoint());
            });
            outcomes.put(job.id(), outcome[0]);
        }
        return outcomes;
    }
}
