package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ShowJobLog;

import java.util.Optional;

/** The job-log use case as the REST tests want it: answers what the test says (by default, no such job). */
final class FakeJobLog implements ShowJobLog {

    interface Behaviour {
        Optional<JobLog> log(ProjectId projectId, JobId id, int limit);
    }

    private volatile Behaviour behaviour = (p, id, limit) -> Optional.empty();

    void answer(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    void reset() {
        behaviour = (p, id, limit) -> Optional.empty();
    }

    @Override
    public Optional<JobLog> log(ProjectId projectId, JobId id, int limit) {
        return behaviour.log(projectId, id, limit);
    }
}
