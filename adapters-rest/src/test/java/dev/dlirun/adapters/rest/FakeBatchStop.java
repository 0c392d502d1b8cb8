package dev.dlirun.adapters.rest;

import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.port.in.BatchStopJobs;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.List;
import java.util.function.Function;

/** The batch-stop use case as the REST tests want it: records what it was asked and answers what the test says. */
final class FakeBatchStop implements BatchStopJobs {

    private volatile Function<BatchStopCommand, List<JobOutcome>> behaviour = FakeBatchStop::stopAll;
    volatile BatchStopCommand lastCommand;

    static List<JobOutcome> stopAll(BatchStopCommand command) {
        return command.jobIds().stream().<JobOutcome>map(id -> new JobOutcome.Delivered(JobOperation.STOP, id)).toList();
    }

    void answer(Function<BatchStopCommand, List<JobOutcome>> behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public List<JobOutcome> stop(BatchStopCommand command) {
        lastCommand = command;
        return behaviour.apply(command);
    }
}
