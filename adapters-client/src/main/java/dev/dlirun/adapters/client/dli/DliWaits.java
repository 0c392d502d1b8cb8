package dev.dlirun.adapters.client.dli;

import dev.dlirun.adapters.client.dli.DliLookups.Fetched;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Waits for jobs to settle at DLI: polls of their state, scheduled on a pool of their own. */
final class DliWaits implements AutoCloseable {

    /** How often a wait asks DLI again about the jobs that have not settled yet. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final DliCalls calls;
    private final DliLookups lookups;
    /** Schedules the polls of waits; the polls' calls run on the pool of {@link DliCalls}. */
    private final ScheduledExecutorService waits;

    DliWaits(DliCalls calls, DliLookups lookups) {
        this.calls = calls;
        this.lookups = lookups;
        this.waits = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "dli-wait");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * DLI tells no one when a job changes: a wait asks for the detail of each job that has not settled, once every
     * {@link #POLL}, on the bounded pool of calls to DLI, and never past {@code atMost}. No request thread waits.
     */
    CompletionStage<Map<JobId, JobState>> awaitSettled(ProjectId projectId, Collection<JobId> report,
                                                       Collection<JobId> waitFor, Settling settling,
                                                       Duration atMost) {
        CompletableFuture<Map<JobId, JobState>> answer = new CompletableFuture<>();
        Deadline deadline = Deadline.after(atMost);
        Set<JobId> pending = new HashSet<>(waitFor);
        Map<JobId, Optional<JobState>> known = new HashMap<>();
        Runnable poll = new Runnable() {
            @Override
            public void run() {
                try {
                    if (!pending.isEmpty()) {
                        known.putAll(states(projectId, pending, deadline));
                        // Settled, or gone; a job DLI could not tell about this time is asked about again.
                        pending.removeIf(id -> known.containsKey(id)
                                && known.get(id).map(state -> settling.settled(state.status())).orElse(true));
                    }
                    if (!pending.isEmpty() && deadline.remaining().compareTo(POLL) > 0) {
                        waits.schedule(this, POLL.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    }
                    Set<JobId> others = new HashSet<>(report);
                    others.removeAll(waitFor);
                    known.putAll(states(projectId, others, Deadline.after(calls.settings().readTimeout())));
                    Map<JobId, JobState> states = new HashMap<>();
                    report.forEach(id -> known.getOrDefault(id, Optional.empty())
                            .ifPresent(state -> states.put(id, state)));
                    answer.complete(states);
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }
        };
        waits.execute(poll);
        return answer;
    }

    /**
     * The state of each job as DLI says it now: empty for a job that does not exist; a job DLI could not tell about
     * in time is left out.
     */
    private Map<JobId, Optional<JobState>> states(ProjectId project, Collection<JobId> ids, Deadline deadline) {
        Map<JobId, Future<Fetched>> asked = new LinkedHashMap<>();
        for (JobId id : ids) {
            asked.put(id, calls.submit(() -> lookups.fetch(project, id, deadline)));
        }
        Map<JobId, Optional<JobState>> states = new HashMap<>();
        asked.forEach((id, call) -> {
            Fetched fetched = DliCalls.await(call, deadline, () -> new Fetched.Unavailable("late"));
            if (fetched instanceof Fetched.Found found) {
                states.put(id, Optional.of(new JobState(id, found.detail().job().status(),
                        found.detail().statusDesc())));
            } else if (fetched instanceof Fetched.Missing) {
                states.put(id, Optional.empty());
            }
        });
        return states;
    }

    /** Stops the polls of waits. */
    @Override
    public void close() {
        waits.shutdownNow();
    }
}
