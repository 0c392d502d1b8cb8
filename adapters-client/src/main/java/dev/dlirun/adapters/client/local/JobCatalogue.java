package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which jobs exist in the local engine and what state each is in, per project. It knows nothing of how jobs
 * are launched (see {@link JobLauncher}).
 */
public interface JobCatalogue {

    Optional<LocalJob> find(ProjectId projectId, JobId id);

    /** Adds the job unless the catalogue already holds one of that project and id; answers whether it did. */
    boolean addIfAbsent(LocalJob job);

    /**
     * Replaces the job with {@code change} applied to it, as one atomic step: no other update of the same job
     * interleaves. {@code change} may answer its argument to leave the job as it is; it may run more than once.
     *
     * @return the job as stored afterwards; empty when there is no such job
     */
    Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change);

    /** Every job of every project, in no particular order. */
    List<LocalJob> all();

    /** Returns when the catalogue can be used; throws otherwise. Cheap: a readiness probe calls it. */
    default void ping() {
    }
}
