package dev.dlirun.application;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.AwaitJobs;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** Waits through the backend's watch, never longer than the service's most ({@code --max-wait}). */
public final class AwaitJobsService implements AwaitJobs {

    private final JobStateWatch watch;
    private final Duration most;

    public AwaitJobsService(JobStateWatch watch, Duration most) {
        this.watch = Objects.requireNonNull(watch, "watch");
        if (most.isNegative()) {
            throw new IllegalArgumentException("the longest wait cannot be negative");
        }
        this.most = most;
    }

    @Override
    public Duration applied(Duration requested) {
        return requested.compareTo(most) > 0 ? most : requested;
    }

    @Override
    public CompletionStage<Map<JobId, JobState>> await(ProjectId projectId, Collection<JobId> report,
                                                       Collection<JobId> waitFor, Settling settling,
                                                       Duration requested) {
        return watch.awaitSettled(projectId, report, waitFor, settling, applied(requested));
    }
}
