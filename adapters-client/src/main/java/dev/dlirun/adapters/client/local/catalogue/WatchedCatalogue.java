package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionStamp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * A catalogue that tells {@code listener} of every job it has written, and {@code removed} of every job it has deleted,
 * once the write is done. A listener that fails is logged, never the write's failure: the job is written either way.
 */
public final class WatchedCatalogue implements JobCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedCatalogue.class);

    private final JobCatalogue catalogue;
    private final Consumer<LocalJob> listener;
    private final Consumer<LocalJob> removed;

    /**
     * @param listener told of every job written
     * @param removed  told of every job deleted, as it was
     */
    public WatchedCatalogue(JobCatalogue catalogue, Consumer<LocalJob> listener, Consumer<LocalJob> removed) {
        this.catalogue = catalogue;
        this.listener = listener;
        this.removed = removed;
    }

    @Override
    public Optional<LocalJob> find(ProjectId projectId, JobId id) {
        return catalogue.find(projectId, id);
    }

    @Override
    public Map<JobId, LocalJob> findAll(ProjectId projectId, Collection<JobId> ids) {
        return catalogue.findAll(projectId, ids);
    }

    @Override
    public Map<JobId, Job> lookUp(ProjectId projectId, Collection<JobId> ids) {
        return catalogue.lookUp(projectId, ids);
    }

    @Override
    public boolean addIfAbsent(LocalJob job) {
        return catalogue.addIfAbsent(job);
    }

    @Override
    public Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change) {
        Optional<LocalJob> stored = catalogue.update(projectId, id, change);
        stored.ifPresent(this::tell);
        return stored;
    }

    @Override
    public Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change,
                                     ChangeAlerts alerts) {
        Optional<LocalJob> stored = catalogue.update(projectId, id, change, alerts);
        stored.ifPresent(this::tell);
        return stored;
    }

    @Override
    public AlertOutbox alertOutbox() {
        return catalogue.alertOutbox();
    }

    @Override
    public Map<JobId, LocalJob> updateAll(ProjectId projectId, Collection<JobId> ids, UnaryOperator<LocalJob> change) {
        Map<JobId, LocalJob> stored = catalogue.updateAll(projectId, ids, change);
        stored.values().forEach(this::tell);
        return stored;
    }

    @Override
    public LocalJob create(ProjectId projectId, java.util.function.Function<JobId, LocalJob> job,
                           VersionStamp stamp) {
        LocalJob created = catalogue.create(projectId, job, stamp);
        tell(created);
        return created;
    }

    @Override
    public Optional<Redefined> redefine(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change,
                                        VersionStamp stamp) {
        Optional<Redefined> stored = catalogue.redefine(projectId, id, change, stamp);
        stored.ifPresent(redefined -> tell(redefined.job()));
        return stored;
    }

    @Override
    public VersionPage versions(ProjectId projectId, JobId id, long offset, int limit) {
        return catalogue.versions(projectId, id, offset, limit);
    }

    @Override
    public Optional<JobVersion> version(ProjectId projectId, JobId id, int number) {
        return catalogue.version(projectId, id, number);
    }

    @Override
    public Optional<JobVersion> latestVersion(ProjectId projectId, JobId id) {
        return catalogue.latestVersion(projectId, id);
    }

    @Override
    public boolean recordVerdict(ProjectId projectId, JobId id, int number, StateVerdict verdict) {
        return catalogue.recordVerdict(projectId, id, number, verdict);
    }

    @Override
    public List<Removed> delete(ProjectId projectId, Collection<JobId> ids) {
        List<Removed> deleted = catalogue.delete(projectId, ids);
        deleted.forEach(gone -> tell(removed, gone.job()));
        return deleted;
    }

    @Override
    public Page list(dev.dlirun.domain.definition.JobQuery query) {
        return catalogue.list(query);
    }

    private void tell(LocalJob job) {
        tell(listener, job);
    }

    private static void tell(Consumer<LocalJob> whom, LocalJob job) {
        try {
            whom.accept(job);
        } catch (RuntimeException e) {
            LOG.warn("Could not tell of job {} of project {}: {}", job.id(), job.projectId(), e.toString());
        }
    }

    @Override
    public long count() {
        return catalogue.count();
    }

    @Override
    public List<LocalJob> inStatuses(Set<JobStatus> statuses) {
        return catalogue.inStatuses(statuses);
    }

    @Override
    public void recordSavepoint(SavepointRecord savepoint) {
        catalogue.recordSavepoint(savepoint);
    }

    @Override
    public List<SavepointRecord> savepoints(ProjectId projectId, JobId id) {
        return catalogue.savepoints(projectId, id);
    }

    @Override
    public void forgetSavepoint(ProjectId projectId, JobId id, String path) {
        catalogue.forgetSavepoint(projectId, id, path);
    }

    /** Templates are not jobs: nobody watches them. */
    @Override
    public TemplateCatalogue templates() {
        return catalogue.templates();
    }

    /** Upgrades are not jobs: nobody watches them here (the engine's upgrades hear of their own writes). */
    @Override
    public UpgradeCatalogue upgrades() {
        return catalogue.upgrades();
    }

    @Override
    public void ping() {
        catalogue.ping();
    }

    @Override
    public Coordination coordination() {
        return catalogue.coordination();
    }

    /** The wrapped catalogue's fenced view, told to the same listeners. */
    @Override
    public JobCatalogue fencedBy(String lease, String holder, LongSupplier token) {
        JobCatalogue fenced = catalogue.fencedBy(lease, holder, token);
        return fenced == catalogue ? this : new WatchedCatalogue(fenced, listener, removed);
    }

    @Override
    public AutoCloseable listen(BiConsumer<ProjectId, JobId> changed, Runnable missedSome) {
        return catalogue.listen(changed, missedSome);
    }
}
