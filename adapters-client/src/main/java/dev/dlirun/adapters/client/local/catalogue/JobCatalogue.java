package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionStamp;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Which jobs exist in the local engine and what state each is in, per project. It knows nothing of how jobs
 * run (see {@link dev.dlirun.adapters.client.local.runtime.JobRuntime}).
 */
public interface JobCatalogue {

    Optional<LocalJob> find(ProjectId projectId, JobId id);

    /**
     * The jobs of {@code ids} that exist in the project, by id; ids without a job are left out. One look at the
     * catalogue for a whole batch: a database answers it in one query.
     */
    default Map<JobId, LocalJob> findAll(ProjectId projectId, Collection<JobId> ids) {
        Map<JobId, LocalJob> found = new HashMap<>(ids.size() * 2);
        for (JobId id : ids) {
            find(projectId, id).ifPresent(job -> found.put(id, job));
        }
        return found;
    }

    /**
     * What the batch endpoints judge each job of {@code ids} by (its status, whether it has a savepoint), for those
     * that exist in the project, by id. The database catalogue answers it from memory.
     */
    default Map<JobId, Job> lookUp(ProjectId projectId, Collection<JobId> ids) {
        Map<JobId, Job> found = new HashMap<>(ids.size() * 2);
        findAll(projectId, ids).forEach((id, job) -> found.put(id, job.toJob()));
        return found;
    }

    /** Adds the job unless the catalogue already holds one of that project and id; answers whether it did. */
    boolean addIfAbsent(LocalJob job);

    /**
     * As {@link #addIfAbsent} for each of {@code jobs}, made durable together: a database writes them in one
     * transaction. Answers how many it added.
     */
    default long addAllIfAbsent(Collection<LocalJob> jobs) {
        return jobs.stream().filter(this::addIfAbsent).count();
    }

    /**
     * Replaces the job's run state with that of {@code change} applied to it, as one atomic step: no other update of the same job
     * interleaves. {@code change} may answer its argument to leave the job as it is; it may run more than once.
     *
     * @return the job as stored afterwards; empty when there is no such job
     */
    Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change);

    /**
     * As {@link #update}, and the alerts {@code alerts} makes of the job as it was and as it is stored afterwards added
     * to the {@link #alertOutbox() outbox} in the same atomic step: a database commits both in one transaction, so an
     * alert is never lost nor made up by a crash between the change and its delivery. Alerts are added even when the
     * change leaves the job as it is (e.g. a restart loop, which no status says).
     *
     * @return the job as stored afterwards; empty when there is no such job (and no alert is added)
     */
    Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change, ChangeAlerts alerts);

    /** The alerts still to deliver: those of {@link #update(ProjectId, JobId, UnaryOperator, ChangeAlerts)}, and others. */
    AlertOutbox alertOutbox();

    /**
     * As {@link #update} for each of {@code ids}, with every change made durable together, before this returns:
     * a database does it in one transaction, the rows locked in the order of their ids. When {@code change} throws,
     * the exception goes to the caller, and a database keeps none of the batch's changes.
     *
     * @return each job as stored afterwards, by id; ids without a job are left out
     */
    default Map<JobId, LocalJob> updateAll(ProjectId projectId, Collection<JobId> ids, UnaryOperator<LocalJob> change) {
        Map<JobId, LocalJob> stored = new HashMap<>(ids.size() * 2);
        for (JobId id : ids) {
            update(projectId, id, change).ifPresent(job -> stored.put(id, job));
        }
        return stored;
    }

    /**
     * Adds the job {@code job} makes of an id no project uses, and answers it as stored, with its first version
     * ({@link VersionReason#CREATE}, made by the project).
     *
     * @throws DuplicateJobNameException when the project already has a job of that name
     */
    default LocalJob create(ProjectId projectId, Function<JobId, LocalJob> job) {
        return create(projectId, job, VersionStamp.of(VersionReason.CREATE, projectId));
    }

    /**
     * Adds the job {@code job} makes of an id no project uses, and its version 1 as {@code stamp} says, created when
     * the job is, in the same atomic step; answers the job as stored.
     *
     * @throws DuplicateJobNameException when the project already has a job of that name
     */
    LocalJob create(ProjectId projectId, Function<JobId, LocalJob> job, VersionStamp stamp);

    /**
     * Replaces the job's definition with that of {@code change} applied to it, as one atomic step with every other
     * update of the job (its run state included); like {@link #update}, {@code change} may answer its argument, and
     * may run more than once. It may change the definition and the run state, never the key or the creation time.
     *
     * @return the job as stored afterwards; empty when there is no such job
     * @throws DuplicateJobNameException when the new name is another job's of the project
     */
    default Optional<LocalJob> redefine(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change) {
        return redefine(projectId, id, change, VersionStamp.of(VersionReason.UPDATE, projectId))
                .map(Redefined::job);
    }

    /**
     * As {@link #redefine(ProjectId, JobId, UnaryOperator)}, and, in the same atomic step, the job's next version as
     * {@code stamp} says, created at the job's update time: when the change leaves another definition than the job
     * had, or always for a rollback (which a caller asked for by its number, and is answered). A change that leaves
     * the definition as it was (e.g. an update setting fields to the values they have) makes no version.
     *
     * @return the job as stored afterwards, with the version the change made; empty when there is no such job
     * @throws DuplicateJobNameException when the new name is another job's of the project
     */
    Optional<Redefined> redefine(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change, VersionStamp stamp);

    /** A job as a redefinition stored it, and the version it made, if it made one. */
    record Redefined(LocalJob job, Optional<JobVersion> version) {
        public Redefined {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * One page of the job's versions, newest first ({@code offset} of them skipped, at most {@code limit}), and how
     * many it has; none for a job that has none or does not exist.
     */
    VersionPage versions(ProjectId projectId, JobId id, long offset, int limit);

    /** The job's version {@code number}; empty when it has no such version. */
    Optional<JobVersion> version(ProjectId projectId, JobId id, int number);

    /** The job's newest version, the one its definition is; empty when it has none (a job from before versions). */
    Optional<JobVersion> latestVersion(ProjectId projectId, JobId id);

    /**
     * Writes the state check's verdict on the job's version {@code number} (replacing one written before).
     *
     * @return whether the job has that version
     */
    boolean recordVerdict(ProjectId projectId, JobId id, int number, StateVerdict verdict);

    /**
     * Removes the jobs of {@code ids} from the project, with their savepoint history and their versions, in one step.
     *
     * @return the jobs removed, as they were, each with the savepoint history it had; ids without a job are left out
     */
    List<Removed> delete(ProjectId projectId, Collection<JobId> ids);

    /** A job a delete removed, and the savepoints its history named (what its clean-up may have to delete). */
    record Removed(LocalJob job, List<SavepointRecord> savepoints) {
        public Removed {
            savepoints = List.copyOf(savepoints);
        }
    }

    /**
     * The page of the project's jobs that match {@code query}, in its order (creation time, then id), and how many
     * match in all.
     */
    Page list(JobQuery query);

    /** One page of a list: how many jobs match in all, and the page's. */
    record Page(long totalCount, List<LocalJob> jobs) {
    }

    /** How many jobs the catalogue holds, in every project. */
    long count();

    /** The jobs of every project in one of {@code statuses}, in no particular order. */
    List<LocalJob> inStatuses(Set<JobStatus> statuses);

    /**
     * Adds a savepoint to the job's history; a stop's ({@link SavepointRecord.Origin#STOP}) of a known version
     * ({@link SavepointRecord#version()} above 0) also becomes that version's savepoint at stop, in the same atomic
     * step.
     */
    void recordSavepoint(SavepointRecord savepoint);

    /** The job's savepoint history, the newest first. */
    List<SavepointRecord> savepoints(ProjectId projectId, JobId id);

    /** Removes one savepoint from the job's history. */
    void forgetSavepoint(ProjectId projectId, JobId id, String path);

    /** The project's Flink SQL job templates, kept where the jobs are (the same database, or memory). */
    TemplateCatalogue templates();

    /** The one-call upgrades of the jobs, kept where the jobs are (the same database, or memory). */
    UpgradeCatalogue upgrades();

    /** Returns when the catalogue can be used; throws otherwise. Cheap: a readiness probe calls it. */
    default void ping() {
    }

    /**
     * The leases and the register of service instances, kept where the jobs are (issue 32): a database's by its clock,
     * the in-memory catalogue's by the JVM's.
     */
    Coordination coordination();

    /**
     * This catalogue, whose every write first checks, in its own transaction, that {@code holder} holds {@code lease}
     * with the token {@code token} answers at that moment, and refuses with {@link LeaseLostException}, writing
     * nothing, when it does not. Reads are not fenced. A catalogue of one process has nobody to be fenced from: this
     * one answers itself.
     */
    default JobCatalogue fencedBy(String lease, String holder, LongSupplier token) {
        return this;
    }

    /**
     * Tells {@code changed} of every job whose row any instance changes (created, written, deleted), once committed;
     * calls {@code missedSome} when changes may have been missed (the database was out of reach a while): the caller
     * looks again at what it watches. Closing the answer stops it. In one process nothing is heard: every write goes
     * through this object, where a {@link WatchedCatalogue} hears it; a shared database's catalogue hears the others'.
     */
    default AutoCloseable listen(BiConsumer<ProjectId, JobId> changed, Runnable missedSome) {
        return () -> { };
    }

    /**
     * Checks that {@code changed} is {@code current} with another run state: an update of the run state cannot move
     * a job to another project or id, nor change what the job is (its owner does that).
     */
    static void requireSameJob(LocalJob current, LocalJob changed) {
        requireSameKey(current, changed);
        if (!changed.definition().equals(current.definition())) {
            throw new IllegalArgumentException("an update of a job's run state cannot change its definition");
        }
    }

    /** Checks that {@code changed} is {@code current} with another definition or run state, never another key. */
    static void requireSameKey(LocalJob current, LocalJob changed) {
        if (!changed.projectId().equals(current.projectId()) || !changed.id().equals(current.id())) {
            throw new IllegalArgumentException("an update cannot move a job to another project or id");
        }
        if (changed.createTime() != current.createTime()) {
            throw new IllegalArgumentException("an update cannot change when a job was created");
        }
    }
}
