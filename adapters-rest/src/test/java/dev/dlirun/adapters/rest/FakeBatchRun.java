package dev.dlirun.adapters.rest;

import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.port.in.BatchRunJobs;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;

import java.util.List;
import java.util.function.Function;

/** The use case as the REST tests want it: records what it was asked and answers what the test says. */
final class FakeBatchRun implements BatchRunJobs {

    private volatile Function<BatchRunCommand, List<JobOutcome>> behaviour = FakeBatchRun::submitAll;
    volatile BatchRunCommand lastCommand;

    static List<JobOutcome> submitAll(BatchRunCommand command) {
        return command.jobIds().stream().<JobOutcome>map(id -> new JobOutcome.Delivered(JobOperation.RUN, id)).toList();
    }

    void answer(Function<BatchRunCommand, List<JobOutcome>> behaviour) {
        this.behaviour = behaviour;
    }

    void reset() {
        behaviour = FakeBatchRun::submitAll;
        lastCommand = null;
    }

    @Override
    public List<JobOutcome> run(BatchRunCommand command) {
        lastCommand = command;
        return behaviour.apply(command);
    }
}
