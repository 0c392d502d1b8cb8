package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.runtime.InsightUnavailableException;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import dev.dlirun.domain.insight.ExecutionGraph;
import dev.dlirun.domain.insight.JobCheckpoints;
import dev.dlirun.domain.insight.JobExceptions;
import dev.dlirun.domain.insight.JobMetrics;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobInsight;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the local engine can tell of its jobs at work: each job's latest launch (the catalogue keeps its runtime id),
 * as the runtime that holds it tells. A job that never ran here has nothing to show, and neither has one whose launch
 * the runtime no longer knows (a cluster forgets an ended job after a while, and an embedded one forgets every job
 * when the service restarts): those answer why rather than invented numbers.
 */
final class JobInsights implements JobInsight {

    private final JobCatalogue catalogue;
    private final JobRuntime runtime;

    JobInsights(JobCatalogue catalogue, JobRuntime runtime) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    @Override
    public ExecutionGraph executionGraph(ProjectId projectId, JobId id, Deadline deadline) {
        return ofLatestLaunch(projectId, id, runtime::executionGraph);
    }

    @Override
    public JobExceptions exceptions(ProjectId projectId, JobId id, Deadline deadline) {
        return ofLatestLaunch(projectId, id, runtime::exceptions);
    }

    @Override
    public JobCheckpoints checkpoints(ProjectId projectId, JobId id, Deadline deadline) {
        return ofLatestLaunch(projectId, id, runtime::checkpoints);
    }

    /** Every job must be the project's; one that has nothing to show answers why, beside the others' numbers. */
    @Override
    public Map<JobId, JobMetrics> metrics(ProjectId projectId, List<JobId> ids, Deadline deadline) {
        Map<JobId, LocalJob> found = catalogue.findAll(projectId, ids);
        for (JobId id : ids) {
            if (!found.containsKey(id)) {
                throw new JobNotFoundException(id);
            }
        }
        Map<JobId, JobMetrics> metrics = new HashMap<>(ids.size() * 2);
        for (JobId id : ids) {
            LocalJob job = found.get(id);
            Optional<RuntimeJobId> launch = job.run().launch();
            if (launch.isPresent() && deadline.expired()) {
                // Each job is one or more calls to the cluster: those left once the request's time is up go unasked.
                metrics.put(id, JobMetrics.none(id, "Job " + id + " was not measured within the request's time: ask "
                        + "for fewer jobs at once."));
                continue;
            }
            metrics.put(id, launch.isEmpty() ? JobMetrics.none(id, neverRan(id))
                    : ask(id, launch.get(), runtime::metrics)
                            .map(run -> JobMetrics.measured(id, run))
                            .orElseGet(() -> JobMetrics.none(id, notKnown(job))));
        }
        return metrics;
    }

    private <T> T ofLatestLaunch(ProjectId projectId, JobId id, Function<RuntimeJobId, Optional<T>> question) {
        LocalJob job = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        RuntimeJobId launch = job.run().launch()
                .orElseThrow(() -> new OperationNotAllowedException(neverRan(id)));
        return ask(id, launch, question).orElseThrow(() -> new OperationNotAllowedException(notKnown(job)));
    }

    private static <T> Optional<T> ask(JobId id, RuntimeJobId launch, Function<RuntimeJobId, Optional<T>> question) {
        try {
            return question.apply(launch);
        } catch (RuntimeUnavailableException e) {
            throw new BackendUnavailableException("the job runtime cannot tell about job " + id + " now: "
                    + e.getMessage(), e);
        } catch (InsightUnavailableException e) {
            throw new OperationNotAllowedException(e.getMessage());
        }
    }

    private static String neverRan(JobId id) {
        return "Job " + id + " has not run yet: there is no run to show.";
    }

    private static String notKnown(LocalJob job) {
        if (job.status() == JobStatus.JOB_SUBMITTING) {
            return "Job " + job.id() + " is being submitted: the job runtime does not have its run yet.";
        }
        return "The job runtime no longer knows the latest run of job " + job.id()
                + " (it forgets ended runs after a while, and an embedded cluster forgets every run when the service"
                + " restarts).";
    }
}
