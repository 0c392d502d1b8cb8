package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.LaunchLog;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.JobLogLine;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLogSource;

import java.util.Objects;
import java.util.Optional;

/**
 * The local engine's jobs' logs: the catalogue says which launch is a job's latest (the project's own job only), the
 * runtime what it logged of that launch. Only the latest launch: an earlier one's Flink id is not kept.
 */
public final class LocalJobLogs implements JobLogSource {

    private final JobCatalogue catalogue;
    private final JobRuntime runtime;

    public LocalJobLogs(JobCatalogue catalogue, JobRuntime runtime) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public Optional<JobLog> findLog(ProjectId projectId, JobId id, int limit) {
        return catalogue.find(projectId, id).map(job -> log(job, limit));
    }

    private JobLog log(LocalJob job, int limit) {
        Optional<RuntimeJobId> launch = job.run().launch();
        if (launch.isEmpty()) {
            return JobLog.neverRan(job.id());
        }
        LaunchLog log;
        try {
            log = runtime.log(job.projectId(), launch.get(), limit);
        } catch (RuntimeUnavailableException e) {
            throw new BackendUnavailableException("The job runtime cannot show the job's log now: " + e.getMessage());
        }
        return new JobLog(job.id(), Optional.of(launch.get().value()), log.lines().stream()
                .map(line -> new JobLogLine(line.process(), line.text())).toList(), log.truncated(), log.missing());
    }
}
