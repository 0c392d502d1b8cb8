package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The use case of a caller who waits until the jobs of a batch have settled (contract 8.5). */
public interface AwaitJobs {

    /** How long a wait of {@code requested} may last here: the request's, capped by the service's most. */
    Duration applied(Duration requested);

    /**
     * Completes once every job of {@code waitFor} has settled, or after {@link #applied} of {@code requested},
     * with the state of every job of {@code report} then.
     */
    CompletionStage<Map<JobId, JobState>> await(ProjectId projectId, Collection<JobId> report,
                                                Collection<JobId> waitFor, Settling settling, Duration requested);
}
