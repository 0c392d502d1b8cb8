package dev.dlirun.application;

import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.port.in.BatchStopJobs;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.stop.StopMode;
import dev.dlirun.domain.stop.StopRules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Stops a batch as {@link JobBatches} does, with {@link StopRules}, stopping the stoppable jobs in one call. */
public final class BatchStopService implements BatchStopJobs {

    private final JobBatches batches;
    private final JobStopping stopping;

    /**
     * @param maxBatchSize the most ids one request may name, repetitions included
     * @param budget       how long one request may take, backend calls included
     */
    public BatchStopService(JobLookup lookup, JobStopping stopping, int maxBatchSize, Duration budget) {
        this.batches = new JobBatches(lookup, maxBatchSize, budget);
        this.stopping = Objects.requireNonNull(stopping, "stopping");
    }

    @Override
    public List<JobOutcome> stop(BatchStopCommand command) {
        StopMode mode = command.stopMode();
        return batches.apply(command.projectId(), command.jobIds(), JobOperation.STOP,
                (id, job) -> StopRules.decide(id, job, mode),
                (project, jobs, deadline) -> stopping.stop(project, jobs, mode, deadline));
    }
}
