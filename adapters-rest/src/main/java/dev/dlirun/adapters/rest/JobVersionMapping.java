package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.model.FlinkJobVersion;
import dev.dlirun.adapters.rest.generated.model.FlinkJobVersionResponse;
import dev.dlirun.adapters.rest.generated.model.JobTag;
import dev.dlirun.adapters.rest.generated.model.ListFlinkJobVersionsResponse;
import dev.dlirun.adapters.rest.generated.model.StateCheckVerdict;
import dev.dlirun.adapters.rest.generated.model.StateCheckVerdictOperatorsInner;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;

/**
 * The edge of a job's versions (an extension): the list's paging in, each version out as a summary (no code), or,
 * shown alone, with its definition in the job detail's shape ({@link JobDetailMapping}).
 */
public final class JobVersionMapping {

    private JobVersionMapping() {
    }

    /** The list's query, from its parameters (JAX-RS has read their types; the domain checks their ranges). */
    static VersionQuery query(ProjectId projectId, JobId id, Integer limit, Long offset) {
        return new VersionQuery(projectId, id, limit == null ? JobQuery.DEFAULT_LIMIT : limit,
                offset == null ? 0 : offset);
    }

    /** The path's version number; one that is not a number at all never gets here (see {@link #malformedNumber}). */
    static int number(Integer version) {
        if (version == null) {
            throw malformedNumber();
        }
        return version;
    }

    /** The rule a path's version breaks when it is not a number (or one beyond an {@code int}). */
    public static InvalidInputException malformedNumber() {
        return new InvalidInputException("version", "must be an integer from 1 to " + Integer.MAX_VALUE);
    }

    static ListFlinkJobVersionsResponse toResponse(JobId id, VersionPage page) {
        return new ListFlinkJobVersionsResponse()
                .isSuccess(true)
                .message("")
                .jobId(id.value())
                .totalCount(page.totalCount())
                .versions(page.versions().stream().map(JobVersionMapping::summary).toList());
    }

    /** One version, its definition whole. */
    static FlinkJobVersionResponse toResponse(JobVersion version) {
        return response(version, "", summary(version)
                .definition(JobDetailMapping.toWire(version.definition()))
                .tags(version.definition().tags().stream()
                        .map(tag -> new JobTag().key(tag.key()).value(tag.value())).toList()));
    }

    /** The version a rollback made, as the list shows it. */
    static FlinkJobVersionResponse rolledBack(JobVersion version) {
        return response(version, "Job " + version.jobId() + " is rolled back to version "
                + version.rolledBackFrom().orElseThrow() + ", as version " + version.number() + ".", summary(version));
    }

    private static FlinkJobVersionResponse response(JobVersion version, String message, FlinkJobVersion wire) {
        return new FlinkJobVersionResponse()
                .isSuccess(true)
                .message(message)
                .jobId(version.jobId().value())
                .version(wire);
    }

    private static FlinkJobVersion summary(JobVersion version) {
        return new FlinkJobVersion()
                .version(version.number())
                .why(FlinkJobVersion.WhyEnum.fromValue(version.why().wireName()))
                .createdBy(version.createdBy())
                .createdAt(version.createdAt())
                .rolledBackFrom(version.rolledBackFrom().orElse(null))
                .stateCheck(version.stateCheck().map(JobVersionMapping::verdict).orElse(null))
                .savepointPath(version.savepointAtStop().orElse(null));
    }

    static StateCheckVerdict verdict(StateVerdict verdict) {
        return new StateCheckVerdict()
                .verdict(StateCheckVerdict.VerdictEnum.fromValue(verdict.kind().wireName()))
                .reason(verdict.reason())
                .operators(verdict.operators().stream().map(note -> new StateCheckVerdictOperatorsInner()
                        .operatorId(note.operatorId())
                        .operator(note.operator())
                        .note(note.note())).toList());
    }
}
