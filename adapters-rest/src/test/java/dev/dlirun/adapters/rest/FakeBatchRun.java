package dev.dlirun.adapters.rest;

import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.run.RunOutcome;

import java.util.List;
import java.util.function.Function;

/** The use case as the REST tests want it: records what it was asked and answers what the test says. */
final class FakeBatchRun implements BatchRunJobs {

    private volatile Function<BatchRunCommand, List<RunOutcome>> behaviour = FakeBatchRun::submitAll;
    volatile BatchRunCommand lastCommand;

    static List<RunOutcome> submitAll(BatchRunCommand command) {
        return command.jobIds().stream().<RunOutcome>map(RunOutcome.Submitted::new).toList();
    }

    void answer(Function<BatchRunCommand, List<RunOutcome>> behaviour) {
        this.behaviour = behaviour;
    }

    void reset() {
        behaviour = FakeBatchRun::submitAll;
        lastCommand = null;
    }

    @Override
    public List<RunOutcome> run(BatchRunCommand command) {
        lastCommand = command;
        return behaviour.apply(command);
    }
}
