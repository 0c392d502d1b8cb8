package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the batch endpoints need to know of every job of a {@link JdbcJobCatalogue}, kept in memory: its key, status and
 * whether it has a savepoint (about 100 bytes of heap a job), so that judging a batch asks no query of the database.
 *
 * <p>The table stays the truth; this follows it. Every write of the catalogue runs {@link #write holding the locks} of
 * the jobs it names, from before its transaction until its changes are {@linkplain #put put} here after the commit:
 * two writes of one job reach the index in the order they were committed, and a write that rolls back changes nothing
 * here. The table is {@linkplain #load loaded} in the background when the catalogue is asked to; until that ends the
 * index is not {@linkplain #complete complete}, and lookups go to the table. Writes committed before the load began
 * are in what it reads, and leave the index alone; a job written while it runs is written here by its writer, and the
 * load, which may have read an older row, leaves it alone.
 */
final class JobIndex {

    private static final JobStatus[] STATUSES = JobStatus.values();

    /** Per project, per id: the status's ordinal times two, plus one when the job has a savepoint. */
    private final Map<String, Map<Long, Byte>> projects = new ConcurrentHashMap<>();
    /** The locks of the jobs writers hold or wait for, by key; a lock is dropped when its last user releases it. */
    private final Map<String, KeyLock> locks = new ConcurrentHashMap<>();
    /**
     * The jobs writers changed while the load runs; null before it begins and once it has ended (a write committed
     * before the load began is in what the load reads).
     */
    private volatile Set<String> writtenWhileLoading;
    private volatile boolean complete;

    /** One job's lock, and how many writers hold it or wait for it (changed only inside the map's compute). */
    private static final class KeyLock {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }

    /** Whether the index holds every job of the table: until then, {@link #find} must not be asked. */
    boolean complete() {
        return complete;
    }

    /** The jobs of {@code ids} in the project, as the table holds them; ids without a job are left out. */
    Map<JobId, Job> find(ProjectId projectId, Collection<JobId> ids) {
        Map<Long, Byte> jobs = projects.get(projectId.value());
        Map<JobId, Job> found = new HashMap<>(ids.size() * 2);
        if (jobs == null) {
            return found;
        }
        for (JobId id : ids) {
            Byte state = jobs.get(id.value());
            if (state != null) {
                found.put(id, new Job(projectId, id, STATUSES[state >> 1], (state & 1) == 1));
            }
        }
        return found;
    }

    /**
     * Runs {@code write} (a transaction of the catalogue, and the {@link #put}s and {@link #remove}s of what it
     * committed) holding the locks of the jobs it names, taken in one order so that writers never wait for each other
     * in a circle. Writers take these before any row lock of the database. One lock per job, so writes of different
     * jobs never wait for each other here (locks shared by hash did: batches of 100 then queued behind each other).
     */
    <T> T write(ProjectId projectId, Collection<JobId> ids, Supplier<T> write) {
        return write(ids.stream().map(id -> key(projectId.value(), id.value())), write);
    }

    /** As {@link #write(ProjectId, Collection, Supplier)} for jobs of several projects. */
    <T> T write(Collection<LocalJob> jobs, Supplier<T> write) {
        return write(jobs.stream().map(job -> key(job.projectId().value(), job.id().value())), write);
    }

    private <T> T write(Stream<String> keys, Supplier<T> write) {
        String[] held = keys.distinct().sorted().toArray(String[]::new);
        int locked = 0;
        try {
            for (String key : held) {
                acquire(key);
                locked++;
            }
            return write.get();
        } finally {
            for (int i = locked - 1; i >= 0; i--) {
                release(held[i]);
            }
        }
    }

    /**
     * Locks the one job of a write that learns its id inside its transaction (a create): the caller holds no other
     * lock of the index, and {@link #unlock}s the key this answers once it has {@link #put} the job.
     */
    String lock(ProjectId projectId, JobId id) {
        String key = key(projectId.value(), id.value());
        acquire(key);
        return key;
    }

    /** Releases a lock {@link #lock} took. */
    void unlock(String key) {
        release(key);
    }

    private void acquire(String key) {
        KeyLock taken = locks.compute(key, (k, lock) -> {
            KeyLock used = lock == null ? new KeyLock() : lock;
            used.users++;
            return used;
        });
        taken.lock.lock();
    }

    private void release(String key) {
        locks.computeIfPresent(key, (k, lock) -> {
            lock.lock.unlock();
            return --lock.users == 0 ? null : lock;
        });
    }

    /**
     * Records the job as committed. The caller holds its lock (see {@link #write}). Before a load has begun this does
     * nothing: the load reads what was committed before it (a jobs file's import costs the index nothing).
     */
    void put(LocalJob job) {
        String project = job.projectId().value();
        long id = job.id().value();
        if (!following(project, id)) {
            return;
        }
        projects.computeIfAbsent(project, p -> new ConcurrentHashMap<>())
                .put(id, state(job.status(), job.hasSavepoint()));
    }

    /** Records the job as deleted. The caller holds its lock (see {@link #write}); before a load, nothing. */
    void remove(ProjectId projectId, JobId id) {
        if (!following(projectId.value(), id.value())) {
            return;
        }
        Map<Long, Byte> jobs = projects.get(projectId.value());
        if (jobs != null) {
            jobs.remove(id.value());
        }
    }

    /** Whether the index follows the writes (a load has begun), noting the job if a load runs. */
    private boolean following(String project, long id) {
        Set<String> written = writtenWhileLoading;
        if (written != null) {
            written.add(key(project, id));
            return true;
        }
        return complete;
    }

    /** Begins a load: call before the table is read, so that every write the reading may miss is noted. */
    void loading() {
        writtenWhileLoading = ConcurrentHashMap.newKeySet();
    }

    /**
     * Gives up a load that failed: the index stays incomplete (lookups ask the table), follows writes no more, and lets
     * go of what the load had read (never read again: a catalogue loads its index once).
     */
    void loadFailed() {
        writtenWhileLoading = null;
        projects.clear();
    }

    /**
     * Takes in a row the load read from the table, unless a writer has written that job since the load began (its
     * row may be older than what the writer put). Rows of one project come together: {@code loading} keeps the last
     * project's map at hand. The check and the insert are one step of the map for that id, and a writer notes the job
     * before it writes it here, so the load never undoes a writer's put or remove.
     */
    void load(Loading loading, String project, long id, JobStatus status, boolean hasSavepoint) {
        if (!project.equals(loading.project)) {
            loading.project = project;
            loading.jobs = projects.computeIfAbsent(project, p -> new ConcurrentHashMap<>());
        }
        Set<String> written = writtenWhileLoading;
        Byte loaded = state(status, hasSavepoint);
        loading.jobs.compute(id, (key, current) -> current != null
                || written != null && !written.isEmpty() && written.contains(key(project, id)) ? current : loaded);
    }

    /** A load under way: the project of the last row, and its map. */
    static final class Loading {
        private String project;
        private Map<Long, Byte> jobs;
    }

    /**
     * Ends the load: from now on the index holds every job of the table. Complete first, then no longer noting: a
     * writer that finds nothing to note (see {@link #following}) finds the index complete, and writes it.
     */
    void loaded() {
        complete = true;
        writtenWhileLoading = null;
    }

    private static Byte state(JobStatus status, boolean hasSavepoint) {
        return (byte) (status.ordinal() * 2 + (hasSavepoint ? 1 : 0));
    }

    private static String key(String project, long id) {
        return project + '\u0000' + id;
    }
}
