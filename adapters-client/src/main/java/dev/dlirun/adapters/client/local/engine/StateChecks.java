package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateCheckRequest;
import dev.dlirun.domain.state.StateCheckResult;
import dev.dlirun.domain.state.StateVerdict;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's side of state compatibility: which state a check is made against and which definition wrote it (the
 * runtime does the check itself, offline), for a dry run a caller asks for, and for the gate every resume from a
 * savepoint passes before it reaches the runtime ({@link #gate}).
 */
final class StateChecks {

    /** What the gate decided for a launch. */
    sealed interface Gate {
        /** The launch goes on; {@code note} says what the check found when that needs saying (state dropped). */
        record Pass(boolean allowNonRestoredState, Optional<String> note) implements Gate {
        }

        /** The launch is refused: the job ends in {@code job_submit_fail}, {@code why} its status_desc. */
        record Refuse(String why) implements Gate {
        }
    }

    private final JobCatalogue catalogue;
    private final JobRuntime runtime;
    private final SavepointPaths paths;
    private final Writers writers;

    /** Which definition and runtime wrote a state the service recorded. */
    @FunctionalInterface
    interface Writers {
        /** The definition whose run wrote the savepoint {@code record}, when the catalogue knows it. */
        Optional<JobDefinition> definitionOf(SavepointRecord record);
    }

    StateChecks(JobCatalogue catalogue, JobRuntime runtime, SavepointPaths paths, Writers writers) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.paths = Objects.requireNonNull(paths, "paths");
        this.writers = Objects.requireNonNull(writers, "writers");
    }

    /**
     * A dry run: the job's definition with the request's changes, against the state the request names (in the
     * project's savepoint directory), or else the job's current savepoint, or else the running job's latest completed
     * checkpoint.
     *
     * @throws InvalidInputException when the job has no state to check against, or the state named is not the
     *                               project's
     */
    StateCheckResult dryRun(ProjectId projectId, JobId id, StateCheckRequest request) {
        LocalJob job = catalogue.find(projectId, id).orElseThrow(() -> new JobNotFoundException(id));
        JobDefinition candidate = job.definition().updatedWith(request.changes());
        String path;
        StateCheckResult.Source source;
        Optional<JobDefinition> writer;
        Optional<String> writerRuntime;
        if (request.statePath().isPresent()) {
            URI named = paths.resolve(projectId, request.statePath().get());
            path = named.toString();
            source = StateCheckResult.Source.NAMED;
            Optional<SavepointRecord> record = record(projectId, id, path);
            writer = record.flatMap(writers::definitionOf);
            writerRuntime = record.map(SavepointRecord::runtimeVersion);
        } else if (job.savepointPath() != null) {
            path = job.savepointPath();
            source = StateCheckResult.Source.SAVEPOINT;
            Optional<SavepointRecord> record = record(projectId, id, path);
            writer = record.flatMap(writers::definitionOf);
            writerRuntime = record.map(SavepointRecord::runtimeVersion);
        } else {
            JobRun run = job.run();
            Optional<String> checkpoint = job.status() == JobStatus.JOB_RUNNING && run.runtimeJobId() != null
                    ? runtime.latestCheckpoint(projectId, id, run.runtimeJobId()) : Optional.empty();
            if (checkpoint.isEmpty()) {
                throw new InvalidInputException("savepoint_path", "is needed: job " + id + " has no savepoint, and no "
                        + "completed checkpoint of a running launch, to check against");
            }
            path = checkpoint.get();
            source = StateCheckResult.Source.CHECKPOINT;
            // The running launch wrote it, with the job's code as it is (a running job's code cannot change).
            writer = Optional.of(job.definition());
            writerRuntime = Optional.of(runtime.version());
        }
        StateVerdict verdict = runtime.checkState(new StateCheck(projectId, id, candidate, path, writer,
                writerRuntime));
        return new StateCheckResult(verdict, path, source);
    }

    /**
     * The gate of a launch: a resume from a savepoint whose writer the catalogue knows, with code or settings changed
     * since, is checked first; anything but a verdict that allows the restore ({@link StateVerdict#allowsRestore})
     * refuses the launch with the verdict, before Flink is asked. A launch that restores nothing, a restart from a
     * checkpoint (its own code), a savepoint whose writer is not known and a runtime that keeps no real state pass.
     */
    Gate gate(LocalJob job) {
        JobRun run = job.run();
        boolean allow = run.allowNonRestoredState();
        if (!run.resumedFromSavepoint() || run.restorePath() == null || !runtime.checksState()) {
            return new Gate.Pass(allow && run.restorePath() != null, Optional.empty());
        }
        Optional<SavepointRecord> record = record(job.projectId(), job.id(), run.restorePath());
        Optional<JobDefinition> writer = record.flatMap(writers::definitionOf);
        if (writer.isEmpty() || sameState(writer.get(), job.definition())) {
            return new Gate.Pass(allow, Optional.empty());
        }
        StateVerdict verdict = runtime.checkState(new StateCheck(job.projectId(), job.id(), job.definition(),
                run.restorePath(), writer, record.map(SavepointRecord::runtimeVersion)));
        if (!verdict.allowsRestore(allow)) {
            return new Gate.Refuse(verdict.describe() + (verdict.kind() == StateVerdict.Kind.DROPS_STATE
                    ? " Run it with allow_non_restored_state: true to drop that state, or change the job back." : ""));
        }
        return new Gate.Pass(allow, verdict.kind() == StateVerdict.Kind.COMPATIBLE ? Optional.empty()
                : Optional.of(verdict.describe()));
    }

    /**
     * What the state check says of a job just changed, against the savepoint a resume of it would restore: empty for
     * a job that is running (its code cannot have changed), has no savepoint, or whose savepoint's writer is not
     * known, and on a runtime that keeps no real state. A savepoint that can no longer be read is {@code unknown}.
     */
    Optional<StateVerdict> afterChange(LocalJob job) {
        if (job.run().isActive() || job.savepointPath() == null || !runtime.checksState()) {
            return Optional.empty();
        }
        Optional<SavepointRecord> record = record(job.projectId(), job.id(), job.savepointPath());
        Optional<JobDefinition> writer = record.flatMap(writers::definitionOf);
        if (writer.isEmpty()) {
            return Optional.empty();
        }
        if (sameState(writer.get(), job.definition())) {
            return Optional.of(StateVerdict.compatible("The job's code, parallelism and Flink settings are those of "
                    + "the run that wrote its savepoint."));
        }
        try {
            return Optional.of(runtime.checkState(new StateCheck(job.projectId(), job.id(), job.definition(),
                    job.savepointPath(), writer, record.map(SavepointRecord::runtimeVersion))));
        } catch (InvalidInputException e) {
            return Optional.of(StateVerdict.unknown("its savepoint cannot be read: " + e.getMessage()));
        }
    }

    /**
     * Whether two definitions restore state alike: the same code, parallelism and Flink settings, and the same other
     * fields of {@link StateCheckRequest#CHANGEABLE}; a change of anything else (a name, a description, restarts,
     * alerts) needs no check.
     */
    static boolean sameState(JobDefinition a, JobDefinition b) {
        return a.sqlBody().equals(b.sqlBody()) && a.mainClass().equals(b.mainClass())
                && a.entrypointArgs().equals(b.entrypointArgs())
                && a.config().parallelNumber() == b.config().parallelNumber()
                && a.config().runtimeConfig().equals(b.config().runtimeConfig())
                && a.config().entrypoint().equals(b.config().entrypoint())
                && a.extras().only(StateCheckRequest.CHANGEABLE).equals(b.extras().only(StateCheckRequest.CHANGEABLE));
    }

    /** The history's record of the savepoint at {@code path}, however its URI is spelt ({@code file:/x}, {@code file:///x}). */
    private Optional<SavepointRecord> record(ProjectId projectId, JobId id, String path) {
        String wanted = spelling(path);
        return catalogue.savepoints(projectId, id).stream().filter(record -> spelling(record.path()).equals(wanted))
                .findFirst();
    }

    /** A savepoint's location with one spelling for one place: scheme, authority when it has one, normalized path. */
    static String spelling(String location) {
        try {
            URI uri = new URI(location).normalize();
            if (uri.getScheme() == null || uri.getPath() == null) {
                return location;
            }
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            String path = uri.getPath().endsWith("/") && uri.getPath().length() > 1
                    ? uri.getPath().substring(0, uri.getPath().length() - 1) : uri.getPath();
            return uri.getScheme() + "://" + authority + path;
        } catch (java.net.URISyntaxException e) {
            return location;
        }
    }
}
