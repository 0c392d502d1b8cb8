package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.ShowJob;
import dev.dlirun.domain.port.out.JobDetailLookup;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Shows one job as the backend knows it, within the request's time budget. */
public final class ShowJobService implements ShowJob {

    private final JobDetailLookup lookup;
    private final Duration budget;

    /** @param budget how long one request may take, backend calls included */
    public ShowJobService(JobDetailLookup lookup, Duration budget) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public Optional<JobDetail> show(ProjectId projectId, JobId id) {
        return lookup.findJob(Objects.requireNonNull(projectId, "projectId"), Objects.requireNonNull(id, "id"),
                Deadline.after(budget));
    }
}
