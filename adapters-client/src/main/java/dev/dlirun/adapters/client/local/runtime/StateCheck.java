package dev.dlirun.adapters.client.local.runtime;

import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * A question for a runtime: would the state at {@code restorePath} restore into {@code candidate}, and mean the same
 * thing there? Nothing runs on the cluster to answer it.
 *
 * @param candidate     the definition the job would run
 * @param restorePath   the savepoint or checkpoint (the directory holding {@code _metadata}, or that file)
 * @param writer        the definition whose run wrote the state, when the service knows it (a savepoint it took, or
 *                      one imported for the job as it was then); empty when it does not
 * @param writerRuntime what wrote the state (e.g. {@code Flink 2.2.1}), when the service knows it
 */
public record StateCheck(ProjectId projectId, JobId jobId, JobDefinition candidate, String restorePath,
                         Optional<JobDefinition> writer, Optional<String> writerRuntime) {

    public StateCheck {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(restorePath, "restorePath");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(writerRuntime, "writerRuntime");
    }
}
