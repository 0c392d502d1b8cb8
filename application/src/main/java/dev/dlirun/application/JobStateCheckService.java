package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.CheckJobState;
import dev.dlirun.domain.port.out.JobStateChecks;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;

import java.time.Duration;
import java.util.Objects;

/** Checks a job's state against a candidate definition through the backend, within the request's time budget. */
public final class JobStateCheckService implements CheckJobState {

    private final JobStateChecks checks;
    private final Duration budget;

    /** @param budget how long one request may take, the backend's check included */
    public JobStateCheckService(JobStateChecks checks, Duration budget) {
        this.checks = Objects.requireNonNull(checks, "checks");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public StateCheckResult check(ProjectId projectId, JobId id, StateCheckRequest request) {
        return checks.checkState(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Objects.requireNonNull(request, "request"), Deadline.after(budget));
    }
}
