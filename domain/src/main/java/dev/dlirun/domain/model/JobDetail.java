package dev.dlirun.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller can learn about one job: DLI's {@code job_detail}, as far as this service knows it.
 *
 * @param type          empty when the backend reports a type this service does not know
 * @param startTime     when the job last started running; empty if it never did
 * @param queueName     the DLI queue the job runs on; empty on the local engine
 * @param savepointPath where the job's savepoints go; empty if none is configured
 */
public record JobDetail(
        Job job,
        String name,
        Optional<JobType> type,
        Instant createTime,
        Optional<Instant> startTime,
        Instant updateTime,
        Optional<String> queueName,
        Optional<String> savepointPath) {

    public JobDetail {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createTime, "createTime");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(updateTime, "updateTime");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(savepointPath, "savepointPath");
    }
}
