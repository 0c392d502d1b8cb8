package dev.dlirun.application;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** What every batch operation (run, stop) does first: check its size, and look each distinct job up once. */
final class JobBatches {

    private JobBatches() {
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
    static Map<JobId, JobLookupResult> lookUp(JobLookup lookup, ProjectId project, List<JobId> distinct,
                                              Deadline deadline) {
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
