package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Driven port: tells when jobs have settled, without holding a thread while they have not. */
public interface JobStateWatch {
    /**
     * Completes once every job of {@code waitFor} has settled as {@code settling} says, or after {@code atMost},
     * whichever comes first, with the state of every job of {@code report} at that moment (a job that does not exist
     * is left out). Never completes exceptionally for a job that is slow to settle.
     */
    CompletionStage<Map<JobId, JobState>> awaitSettled(ProjectId projectId, Collection<JobId> report,
                                                       Collection<JobId> waitFor, Settling settling, Duration atMost);
}
