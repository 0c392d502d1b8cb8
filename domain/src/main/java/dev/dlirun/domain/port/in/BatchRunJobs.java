package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.List;

/** The use case: start a batch of Flink streaming jobs, answering one outcome per requested job. */
public interface BatchRunJobs {

    /**
     * @return one outcome per element of {@code command.jobIds()}, in the same order; a repeated id gets the
     *         outcome of its first occurrence
     * @throws InvalidInputException       when the batch breaks a limit of the service (e.g. it is too large)
     * @throws BackendUnavailableException when no job of the batch could be looked up
     */
    List<JobOutcome> run(BatchRunCommand command);
}
