package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/** A catalogue in memory: fast, thread-safe, and forgotten when the process ends. */
public final class InMemoryJobCatalogue implements JobCatalogue {

    private record Key(ProjectId projectId, JobId id) {
    }

    private final ConcurrentMap<Key, LocalJob> jobs = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, List<SavepointRecord>> savepoints = new ConcurrentHashMap<>();

    @Override
    public Optional<LocalJob> find(ProjectId projectId, JobId id) {
        return Optional.ofNullable(jobs.get(new Key(projectId, id)));
    }

    @Override
    public boolean addIfAbsent(LocalJob job) {
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
