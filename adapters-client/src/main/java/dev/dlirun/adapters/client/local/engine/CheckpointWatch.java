package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.engine.alert.AlertSettings;
import dev.dlirun.adapters.client.local.engine.alert.CheckpointStalls;
import dev.dlirun.adapters.client.local.model.AlertKind;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.runtime.InsightUnavailableException;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The observer's eye on checkpoints: of each launch it follows whose job may checkpoint and whose {@code smn_topic} has
 * an alert channel, it asks the runtime for the checkpoints a few times a window while the job runs, and raises one
 * {@link AlertKind#CHECKPOINT_STALLED} per episode of no checkpoint completing within the window. A job without a
 * channel costs no look at all: a service without alert channels asks the runtime nothing more. The end of an episode
 * (a checkpoint completes again) raises no alert of its own: the job's checkpoints show it, and a stall that comes back
 * is alerted again; a recovery alert after each short hiccup would double the noise of a flapping job.
 */
final class CheckpointWatch {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWatch.class);

    /** A launch worth watching: its job's topic has a channel and it may checkpoint. */
    private record Candidate(ProjectId projectId, JobId id, Duration interval) {
    }

    private final JobRuntime runtime;
    private final JobRuns runs;
    private final AlertSettings alerts;
    private final CheckpointStalls<RuntimeJobId> stalls;
    private final Map<RuntimeJobId, Candidate> candidates = new ConcurrentHashMap<>();
    /** Launches the runtime said take no checkpoints (or keep none it shows): never asked again. */
    private final Map<RuntimeJobId, Boolean> unwatchable = new ConcurrentHashMap<>();

    CheckpointWatch(JobRuntime runtime, JobRuns runs, AlertSettings alerts) {
        this.runtime = runtime;
        this.runs = runs;
        this.alerts = alerts;
        this.stalls = new CheckpointStalls<>(alerts.checkpointWindow());
    }

    /**
     * The catalogue holds {@code job} so: its launch is a candidate when alerts are on, its topic has a channel and it
     * may checkpoint ({@code checkpoint_enabled}, or a {@code runtime_config} that may turn checkpoints on: the
     * runtime's answer then decides).
     */
    void written(LocalJob job) {
        RuntimeJobId launch = job.run().runtimeJobId();
        if (launch == null || !alerts.enabled()) {
            return;
        }
        JobConfig config = job.definition().config();
        boolean hasChannel = job.definition().fields().get(JobField.SMN_TOPIC, String.class).map(String::strip)
                .filter(alerts.channels()::containsKey).isPresent();
        if (job.run().isActive() && hasChannel && (config.checkpointEnabled() || config.runtimeConfig().isPresent())) {
            candidates.put(launch, new Candidate(job.projectId(), job.id(),
                    Duration.ofSeconds(config.checkpointIntervalSeconds())));
        } else {
            forget(launch);
        }
    }

    /**
     * A round saw {@code launch}, whose job the catalogue says is {@code status}, as {@code seen}: while the job runs
     * (all its tasks), its checkpoints are looked at when due; otherwise the window starts again when it runs again.
     * Time is the engine's clock's, as the alerts' is.
     */
    void seen(RuntimeJobId launch, JobStatus status, ObservedJob seen) {
        Candidate candidate = candidates.get(launch);
        if (candidate == null || unwatchable.containsKey(launch)) {
            return;
        }
        long now = runs.now();
        if (status != JobStatus.JOB_RUNNING || seen.state() != ObservedJob.State.RUNNING || !seen.allTasksRunning()) {
            stalls.forget(launch);
            return;
        }
        stalls.running(launch, now, candidate.interval());
        if (!stalls.due(launch, now)) {
            return;
        }
        Optional<JobCheckpoints> checkpoints;
        try {
            checkpoints = runtime.checkpoints(launch);
        } catch (InsightUnavailableException e) {
            unwatchable.put(launch, Boolean.TRUE);
            return;
        } catch (RuntimeUnavailableException e) {
            LOG.debug("Cannot read the checkpoints of launch {} now: {}", launch, e.getMessage());
            return;
        } catch (RuntimeException e) {
            // The observer's round goes on for the other jobs: a look at checkpoints must not stop it.
            LOG.warn("Could not read the checkpoints of launch {}", launch, e);
            return;
        }
        if (checkpoints.isEmpty()) {
            return;
        }
        if (!checkpoints.get().enabled()) {
            unwatchable.put(launch, Boolean.TRUE);
            stalls.forget(launch);
            return;
        }
        JobCheckpoints known = checkpoints.get();
        OptionalLong latest = known.latestCompleted().map(c -> OptionalLong.of(c.completionTime()))
                .orElse(OptionalLong.empty());
        stalls.looked(launch, now, latest).ifPresent(stall -> {
            String why = "no checkpoint completed within " + stall.window().toSeconds() + " s"
                    + (stall.anyCompleted() ? " (the latest completed at " + Instant.ofEpochMilli(stall.since()) + ")"
                    : " since it was seen running at " + Instant.ofEpochMilli(stall.since()))
                    + "; " + known.failed() + " failed, " + known.inProgress() + " under way"
                    + known.latestFailed().flatMap(JobCheckpoints.Failed::reason)
                    .map(reason -> "; the latest failure: " + reason).orElse("");
            LOG.warn("Launch {} of job {} of project {}: {}", launch, candidate.id(), candidate.projectId(), why);
            try {
                runs.raise(candidate.projectId(), candidate.id(), launch, AlertKind.CHECKPOINT_STALLED, stored -> why);
            } catch (RuntimeException e) {
                stalls.unreported(launch);
                LOG.error("Could not raise the alert of the stalled checkpoints of launch {}: tried again at the next "
                        + "look", launch, e);
            }
        });
    }

    /** The launch is no longer followed. */
    void forget(RuntimeJobId launch) {
        candidates.remove(launch);
        unwatchable.remove(launch);
        stalls.forget(launch);
    }
}
