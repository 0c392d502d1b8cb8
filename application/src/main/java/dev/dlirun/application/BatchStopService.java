package dev.dlirun.application;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.port.in.BatchStopJobs;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.stop.StopOutcome;
import dev.dlirun.domain.stop.StopRules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops a batch: looks the distinct jobs up once, lets {@link StopRules} decide each, stops the stoppable ones in one
 * call, and answers one outcome per requested id in the caller's order.
 */
public final class BatchStopService implements BatchStopJobs {

    private final JobLookup lookup;
    private final JobStopping stopping;
    private final int maxBatchSize;
    private final Duration budget;

    /**
     * @param maxBatchSize the most ids one request may name, repetitions included
     * @param budget       how long one request may take, backend calls included
     */
    public BatchStopService(JobLookup lookup, JobStopping stopping, int maxBatchSize, Duration budget) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, not " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public List<StopOutcome> stop(BatchStopCommand command) {
        List<JobId> distinct = JobBatches.distinct(command.jobIds(), maxBatchSize);
        Deadline deadline = Deadline.after(budget);
        ProjectId project = command.projectId();
        Map<JobId, JobLookupResult> found = JobBatches.lookUp(lookup, project, distinct, deadline);

        Map<JobId, StopOutcome> outcomes = new HashMap<>();
        List<Job> stoppable = new ArrayList<>();
        for (JobId id : distinct) {
            JobLookupResult result = found.get(id);
            if (result instanceof JobLookupResult.Unavailable) {
                outcomes.put(id, new StopOutcome.BackendUnavailable(id));
            } else if (result instanceof JobLookupResult.Refused refused) {
                outcomes.put(id, new StopOutcome.BackendRefused(id, refused.reason()));
            } else {
                Optional<Job> job = result instanceof JobLookupResult.Found f ? Optional.of(f.job()) : Optional.empty();
                Optional<StopOutcome> refusal = StopRules.refusal(id, job, command.triggerSavepoint());
                refusal.ifPresentOrElse(outcome -> outcomes.put(id, outcome), () -> stoppable.add(job.orElseThrow()));
            }
        }
        if (!stoppable.isEmpty()) {
            outcomes.putAll(stop(project, stoppable, command.triggerSavepoint(), deadline));
        }
        return command.jobIds().stream().map(outcomes::get).toList();
    }

    private Map<JobId, StopOutcome> stop(ProjectId project, List<Job> jobs, boolean withSavepoint, Deadline deadline) {
        List<JobId> ids = jobs.stream().map(Job::id).toList();
        Map<JobId, StopOutcome> stopped;
        try {
            stopped = stopping.stop(project, jobs, withSavepoint, deadline);
        } catch (BackendUnavailableException e) {
            // The lookups worked, so this is a partial failure: each job answers "false" rather than the batch 503.
            Map<JobId, StopOutcome> unavailable = new HashMap<>();
            ids.forEach(id -> unavailable.put(id, new StopOutcome.BackendUnavailable(id)));
            return unavailable;
        }
        JobBatches.requireOneAnswerEach("JobStopping", ids, stopped);
        return stopped;
    }
}
