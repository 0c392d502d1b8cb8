package dev.dlirun.adapters.rest;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.AwaitJobs;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The waiting use case as the REST tests want it: records the wait asked for, answers what the test says. */
final class FakeAwait implements AwaitJobs {

    /** What it was last asked. */
    record Asked(ProjectId projectId, List<JobId> report, List<JobId> waitFor, Settling settling, Duration requested) {
    }

    static final Duration MOST = Duration.ofSeconds(60);

    volatile Asked lastAsked;
    volatile CompletableFuture<Map<JobId, JobState>> answer = CompletableFuture.completedFuture(Map.of());

    @Override
    public Duration applied(Duration requested) {
        return requested.compareTo(MOST) > 0 ? MOST : requested;
    }

    @Override
    public CompletionStage<Map<JobId, JobState>> await(ProjectId projectId, Collection<JobId> report,
                                                       Collection<JobId> waitFor, Settling settling,
                                                       Duration requested) {
        lastAsked = new Asked(projectId, List.copyOf(report), List.copyOf(waitFor), settling, requested);
        return answer;
    }
}
