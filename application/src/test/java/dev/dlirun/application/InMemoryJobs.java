package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.run.RunDecision;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake backend for service tests: both ports over a map, with an atomic check-and-submit per job. */
final class InMemoryJobs implements JobLookup, JobSubmission {

    private record Key(ProjectId project, JobId id) {
    }

    private final Map<Key, Job> jobs = new ConcurrentHashMap<>();
    final List<JobId> submittedIds = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<List<JobId>> lookupCalls = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<StartMode> submittedModes = java.util.Collections.synchronizedList(new ArrayList<>());

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
    public Map<JobId, RunOutcome> submit(ProjectId project, List<Job> toStart, StartMode mode, Deadline deadline) {
        Map<JobId, RunOutcome> outcomes = new HashMap<>();
        for (Job job : toStart) {
            Key key = new Key(project, job.id());
            RunOutcome[] outcome = new RunOutcome[1];
            jobs.compute(key, (k, current) -> {
                RunDecision decision = RunRules.decide(job.id(), Optional.ofNullable(current), mode);
                if (decision instanceof RunDecision.Refuse refuse) {
                    outcome[0] = refuse.outcome();
                    return current;
                }
                outcome[0] = new RunOutcome.Submitted(job.id());
                submittedIds.add(job.id());
                submittedModes.add(mode);
                return new Job(project, job.id(), JobStatus.JOB_SUBMITTING, current.hasSavepoint());
            });
            outcomes.put(job.id(), outcome[0]);
        }
        return outcomes;
    }
}
