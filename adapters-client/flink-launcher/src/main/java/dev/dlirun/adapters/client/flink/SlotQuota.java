package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.HashMap;
import java.util.Map;

/**
 * The task slots each project's jobs hold on a cluster the service runs, and the most one project may hold at once,
 * so that no project can take every slot and leave the others' jobs waiting. A job holds the slots of its highest
 * parallelism (Flink's default slot sharing puts one of each of its operators in a slot) from its admission until
 * Flink reports it ended or no longer has it. A job that would take its project past the limit is refused, saying why.
 */
final class SlotQuota {

    /** A launch Flink does not list yet is still being submitted for this long at most. */
    private static final long SUBMITTING_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private record Held(ProjectId project, int slots, long admitted) {
    }

    private final int perProject;
    private final Map<RuntimeJobId, Held> held = new HashMap<>();

    /** @param perProject the most slots one project may hold at once; 0 for no limit */
    SlotQuota(int perProject) {
        if (perProject < 0) {
            throw new IllegalArgumentException("--project-slots cannot be negative");
        }
        this.perProject = perProject;
    }

    /**
     * Admits the launch {@code id} of a job of {@code project} that takes {@code slots}, or refuses it.
     *
     * @throws LaunchRefusedException when the project would hold more than it may
     */
    synchronized void admit(ProjectId project, RuntimeJobId id, int slots) throws LaunchRefusedException {
        if (perProject == 0) {
            return;
        }
        int holding = held.entrySet().stream().filter(entry -> !entry.getKey().equals(id)
                && entry.getValue().project().equals(project)).mapToInt(entry -> entry.getValue().slots()).sum();
        if (holding + slots > perProject) {
            throw new LaunchRefusedException("Project " + project + " may hold " + perProject + " task slots at once "
                    + "(--project-slots); its running jobs hold " + holding + " and this job needs " + slots
                    + " (its highest parallelism). Stop one of them, or lower the job's parallelism.");
        }
        held.put(id, new Held(project, slots, System.nanoTime()));
    }

    /** Gives back the slots of a launch that did not go to the cluster after all. */
    synchronized void release(RuntimeJobId id) {
        held.remove(id);
    }

    /**
     * Gives back the slots of the launches that ended, or that the cluster no longer has (one admitted moments ago may
     * not be listed yet: it keeps its slots while it is being submitted).
     */
    synchronized void follow(Map<RuntimeJobId, ObservedJob> cluster) {
        long now = System.nanoTime();
        held.entrySet().removeIf(entry -> {
            ObservedJob job = cluster.get(entry.getKey());
            return job == null ? now - entry.getValue().admitted() > SUBMITTING_NANOS : job.state().isTerminal();
        });
    }
}
