package dev.dlirun.application;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a batch operation on jobs goes (run, stop): check the batch's size, look each distinct job up once, let the
 * operation's rules decide each, hand the allowed ones to the backend in one call, and answer one outcome per
 * requested id in the caller's order.
 */
final class JobBatches {

    /** The rules of an operation, for one job: the one found in the project under that id, if any. */
    @FunctionalInterface
    interface Rules {
        Decision decide(JobId requested, Optional<Job> found);
    }

    /** What the backend does to the jobs the rules allowed: exactly one outcome per job. */
    @FunctionalInterface
    interface Action {
        Map<JobId, JobOutcome> apply(ProjectId project, List<Job> jobs, Deadline deadline);
    }

    private final JobLookup lookup;
    private final int maxBatchSize;
    private final Duration budget;

    /**
     * @param maxBatchSize the most ids one request may name, repetitions included
     * @param budget       how long one request may take, backend calls included
     */
    JobBatches(JobLookup lookup, int maxBatchSize, Duration budget) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, not " + maxBatchSize);
        }
        this.maxBatchSize = maxBatchSize;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * @return one outcome per element of {@code ids}, in the same order; a repeated id gets its first occurrence's
     * @throws InvalidInputException       when the batch names no id, or too many
     * @throws BackendUnavailableException when no job of the batch could be looked up
     */
    List<JobOutcome> apply(ProjectId project, List<JobId> ids, JobOperation operation, Rules rules, Action action) {
        List<JobId> distinct = distinct(ids, maxBatchSize);
        Deadline deadline = Deadline.after(budget);
        Map<JobId, JobLookupResult> found = lookUp(project, distinct, deadline);

        Map<JobId, JobOutcome> outcomes = new HashMap<>();
        List<Job> allowed = new ArrayList<>();
        for (JobId id : distinct) {
            JobLookupResult result = found.get(id);
            if (result instanceof JobLookupResult.Unavailable) {
                outcomes.put(id, new JobOutcome.BackendUnavailable(operation, id));
            } else if (result instanceof JobLookupResult.Refused refused) {
                outcomes.put(id, new JobOutcome.BackendRefused(id, refused.reason()));
            } else {
                Optional<Job> job = result instanceof JobLookupResult.Found f ? Optional.of(f.job()) : Optional.empty();
                if (rules.decide(id, job) instanceof Decision.Refuse refuse) {
                    outcomes.put(id, refuse.outcome());
                } else {
                    allowed.add(job.orElseThrow());
                }
            }
        }
        if (!allowed.isEmpty()) {
            outcomes.putAll(act(project, allowed, operation, action, deadline));
        }
        return ids.stream().map(outcomes::get).toList();
    }

    private static Map<JobId, JobOutcome> act(ProjectId project, List<Job> jobs, JobOperation operation,
                                              Action action, Deadline deadline) {
        List<JobId> ids = jobs.stream().map(Job::id).toList();
        Map<JobId, JobOutcome> outcomes;
        try {
            outcomes = action.apply(project, jobs, deadline);
        } catch (BackendUnavailableException e) {
            // The lookups worked, so this is a partial failure: each job answers "false" rather than the batch 503.
            Map<JobId, JobOutcome> unavailable = new HashMap<>();
            ids.forEach(id -> unavailable.put(id, new JobOutcome.BackendUnavailable(operation, id)));
            return unavailable;
        }
        requireOneAnswerEach("the backend's " + operation.name().toLowerCase(java.util.Locale.ROOT), ids, outcomes);
        return outcomes;
    }

    /**
     * The distinct ids of {@code ids}, in their first order.
     *
     * @throws InvalidInputException when the batch names no id, or more than {@code max} ids, repetitions included
     */
    static List<JobId> distinct(List<JobId> ids, int max) {
        if (ids.isEmpty()) {
            throw new InvalidInputException("job_ids", "must not be empty");
        }
        if (ids.size() > max) {
            throw new InvalidInputException("job_ids", "must hold at most " + max + " ids, not " + ids.size());
        }
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    /**
     * One lookup of every job of the batch.
     *
     * @throws BackendUnavailableException when no job of the batch could be looked up
     */
    private Map<JobId, JobLookupResult> lookUp(ProjectId project, List<JobId> distinct, Deadline deadline) {
        Map<JobId, JobLookupResult> found = lookup.findJobs(project, distinct, deadline);
        requireOneAnswerEach("JobLookup", distinct, found);
        if (distinct.stream().allMatch(id -> found.get(id) instanceof JobLookupResult.Unavailable)) {
            var first = (JobLookupResult.Unavailable) found.get(distinct.get(0));
            throw new BackendUnavailableException("no job of the batch could be looked up: " + first.reason());
        }
        return found;
    }

    static void requireOneAnswerEach(String port, List<JobId> asked, Map<JobId, ?> answers) {
        for (JobId id : asked) {
            if (answers.get(id) == null) {
                throw new IllegalStateException(port + " gave no answer for job " + id);
            }
        }
    }
}
