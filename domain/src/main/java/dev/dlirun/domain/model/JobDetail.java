package dev.dlirun.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller can learn about one job: DLI's {@code job_detail}, as far as this service knows it.
 *
 * @param type          empty when the backend reports a type this service does not know
 * @param statusDesc    why the job is in its status, when that needs saying (a failure's cause, what to do)
 * @param startTime     when the job last started running; empty if it never did
 * @param queueName     the DLI queue the job runs on; empty on the local engine
 * @param savepointPath the savepoint a resume restores; empty if there is none
 * @param code          the job's code and run settings; empty when the backend did not tell
 * @param allowNonRestoredState whether the job's latest run may drop the state of operators the job no longer has;
 *                      empty when the backend does not say (DLI has no such choice)
 */
public record JobDetail(
        Job job,
        String name,
        Optional<JobType> type,
        Optional<String> statusDesc,
        Instant createTime,
        Optional<Instant> startTime,
        Instant updateTime,
        Optional<String> queueName,
        Optional<String> savepointPath,
        Optional<JobDefinition> code,
        Optional<Boolean> allowNonRestoredState) {

    /** The detail of a backend that says nothing of dropping state. */
    public JobDetail(Job job, String name, Optional<JobType> type, Optional<String> statusDesc, Instant createTime,
                     Optional<Instant> startTime, Instant updateTime, Optional<String> queueName,
                     Optional<String> savepointPath, Optional<JobDefinition> code) {
        this(job, name, type, statusDesc, createTime, startTime, updateTime, queueName, savepointPath, code,
                Optional.empty());
    }

    public JobDetail {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(statusDesc, "statusDesc");
        Objects.requireNonNull(createTime, "createTime");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(updateTime, "updateTime");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(savepointPath, "savepointPath");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(allowNonRestoredState, "allowNonRestoredState");
    }
}
