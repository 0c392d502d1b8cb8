package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.List;

/** The use case: stop a batch of Flink streaming jobs, each with a savepoint when asked, one outcome per job. */
public interface BatchStopJobs {
    /**
     * @return one outcome per element of {@code command.jobIds()}, in the same order; a repeated id gets the
     *         outcome of its first occurrence and is stopped at most once
     * @throws InvalidInputException       when the batch breaks a limit of the service (e.g. it is too large)
     * @throws BackendUnavailableException when no job of the batch could be looked up
     */
    List<JobOutcome> stop(BatchStopCommand command);
}
