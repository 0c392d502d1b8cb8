package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Callers waiting for jobs to settle, woken by the catalogue's own writes ({@link #changed}), never by polling it. A
 * waiter holds no thread: it is a future, completed when its last job settles or its time runs out, on a thread of its
 * own (so that the engine's threads never write an HTTP answer).
 */
final class SettlingWaiters implements AutoCloseable {

    private record Key(ProjectId projectId, JobId id) {
    }

    private final class Waiter {
        final ProjectId projectId;
        final Collection<JobId> report;
        final Set<JobId> waitFor;
        final Set<JobId> pending;
        final AtomicBoolean finished = new AtomicBoolean();
        final Settling settling;
        final CompletableFuture<Map<JobId, JobState>> answer = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;

        Waiter(ProjectId projectId, Collection<JobId> report, Collection<JobId> waitFor, Settling settling) {
            this.projectId = projectId;
            this.report = report;
            this.waitFor = Set.copyOf(waitFor);
            this.pending = ConcurrentHashMap.newKeySet();
            this.pending.addAll(this.waitFor);
            this.settling = settling;
        }

        /** Notes that {@code job} is as it is now; answers once nothing is pending. */
        void seen(LocalJob job) {
            if (settling.settled(job.status())) {
                settled(job.id());
            }
        }

        /** Stops waiting for {@code id}; answers once nothing is pending. */
        void settled(JobId id) {
            if (pending.remove(id) && pending.isEmpty()) {
                finish();
            }
        }

        void finish() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            waitFor.forEach(id -> unregister(new Key(projectId, id), this));
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            try {
                answers.execute(() -> {
                    try {
                        answer.complete(states(projectId, report));
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                answer.completeExceptionally(new BackendUnavailableException("the service is stopping"));
            }
        }
    }

    private final JobCatalogue catalogue;
    private final Map<Key, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService answers;

    SettlingWaiters(JobCatalogue catalogue) {
        this.catalogue = catalogue;
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("dlirun-wait-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timer = scheduler;
        this.answers = Executors.newFixedThreadPool(2, daemon("dlirun-wait-answer"));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    CompletableFuture<Map<JobId, JobState>> await(ProjectId projectId, Collection<JobId> report,
                                                  Collection<JobId> waitFor, Settling settling, Duration atMost) {
        Waiter waiter = new Waiter(projectId, report, waitFor, settling);
        if (waiter.pending.isEmpty() || atMost.isZero()) {
            waiter.finish();
            return waiter.answer;
        }
        // Registered first, then looked at: a change in between is seen by one or the other.
        waiter.pending.forEach(id -> waiting.compute(new Key(projectId, id), (key, waiters) -> {
            Set<Waiter> registered = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            registered.add(waiter);
            return registered;
        }));
        waiter.timeout = timer.schedule(waiter::finish, atMost.toNanos(), TimeUnit.NANOSECONDS);
        Map<JobId, LocalJob> now = catalogue.findAll(projectId, waiter.waitFor);
        now.values().forEach(waiter::seen);
        // A job that does not exist (any more) will not settle: nothing to wait for.
        if (waiter.pending.removeIf(id -> !now.containsKey(id)) && waiter.pending.isEmpty()) {
            waiter.finish();
        }
        return waiter.answer;
    }

    /** The catalogue wrote {@code job}: wakes whoever waits for it. */
    void changed(LocalJob job) {
        Set<Waiter> waiters = waiting.get(new Key(job.projectId(), job.id()));
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.seen(job));
        }
    }

    /** The catalogue no longer holds {@code job}: it will not settle, so no one waits for it any more. */
    void gone(LocalJob job) {
        Set<Waiter> waiters = waiting.get(new Key(job.projectId(), job.id()));
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.settled(job.id()));
        }
    }

    /** Whether anyone waits for the job. */
    boolean waitsFor(ProjectId projectId, JobId id) {
        return waiting.containsKey(new Key(projectId, id));
    }

    /** The catalogue no longer holds the job (another instance deleted it): no one waits for it any more. */
    void gone(ProjectId projectId, JobId id) {
        Set<Waiter> waiters = waiting.get(new Key(projectId, id));
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.settled(id));
        }
    }

    /** Looks again at every job someone waits for: changes may have gone unheard. */
    void recheck() {
        for (Key key : Set.copyOf(waiting.keySet())) {
            Optional<LocalJob> job = catalogue.find(key.projectId(), key.id());
            if (job.isPresent()) {
                changed(job.get());
            } else {
                gone(key.projectId(), key.id());
            }
        }
    }

    private void unregister(Key key, Waiter waiter) {
        waiting.computeIfPresent(key, (k, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    private Map<JobId, JobState> states(ProjectId projectId, Collection<JobId> ids) {
        Map<JobId, JobState> states = new HashMap<>();
        catalogue.findAll(projectId, ids).forEach((id, job) -> states.put(id, new JobState(id, job.status(),
                Optional.ofNullable(job.run().statusDesc()))));
        return states;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        answers.shutdown();
    }
}
