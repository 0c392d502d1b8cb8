package dev.dlirun.adapters.rest;

import dev.dlirun.domain.port.in.BatchStopCommand;
import dev.dlirun.domain.port.in.BatchStopJobs;
import dev.dlirun.domain.stop.StopOutcome;

import java.util.List;
import java.util.function.Function;

/** The batch-stop use case as the REST tests want it: records what it was asked and answers what the test says. */
final class FakeBatchStop implements BatchStopJobs {

    private volatile Function<BatchStopCommand, List<StopOutcome>> behaviour = FakeBatchStop::stopAll;
    volatile BatchStopCommand lastCommand;

    static List<StopOutcome> stopAll(BatchStopCommand command) {
        return command.jobIds().stream().<StopOutcome>map(StopOutcome.Delivered::new).toList();
    }

    void answer(Function<BatchStopCommand, List<StopOutcome>> behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public List<StopOutcome> stop(BatchStopCommand command) {
        lastCommand = command;
        return behaviour.apply(command);
    }
}
