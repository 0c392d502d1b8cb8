package dev.dlirun.adapters.client.local.model;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;

/**
 * One alert to deliver to one topic's channel: written to the catalogue's outbox with the change that causes it, and
 * delivered from there. Its {@code id} is the receiver's key to recognise it when a delivery is repeated.
 *
 * @param topic      the topic whose channel it goes to: the job's {@code smn_topic}, or a cluster topic
 * @param time       when it happened, epoch milliseconds
 * @param projectId  the job's project; {@code null} for an alert about the cluster
 * @param jobId      the job; {@code null} for an alert about the cluster
 * @param jobName    the job's name; {@code null} for an alert about the cluster
 * @param status     the job's status after the change; {@code null} for an alert about the cluster
 * @param statusDesc why: the job's root cause, or what the cluster said; {@code null} when nothing says why
 * @param cluster    where the jobs run (e.g. the Flink cluster's REST address)
 */
public record Alert(String id, AlertKind kind, String topic, long time, ProjectId projectId, JobId jobId,
                    String jobName, JobStatus status, String statusDesc, String cluster) {

    /** The longest {@code statusDesc} kept: a root cause is a line, not a stack trace. */
    public static final int MAX_DESC = 4000;

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(cluster, "cluster");
        if (kind.aboutAJob() && (projectId == null || jobId == null || jobName == null || status == null)) {
            throw new IllegalArgumentException("an alert about a job names its project, id, name and status");
        }
        if (!kind.aboutAJob() && (projectId != null || jobId != null)) {
            throw new IllegalArgumentException("an alert about the cluster names no job");
        }
        if (statusDesc != null && statusDesc.length() > MAX_DESC) {
            statusDesc = statusDesc.substring(0, MAX_DESC);
        }
    }
}
