package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;

import java.time.Instant;

/**
 * How the local engine gets a submitted job running. Launching is asynchronous: {@link #launch} returns at
 * once and the launcher reports back through the {@link Listener}. The simulated launcher is the first; one
 * that runs jobs on an embedded Flink MiniCluster or a remote Flink session cluster plugs in here.
 */
public interface JobLauncher extends AutoCloseable {

    /** Hears what became of launches. Called from the launcher's own threads. */
    interface Listener {
        void running(ProjectId projectId, JobId id, Instant at);

        void failed(ProjectId projectId, JobId id, String reason, Instant at);
    }

    /**
     * Starts launching {@code job}, already marked {@code job_submitting} in the catalogue.
     *
     * @throws IllegalStateException when the launcher can take no more work (it is closed)
     */
    void launch(LocalJob job, StartMode mode, Listener listener);

    /** Stops launching; launches not yet finished are abandoned. */
    @Override
    void close();
}
