package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;

import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

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
    private final UpgradeCatalogue upgrades = new InMemoryUpgradeCatalogue();
    private final InMemoryAlertOutbox outbox = new InMemoryAlertOutbox();
    private final TemplateCatalogue templates = new InMemoryTemplateCatalogue();
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
    public synchronized LocalJob create(ProjectId projectId, Function<JobId, LocalJob> make) {
        LocalJob job = make.apply(JobId.of(ids.incrementAndGet()));
        requireFreeName(job, null);
        jobs.put(new Key(projectId, job.id()), job);
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
    public synchronized Optional<LocalJob> redefine(ProjectId projectId, JobId id, UnaryOperator<LocalJob> change) {
        Key key = new Key(projectId, id);
        return Optional.ofNullable(jobs.computeIfPresent(key, (k, current) -> {
            LocalJob changed = Objects.requireNonNull(change.apply(current), "change answered null");
            JobCatalogue.requireSameKey(current, changed);
            if (!changed.name().equals(current.name())) {
                requireFreeName(changed, id);
            }
            return changed;
        }));
    }

    @Override
    public List<Removed> delete(ProjectId projectId, Collection<JobId> ids) {
        List<Removed> removed = new ArrayList<>();
        for (JobId id : ids) {
            Key key = new Key(projectId, id);
            LocalJob job = jobs.remove(key);
            if (job != null) {
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
        savepoints.compute(new Key(savepoint.projectId(), savepoint.jobId()), (key, history) -> {
            List<SavepointRecord> changed = new ArrayList<>(history == null ? List.of() : history);
            changed.add(savepoint);
            changed.sort(Comparator.comparingLong(SavepointRecord::takenAt).reversed());
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
}
