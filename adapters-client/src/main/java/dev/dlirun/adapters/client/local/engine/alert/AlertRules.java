package dev.dlirun.adapters.client.local.engine.alert;

import dev.dlirun.adapters.client.local.model.Alert;
import dev.dlirun.adapters.client.local.model.AlertKind;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which changes of a job's run raise an alert, and to whom: a job's alerts go to the channel of its {@code smn_topic}
 * (when the operator configured one: an allowlist), the cluster's to the cluster topics. Pure but for the log and the
 * alerts' random ids.
 */
public final class AlertRules {

    private static final Logger LOG = LoggerFactory.getLogger(AlertRules.class);

    /** No alert channel: nothing is raised. */
    public static final AlertRules NONE = new AlertRules(AlertSettings.NONE, "none");

    private final AlertSettings settings;
    private final String cluster;

    /** @param cluster where the jobs run, as alerts name it */
    public AlertRules(AlertSettings settings, String cluster) {
        this.settings = settings;
        this.cluster = cluster;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public AlertSettings settings() {
        return settings;
    }

    /**
     * The alerts {@code event} raises, having moved the job from {@code before} to {@code after} at {@code now}: it
     * failed for good ({@link RunEvent.Failed}, a launch that failed, a launch the runtime lost while it did not say
     * job_running_exception already), or its stop's
     * savepoint failed. A failure the job restarts from ({@link RunEvent.Failing}) raises none: a restart loop does.
     * An event that did not apply (the run is unchanged) raises none.
     */
    public List<Alert> onChange(LocalJob before, RunEvent event, LocalJob after, long now) {
        if (!enabled() || before.run().equals(after.run())) {
            return List.of();
        }
        JobStatus status = after.status();
        // A launch found gone when the job already said job_running_exception raises none: its failure was told
        // when it happened (a restart of the service finds a failed job so, and marks it gone, when it cannot resume).
        boolean gone = event instanceof RunEvent.Gone && before.status() != JobStatus.JOB_RUNNING_EXCEPTION;
        boolean failedForGood = (event instanceof RunEvent.Failed || event instanceof RunEvent.LaunchFailed || gone)
                && (status == JobStatus.JOB_SUBMIT_FAIL || status == JobStatus.JOB_RUNNING_EXCEPTION);
        if (failedForGood) {
            return about(AlertKind.JOB_FAILED, after, after.run().statusDesc(), now);
        }
        if (event instanceof RunEvent.StopWithSavepointFailed && before.status() == JobStatus.JOB_SAVEPOINTING) {
            return about(AlertKind.STOP_SAVEPOINT_FAILED, after, after.run().statusDesc(), now);
        }
        return List.of();
    }

    /** An alert of {@code kind} about {@code job}, saying {@code why}, to its topic's channel; none without one. */
    public List<Alert> about(AlertKind kind, LocalJob job, String why, long now) {
        if (!kind.aboutAJob()) {
            throw new IllegalArgumentException(kind + " is not about a job");
        }
        Optional<String> topic = job.definition().fields().get(JobField.SMN_TOPIC, String.class).map(String::strip)
                .filter(name -> !name.isEmpty());
        if (topic.isEmpty() || !enabled()) {
            return List.of();
        }
        if (!settings.channels().containsKey(topic.get())) {
            LOG.warn("Job {} of project {} names the smn_topic '{}', for which no alert channel is configured: its "
                    + "{} alert is not sent", job.id(), job.projectId(), topic.get(), kind.wireName());
            return List.of();
        }
        return List.of(new Alert(newId(), kind, topic.get(), now, job.projectId(), job.id(), job.name(), job.status(),
                why, cluster));
    }

    /** An alert of {@code kind} about the cluster, saying {@code why}, to each of the cluster topics. */
    public List<Alert> aboutCluster(AlertKind kind, String why, long now) {
        if (kind.aboutAJob()) {
            throw new IllegalArgumentException(kind + " is about a job");
        }
        return settings.topicsOfClusterAlerts().stream()
                .map(topic -> new Alert(newId(), kind, topic, now, null, null, null, null, why, cluster)).toList();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
