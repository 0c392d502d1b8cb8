package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionStamp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A catalogue in memory: fast, thread-safe, and forgotten when the process ends. */
public final class InMemoryJobCatalogue implements JobCatalogue {

    private record Key(ProjectId projectId, JobId id) {
    }

    private final ConcurrentMap<Key, LocalJob> jobs = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, List<SavepointRecord>> savepoints = new ConcurrentHashMap<>();
    /** Each job's versions, oldest first; written inside the job's own change (its compute, or the names' lock). */
    private final ConcurrentMap<Key, List<JobVersion>> versions = new ConcurrentHashMap<>();
    private final UpgradeCatalogue upgrades = new InMemoryUpgradeCatalogue();
    private final InMemoryAlertOutbox outbox = new InMemoryAlertOutbox();
    private final TemplateCatalogue templates = new InMemoryTemplateCatalogue();
    private final Coordination coordination = new InMemoryCoordination();
    /**
     * The highest id the catalogue has held, or the last given to a job created here: they start where a database
     * catalogue's do, and are never given twice.
     */
    private final AtomicLong ids = new AtomicLong(JdbcJobCatalogue.FIRST_CREATED_ID - 1);

    @Override
    public Optional<LocalJob> find(ProjectId projectId, JobId id) {
        return Optional.ofNullable(jobs.get(new Key(projectId, id)));
    }

    @Override
    public boolean addIfAbsent(LocalJob job) {
        ids.accumulateAndGet(job.id().value(), Math::max);
        return jobs.putIfAbsent(new Key(job.projectId(), job.id()), job) == null;
    }

    @Override
    public Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change) {
        Key key = new Key(projectId, id);
        return Optional.ofNullable(jobs.computeIfPresent(key, (k, current) -> {
            LocalJob changed = Objects.requireNonNull(change.apply(current), "change answered null");
            JobCatalogue.requireSameJob(current, changed);
            return changed;
        }));
    }

    @Override
    public Optional<LocalJob> update(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change,
                                     ChangeAlerts alerts) {
        Key key = new Key(projectId, id);
        return Optional.ofNullable(jobs.computeIfPresent(key, (k, current) -> {
            LocalJob changed = Objects.requireNonNull(change.apply(current), "change answered null");
            JobCatalogue.requireSameJob(current, changed);
            // Inside the job's compute: no other change of the job comes between the change and its alerts.
            outbox.add(alerts.of(current, changed));
            return changed;
        }));
    }

    @Override
    public AlertOutbox alertOutbox() {
        return outbox;
    }

    /**
     * Creates and renames one at a time, so that two cannot take one name (checked against the project's jobs, one
     * by one: this catalogue is for tests and short-lived demos). A new id is above every id the catalogue has held.
     */
    @Override
    public synchronized LocalJob create(ProjectId projectId, Function<JobId, LocalJob> make, VersionStamp stamp) {
        LocalJob job = make.apply(JobId.of(ids.incrementAndGet()));
        requireFreeName(job, null);
        Key key = new Key(projectId, job.id());
        versions.put(key, List.of(JobVersion.next(job.id(), Optional.empty(), job.definition(), stamp,
                job.createTime())));
        jobs.put(key, job);
        return job;
    }

    private void requireFreeName(LocalJob job, JobId except) {
        boolean taken = jobs.values().stream().anyMatch(other -> other.projectId().equals(job.projectId())
                && !other.id().equals(except) && other.name().equals(job.name()));
        if (taken) {
            throw DuplicateJobNameException.named(job.name());
        }
    }

    @Override
    public synchronized Optional<Redefined> redefine(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change,
                                                     VersionStamp stamp) {
        Key key = new Key(projectId, id);
        JobVersion[] made = new JobVersion[1];
        LocalJob stored = jobs.computeIfPresent(key, (k, current) -> {
            made[0] = null;
            LocalJob changed = Objects.requireNonNull(change.apply(current), "change answered null");
            JobCatalogue.requireSameKey(current, changed);
            if (!changed.name().equals(current.name())) {
                requireFreeName(changed, id);
            }
            if (stamp.why() == VersionReason.ROLLBACK || !changed.definition().equals(current.definition())) {
                // Inside the job's compute: no other change of the job comes between the change and its version.
                List<JobVersion> written = versions.compute(key, (v, history) -> {
                    List<JobVersion> more = new ArrayList<>(history == null ? List.of() : history);
                    more.add(JobVersion.next(id, more.isEmpty() ? Optional.empty()
                            : Optional.of(more.get(more.size() - 1)), changed.definition(), stamp,
                            changed.updateTime()));
                    return List.copyOf(more);
                });
                made[0] = written.get(written.size() - 1);
            }
            return changed;
        });
        return Optional.ofNullable(stored).map(job -> new Redefined(job, Optional.ofNullable(made[0])));
    }

    @Override
    public VersionPage versions(ProjectId projectId, JobId id, long offset, int limit) {
        List<JobVersion> history = new ArrayList<>(versions.getOrDefault(new Key(projectId, id), List.of()));
        java.util.Collections.reverse(history);
        return new VersionPage(history.size(), history.stream().skip(offset).limit(limit).toList());
    }

    @Override
    public Optional<JobVersion> version(ProjectId projectId, JobId id, int number) {
        return versions.getOrDefault(new Key(projectId, id), List.of()).stream()
                .filter(version -> version.number() == number).findFirst();
    }

    @Override
    public Optional<JobVersion> latestVersion(ProjectId projectId, JobId id) {
        List<JobVersion> history = versions.getOrDefault(new Key(projectId, id), List.of());
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    @Override
    public boolean recordVerdict(ProjectId projectId, JobId id, int number, StateVerdict verdict) {
        return changeVersion(new Key(projectId, id), number, version -> version.withStateCheck(verdict));
    }

    /** Replaces the job's version {@code number} by what {@code change} makes of it; answers whether it has it. */
    private boolean changeVersion(Key key, int number, UnaryOperator<JobVersion> change) {
        boolean[] found = new boolean[1];
        versions.computeIfPresent(key, (k, history) -> history.stream().map(version -> {
            if (version.number() != number) {
                return version;
            }
            found[0] = true;
            return change.apply(version);
        }).toList());
        return found[0];
    }

    @Override
    public List<Removed> delete(ProjectId projectId, Collection<JobId> ids) {
        List<Removed> removed = new ArrayList<>();
        for (JobId id : ids) {
            Key key = new Key(projectId, id);
            LocalJob job = jobs.remove(key);
            if (job != null) {
                versions.remove(key);
                List<SavepointRecord> history = savepoints.remove(key);
                removed.add(new Removed(job, history == null ? List.of() : history));
            }
        }
        return removed;
    }

    @Override
    public Page list(JobQuery query) {
        Comparator<LocalJob> order = Comparator.comparingLong(LocalJob::createTime)
                .thenComparingLong(job -> job.id().value());
        List<LocalJob> matching = jobs.values().stream()
                .filter(job -> job.projectId().equals(query.projectId()))
                .filter(job -> matches(job, query))
                .sorted(query.ascending() ? order : order.reversed())
                .toList();
        return new Page(matching.size(), matching.stream().skip(query.offset()).limit(query.limit()).toList());
    }

    private static boolean matches(LocalJob job, JobQuery query) {
        return query.type().map(type -> type == job.jobType()).orElse(true)
                && query.status().map(status -> status == job.status()).orElse(true)
                && query.queueName().map(queue -> job.definition().queueName().filter(queue::equals).isPresent())
                        .orElse(true)
                && query.namePrefix().map(prefix -> job.name().startsWith(prefix)).orElse(true)
                // No job here records a user name or has a root job.
                && query.userName().isEmpty()
                && query.rootJobId().isEmpty()
                && query.tag().map(tag -> job.definition().tags().contains(tag)).orElse(true);
    }

    @Override
    public TemplateCatalogue templates() {
        return templates;
    }

    @Override
    public UpgradeCatalogue upgrades() {
        return upgrades;
    }

    @Override
    public long count() {
        return jobs.size();
    }

    @Override
    public List<LocalJob> inStatuses(Set<JobStatus> statuses) {
        return jobs.values().stream().filter(job -> statuses.contains(job.status())).toList();
    }

    @Override
    public void recordSavepoint(SavepointRecord savepoint) {
        Key key = new Key(savepoint.projectId(), savepoint.jobId());
        savepoints.compute(key, (k, history) -> {
            List<SavepointRecord> changed = new ArrayList<>(history == null ? List.of() : history);
            changed.add(savepoint);
            changed.sort(Comparator.comparingLong(SavepointRecord::takenAt).reversed());
            // Inside the history's compute: the savepoint and its version's savepoint at stop are written together.
            if (savepoint.stoppedAVersion()) {
                changeVersion(key, savepoint.version(), version -> version.withSavepointAtStop(savepoint.path()));
            }
            return List.copyOf(changed);
        });
    }

    @Override
    public List<SavepointRecord> savepoints(ProjectId projectId, JobId id) {
        return savepoints.getOrDefault(new Key(projectId, id), List.of());
    }

    @Override
    public void forgetSavepoint(ProjectId projectId, JobId id, String path) {
        savepoints.computeIfPresent(new Key(projectId, id), (key, history) ->
                history.stream().filter(savepoint -> !savepoint.path().equals(path)).toList());
    }

    @Override
    public Coordination coordination() {
        return coordination;
    }
}
