package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.run.StartMode;

import java.time.Instant;
import java.util.List;

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

        /** Jobs of one project that got running together: one report for all, which a catalogue can store at once. */
        default void allRunning(ProjectId projectId, List<JobId> ids, Instant at) {
            for (JobId id : ids) {
                running(projectId, id, at);
            }
        }
    }

    /**
     * Starts launching {@code job}, already marked {@code job_submitting} in the catalogue.
     *
     * @throws IllegalStateException when the launcher can take no more work (it is closed)
     */
    void launch(LocalJob job, StartMode mode, Listener listener);

    /**
     * Starts launching {@code jobs}, of one project, submitted together. A launcher that can start them as one (the
     * simulated one does) reports them together too.
     *
     * @throws IllegalStateException when the launcher can take no more work (it is closed): none of the jobs is
     *                               launched. A launcher that cannot launch one job reports it {@link Listener#failed}.
     */
    default void launchAll(List<LocalJob> jobs, StartMode mode, Listener listener) {
        for (LocalJob job : jobs) {
            launch(job, mode, listener);
        }
    }

    /** Stops launching; launches not yet finished are abandoned. */
    @Override
    void close();
}
