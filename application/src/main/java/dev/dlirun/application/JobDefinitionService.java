package dev.dlirun.application;

import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.definition.JobPage;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.definition.NewJob;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.in.ManageJobs;
import dev.dlirun.domain.port.out.JobDefinitions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Creates, updates, lists and deletes jobs through the backend, within the request's time budget. */
public final class JobDefinitionService implements ManageJobs {

    private final JobDefinitions definitions;
    private final int maxBatchSize;
    private final Duration budget;

    /**
     * @param maxBatchSize the most ids one batch delete may name, repetitions included
     * @param budget       how long one request may take, backend calls included
     */
    public JobDefinitionService(JobDefinitions definitions, int maxBatchSize, Duration budget) {
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.maxBatchSize = maxBatchSize;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public NewJob create(ProjectId projectId, JobType type, JobFields fields) {
        Objects.requireNonNull(type, "type");
        if (!fields.has(JobField.NAME)) {
            throw new InvalidInputException("name", "is required");
        }
        if (type == JobType.FLINK_JAR_JOB && !fields.has(JobField.ENTRYPOINT)) {
            throw new InvalidInputException("entrypoint", "is required: the jar the job runs");
        }
        return definitions.create(Objects.requireNonNull(projectId, "projectId"), type, fields, Deadline.after(budget));
    }

    @Override
    public dev.dlirun.domain.definition.JobUpdate update(ProjectId projectId, JobId id, boolean jarEndpoint,
                                                        JobFields changes) {
        return definitions.update(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                jarEndpoint, Objects.requireNonNull(changes, "changes"), Deadline.after(budget));
    }

    @Override
    public JobPage list(JobQuery query) {
        return definitions.list(Objects.requireNonNull(query, "query"), Deadline.after(budget));
    }

    @Override
    public void delete(ProjectId projectId, JobId id) {
        JobOutcome outcome = delete(projectId, List.of(id)).get(0);
        if (outcome instanceof JobOutcome.NotFound) {
            throw new JobNotFoundException(id);
        }
        if (outcome instanceof JobOutcome.BackendRefused refused) {
            throw new OperationNotAllowedException(refused.reason());
        }
        if (!outcome.delivered()) {
            throw new BackendUnavailableException(outcome.message());
        }
    }

    @Override
    public List<JobOutcome> delete(ProjectId projectId, List<JobId> ids) {
        List<JobId> distinct = JobBatches.distinct(ids, maxBatchSize);
        Map<JobId, JobOutcome> outcomes = definitions.delete(Objects.requireNonNull(projectId, "projectId"),
                distinct, Deadline.after(budget));
        JobBatches.requireOneAnswerEach("JobDefinitions", distinct, outcomes);
        return ids.stream().map(outcomes::get).toList();
    }
}
