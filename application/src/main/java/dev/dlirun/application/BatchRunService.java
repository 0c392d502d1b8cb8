package dev.dlirun.application;

import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.run.RunRules;
import dev.dlirun.domain.run.StartMode;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Runs a batch as {@link JobBatches} does, with {@link RunRules}, submitting the startable jobs in one call. */
public final class BatchRunService implements BatchRunJobs {

    private final JobBatches batches;
    private final JobSubmission submission;

    /**
     * @param maxBatchSize the most ids one request may name, repetitions included
     * @param budget       how long one request may take, backend calls included
     */
    public BatchRunService(JobLookup lookup, JobSubmission submission, int maxBatchSize, Duration budget) {
        this.batches = new JobBatches(lookup, maxBatchSize, budget);
        this.submission = Objects.requireNonNull(submission, "submission");
    }

    @Override
    public List<JobOutcome> run(BatchRunCommand command) {
        StartMode mode = command.startMode();
        return batches.apply(command.projectId(), command.jobIds(), JobOperation.RUN,
                (id, job) -> RunRules.decide(id, job, mode),
                (project, jobs, deadline) -> submission.submit(project, jobs, mode, deadline));
    }
}
