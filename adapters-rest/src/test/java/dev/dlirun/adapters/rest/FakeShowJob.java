package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ShowJob;

import java.util.Optional;
import java.util.function.BiFunction;

/** The show-job use case as the REST tests want it: answers what the test says. */
final class FakeShowJob implements ShowJob {

    private volatile BiFunction<ProjectId, JobId, Optional<JobDetail>> behaviour = (p, id) -> Optional.empty();

    void answer(BiFunction<ProjectId, JobId, Optional<JobDetail>> behaviour) {
        this.behaviour = behaviour;
    }

    void reset() {
        behaviour = (p, id) -> Optional.empty();
    }

    @Override
    public Optional<JobDetail> show(ProjectId projectId, JobId id) {
        return behaviour.apply(projectId, id);
    }
}
