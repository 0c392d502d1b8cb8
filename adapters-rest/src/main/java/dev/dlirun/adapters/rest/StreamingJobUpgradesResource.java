package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.api.StreamingJobUpgradesApi;
import dev.dlirun.adapters.rest.generated.model.FlinkJobUpgrade;
import dev.dlirun.adapters.rest.generated.model.StateCheckOperator;
import dev.dlirun.adapters.rest.generated.model.UpgradeFlinkJobRequest;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeNotFoundException;
import dev.dlirun.domain.upgrade.UpgradeRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one-call upgrades of running jobs, the interface generated from the spec (tag {@code StreamingJobUpgrades}), an
 * extension: {@code POST /v1.0/{project_id}/streaming/jobs/{job_id}/upgrade} begins one on the
 * {@link dev.dlirun.domain.port.in.UpgradeJobs} use case and answers 202 with where it is shown, or, for a caller who
 * prefers to wait ({@link WaitPreference}), 200 once it has settled; {@code GET .../upgrades/{upgrade_id}} shows one.
 */
@Singleton
public final class StreamingJobUpgradesResource implements StreamingJobUpgradesApi {

    /** The path segment that names a job's most recently begun upgrade, whatever its id. */
    static final String LATEST = "latest";

    private final JobUseCases useCases;

    @Inject
    public StreamingJobUpgradesResource(JobUseCases useCases) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    @Override
    public CompletionStage<Response> upgradeFlinkJob(String projectId, Long jobId, UpgradeFlinkJobRequest body,
                                                     String prefer) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        JobUpgrade upgrade = useCases.upgrades().start(project, id, request(body));
        String location = location(project, id, upgrade.id());
        Optional<Duration> wait = WaitPreference.parse(prefer);
        if (wait.isEmpty()) {
            return CompletableFuture.completedFuture(Response.accepted(answer(upgrade))
                    .header("Location", location).build());
        }
        return answerOnceSettled(project, id, upgrade.id(), wait.get(), location);
    }

    @Override
    public CompletionStage<Response> showFlinkJobUpgrade(String projectId, Long jobId, String upgradeId,
                                                         String prefer) {
        ProjectId project = ProjectId.of(projectId);
        JobId id = JobDetailMapping.toJobId(jobId);
        JobUpgrade shown = (LATEST.equals(upgradeId) ? useCases.upgrades().latest(project, id)
                : UpgradeId.parse(upgradeId).flatMap(upgrade -> useCases.upgrades().show(project, id, upgrade)))
                .orElseThrow(() -> new UpgradeNotFoundException(id, upgradeId));
        UpgradeId upgrade = shown.id();
        Optional<Duration> wait = WaitPreference.parse(prefer);
        if (wait.isEmpty() || shown.settled()) {
            return CompletableFuture.completedFuture(Response.ok(answer(shown)).build());
        }
        return answerOnceSettled(project, id, upgrade, wait.get(), null);
    }

    private CompletionStage<Response> answerOnceSettled(ProjectId project, JobId id, UpgradeId upgrade, Duration wait,
                                                        String location) {
        Duration applied = useCases.upgrades().applied(wait);
        return useCases.upgrades().awaitSettled(project, id, upgrade, wait).thenApply(settled -> {
            Response.ResponseBuilder answer = Response.ok(answer(settled))
                    .header(StreamingJobsResource.PREFERENCE_APPLIED, "wait=" + applied.toSeconds());
            return (location == null ? answer : answer.header("Location", location)).build();
        });
    }

    /** Where the upgrade is shown, relative to the service's root. */
    static String location(ProjectId project, JobId id, UpgradeId upgrade) {
        return "/v1.0/" + project.value() + "/streaming/jobs/" + id.value() + "/upgrades/" + upgrade.value();
    }

    /** The upgrade a body asks for: the new version's fields (those of a state check), its timeout and dropping. */
    static UpgradeRequest request(UpgradeFlinkJobRequest body) {
        if (body == null) {
            throw new InvalidInputException(JobRequests.BODY, JobRequests.BODY_RULE);
        }
        return new UpgradeRequest(JobDefinitionRequests.fields(body).only(StateCheckRequest.CHANGEABLE),
                body.getTimeoutSeconds() == null ? UpgradeRequest.DEFAULT_TIMEOUT
                        : Duration.ofSeconds(body.getTimeoutSeconds()),
                Boolean.TRUE.equals(body.getAllowNonRestoredState()));
    }

    static FlinkJobUpgrade answer(JobUpgrade upgrade) {
        FlinkJobUpgrade answer = new FlinkJobUpgrade().upgradeId(upgrade.id().value())
                .jobId(upgrade.jobId().value())
                .status(FlinkJobUpgrade.StatusEnum.fromValue(upgrade.status().wireName()))
                .from(upgrade.from().toJson())
                .to(upgrade.to().toJson())
                .savepointPath(upgrade.savepoint().orElse(null))
                .why(upgrade.why().orElse(null))
                .timeoutSeconds(Math.toIntExact(upgrade.timeout().toSeconds()))
                .allowNonRestoredState(upgrade.allowNonRestoredState())
                .createdAt(upgrade.created().toEpochMilli())
                .updatedAt(upgrade.updated().toEpochMilli());
        upgrade.verdict().ifPresent(verdict -> answer
                .verdict(FlinkJobUpgrade.VerdictEnum.fromValue(verdict.kind().wireName()))
                .verdictReason(verdict.reason())
                .operators(verdict.operators().stream().map(note -> new StateCheckOperator()
                        .operatorId(note.operatorId()).operator(note.operator()).note(note.note())).toList()));
        return answer;
    }
}
