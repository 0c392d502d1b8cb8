package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.engine.alert.AlertRules;
import dev.dlirun.adapters.client.local.model.AlertKind;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.RunEvent;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.outcome.Decision;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.version.VersionStamp;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one writer of jobs' runs: every change of a run is a {@link RunEvent}, written as one compare-and-set of the
 * catalogue on the job's latest launch and the statuses the event may move it from. Late news (about an older launch,
 * or a job that has moved on) changes nothing.
 */
final class JobRuns {

    private final JobCatalogue catalogue;
    private final Clock clock;
    /** Which changes raise alerts: written to the catalogue's outbox with the change itself. */
    private final AlertRules alerts;

    JobRuns(JobCatalogue catalogue, Clock clock) {
        this(catalogue, clock, AlertRules.NONE);
    }

    JobRuns(JobCatalogue catalogue, Clock clock, AlertRules alerts) {
        this.catalogue = catalogue;
        this.clock = clock;
        this.alerts = alerts;
    }

    Optional<LocalJob> find(ProjectId projectId, JobId id) {
        return catalogue.find(projectId, id);
    }

    /**
     * Applies {@code event} to the job's run if its latest launch is {@code launch} ({@code null}: a job never
     * launched here, from an older catalogue or a jobs file) and the event applies to its status; otherwise leaves it.
     *
     * @return the job as stored afterwards; empty when there is no such job
     */
    Optional<LocalJob> apply(ProjectId projectId, JobId id, RuntimeJobId launch, RunEvent event) {
        long now = clock.millis();
        return update(projectId, id, event, now, job -> {
            boolean latest = launch == null ? job.run().runtimeJobId() == null : job.isLaunch(launch);
            return latest ? moved(job, event, now) : job;
        });
    }

    /**
     * Whether the job is still waiting for its launch {@code launch} ({@code job_submitting}), looked at in a write
     * transaction of this writer's catalogue: when it is fenced, a writer that no longer holds the cluster's work
     * learns so here ({@link dev.dlirun.adapters.client.local.catalogue.LeaseLostException}), right before it would
     * hand the launch to the runtime.
     */
    boolean stillToLaunch(ProjectId projectId, JobId id, RuntimeJobId launch) {
        return catalogue.update(projectId, id, UnaryOperator.identity())
                .filter(job -> job.isLaunch(launch) && job.status() == dev.dlirun.domain.model.JobStatus.JOB_SUBMITTING)
                .isPresent();
    }

    /** As {@link #apply}, whatever the job's latest launch: for what a caller does to the job itself. */
    Optional<LocalJob> applyToAnyLaunch(ProjectId projectId, JobId id, RunEvent event) {
        long now = clock.millis();
        return update(projectId, id, event, now, job -> moved(job, event, now));
    }

    /** The change, and the alerts it raises written with it in one atomic step. */
    private Optional<LocalJob> update(ProjectId projectId, JobId id, RunEvent event, long now,
                                      UnaryOperator<LocalJob> change) {
        return alerts.enabled()
                ? catalogue.update(projectId, id, change, (before, after) -> alerts.onChange(before, event, after, now))
                : catalogue.update(projectId, id, change);
    }

    /**
     * Raises an alert of {@code kind} about the job, saying {@code why}, if its latest launch is still {@code launch}:
     * what no status says (a restart loop). The alert is written with a look at the job, in one atomic step.
     */
    Optional<LocalJob> raise(ProjectId projectId, JobId id, RuntimeJobId launch, AlertKind kind,
                             Function<LocalJob, String> why) {
        if (!alerts.enabled()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return catalogue.update(projectId, id, UnaryOperator.identity(), (before, after) -> after.isLaunch(launch)
                ? alerts.about(kind, after, why.apply(after), now) : List.of());
    }

    /** The time now, by the clock the runs' changes and alerts are stamped with. */
    long now() {
        return clock.millis();
    }

    /** Raises an alert of {@code kind} about the cluster, saying {@code why}. */
    void raiseAboutTheCluster(AlertKind kind, String why) {
        if (alerts.enabled()) {
            catalogue.alertOutbox().add(alerts.aboutCluster(kind, why, clock.millis()));
        }
    }

    /**
     * Claims the jobs of {@code ids} in one durable step: each the rules allow as it is now is moved by the event
     * they make of it; each they refuse is left, its refusal put in {@code refusals}.
     *
     * @return each job as stored afterwards, by id; ids without a job are left out
     */
    Map<JobId, LocalJob> claim(ProjectId projectId, Collection<JobId> ids, Function<LocalJob, Decision> rules,
                               Function<LocalJob, RunEvent> event, Map<JobId, JobOutcome> refusals) {
        long now = clock.millis();
        // The change may run more than once for a job: the last run's decision is the one stored.
        Map<JobId, JobOutcome> decided = new HashMap<>();
        Map<JobId, LocalJob> stored = catalogue.updateAll(projectId, ids, current -> {
            if (rules.apply(current) instanceof Decision.Refuse refuse) {
                decided.put(current.id(), refuse.outcome());
                return current;
            }
            decided.remove(current.id());
            return moved(current, event.apply(current), now);
        });
        refusals.putAll(decided);
        return stored;
    }

    /**
     * Replaces the job's definition with the one {@code change} makes of the job, and stores the version it makes as
     * {@code stamp} says, in one atomic step with every other write of the job; its run is as it was
     * ({@link RunEvent.Redefined}).
     */
    Optional<JobCatalogue.Redefined> redefine(ProjectId projectId, JobId id, Function<LocalJob, JobDefinition> change,
                                              VersionStamp stamp) {
        return redefine(projectId, id, change, Optional.empty(), stamp);
    }

    /**
     * As {@link #redefine(ProjectId, JobId, Function, VersionStamp)}, and when {@code restore} names a savepoint, it
     * becomes the one the job restores, as an import makes it ({@link RunEvent.SavepointImported}): a rollback's.
     */
    Optional<JobCatalogue.Redefined> redefine(ProjectId projectId, JobId id, Function<LocalJob, JobDefinition> change,
                                              Optional<String> restore, VersionStamp stamp) {
        return catalogue.redefine(projectId, id, job -> {
            long now = clock.millis();
            LocalJob redefined = moved(job.with(change.apply(job)), new RunEvent.Redefined(), now);
            return restore.map(path -> moved(redefined, new RunEvent.SavepointImported(path), now)).orElse(redefined);
        }, stamp);
    }

    private static LocalJob moved(LocalJob job, RunEvent event, long now) {
        Optional<JobRun> after = job.run().on(event, now);
        return after.isPresent() ? job.with(after.get()) : job;
    }
}
