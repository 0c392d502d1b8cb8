package dev.dlirun.application;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.run.RunDecision;
import dev.dlirun.domain.run.RunOutcome;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a batch: looks the distinct jobs up once, lets {@link RunRules} decide each, submits the startable ones
 * in one call, and answers one outcome per requested id in the caller's order.
 */
public final class BatchRunService implements BatchRunJobs {

    private final JobLookup lookup;
    private final JobSubmission submission;
    private final int maxBatchSize;
    private final Duration budget;

    /**
     * @param maxBatchSize the most ids one request may name, repetitions included
     * @param budget       how long one request may take, backend calls included
     */
    public BatchRunService(JobLookup lookup, JobSubmission submission, int maxBatchSize, Duration budget) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.submission = Objects.requireNonNull(submission, "submission");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, not " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public List<RunOutcome> run(BatchRunCommand command) {
        List<JobId> distinct = JobBatches.distinct(command.jobIds(), maxBatchSize);
        Deadline deadline = Deadline.after(budget);
        ProjectId project = command.projectId();
        Map<JobId, JobLookupResult> found = JobBatches.lookUp(lookup, project, distinct, deadline);

        Map<JobId, RunOutcome> outcomes = new HashMap<>();
        List<Job> startable = new ArrayList<>();
        for (JobId id : distinct) {
            JobLookupResult result = found.get(id);
            if (result instanceof JobLookupResult.Unavailable) {
                outcomes.put(id, new RunOutcome.BackendUnavailable(id));
                continue;
            }
            if (result instanceof JobLookupResult.Refused refused) {
                outcomes.put(id, new RunOutcome.BackendRefused(id, refused.reason()));
                continue;
            }
            Optional<Job> job = result instanceof JobLookupResult.Found f ? Optional.of(f.job()) : Optional.empty();
            RunDecision decision = RunRules.decide(id, job, command.startMode());
            if (decision instanceof RunDecision.Start start) {
                startable.add(start.job());
            } else {
                outcomes.put(id, ((RunDecision.Refuse) decision).outcome());
            }
        }
        if (!startable.isEmpty()) {
            outcomes.putAll(submit(project, startable, command.startMode(), deadline));
        }
        return command.jobIds().stream().map(outcomes::get).toList();
    }

    private Map<JobId, RunOutcome> submit(ProjectId project, List<Job> jobs, StartMode mode, Deadline deadline) {
        List<JobId> ids = jobs.stream().map(Job::id).toList();
        Map<JobId, RunOutcome> submitted;
        try {
            submitted = submission.submit(project, jobs, mode, deadline);
        } catch (BackendUnavailableException e) {
            // The lookups worked, so this is a partial failure: each job answers "false" rather than the batch 503.
            Map<JobId, RunOutcome> unavailable = new HashMap<>();
            ids.forEach(id -> unavailable.put(id, new RunOutcome.BackendUnavailable(id)));
            return unavailable;
        }
        JobBatches.requireOneAnswerEach("JobSubmission", ids, submitted);
        return submitted;
    }
}
