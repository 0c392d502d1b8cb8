package dev.dlirun.adapters.client.local.runtime;

import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How the local engine's jobs run: the seam between the engine, which keeps the catalogue (which jobs exist, their
 * state), and whatever runs the jobs (Apache Flink, embedded or remote; or a simulation). A runtime launches, lists,
 * stops and cancels jobs by their {@link RuntimeJobId}; it never writes the catalogue: the engine moves a job's status
 * to what the runtime reports.
 */
public interface JobRuntime extends AutoCloseable {

    /** Starts bringing the runtime up, in the background; returns at once. Jobs launched meanwhile wait for it. */
    void start();

    /** Empty when the runtime can take jobs; otherwise why not, for an operator. */
    Optional<String> notReady();

    /** Waits until the runtime can take jobs, at most {@code timeout}; answers whether it can. */
    boolean awaitReady(Duration timeout) throws InterruptedException;

    /**
     * Whether its jobs go on running when the service stops (a remote cluster), rather than stopping with it (an
     * embedded one).
     */
    boolean jobsOutliveTheService();

    /**
     * Submits the job and returns once the runtime has it (not once it runs). A launch under a runtime id the runtime
     * already has is not submitted again.
     *
     * @throws LaunchRefusedException      when the job cannot run as it is; the reason is for its owner
     * @throws RuntimeUnavailableException when the runtime cannot be reached: nothing was launched, try again later
     */
    void launch(Launch launch) throws LaunchRefusedException;

    /**
     * Every job the runtime holds, in one look (one call to a cluster). Jobs of others sharing the runtime may be
     * among them.
     *
     * @throws RuntimeUnavailableException when the runtime cannot be reached
     */
    Map<RuntimeJobId, ObservedJob> observe();

    /**
     * Why the job failed (or is failing).
     *
     * @throws RuntimeUnavailableException when the runtime cannot be reached or no longer knows the job
     */
    Failure failure(RuntimeJobId id);

    /**
     * Stops the job with a savepoint in the job's savepoint directory, waiting at most {@code timeout} for it.
     *
     * @return the savepoint's path; completes exceptionally when no savepoint was taken (the job then keeps running)
     */
    CompletableFuture<String> stopWithSavepoint(RuntimeJobId id, ProjectId projectId, JobId jobId, Duration timeout);

    /**
     * Takes a savepoint of the running job into {@code directory} without stopping it, waiting at most
     * {@code timeout} for it.
     *
     * @return the savepoint's path; completes exceptionally when no savepoint was taken
     */
    CompletableFuture<String> triggerSavepoint(RuntimeJobId id, URI directory, Duration timeout);

    /** Where savepoints go: each job's under {@code <storage>/<project>/<job id>/}. */
    URI savepointStorage();

    /**
     * Whether {@code savepoint} can be restored: empty when it is a directory holding a {@code _metadata} file;
     * otherwise why not, in the caller's words.
     */
    Optional<String> unreadableSavepoint(URI savepoint);

    /** Deletes a savepoint the service took and no longer keeps; a savepoint already gone is no error. */
    void deleteSavepoint(String savepoint) throws java.io.IOException;

    /**
     * Checks that the job's code may run here as it is created or changed: the jars it names ({@code entrypoint},
     * {@code dependency_jars}, {@code udf_jar_url}) are ones this runtime takes. Its SQL is checked only when it runs
     * (a job is a draft until then).
     *
     * @throws dev.dlirun.domain.model.InvalidInputException naming the field whose code is not allowed, and why
     */
    void checkCode(ProjectId projectId, JobDefinition definition);

    /**
     * Checks a SQL job's code as a launch of it would run it, up to the moment it would be submitted, and describes the
     * graph it would run (DLI's {@code gen-graph}); nothing runs. A script that does not plan is an answer
     * ({@link GraphVerdict.Refused}), saying where and why, as a launch of it would be refused.
     *
     * <p>By default a runtime cannot plan (a simulated one has no SQL planner): it says so rather than pretend.
     *
     * @throws dev.dlirun.domain.model.OperationNotAllowedException when this runtime cannot check the job
     */
    default GraphVerdict checkGraph(ProjectId projectId, JobId jobId, JobDefinition definition, GraphType type) {
        throw new dev.dlirun.domain.model.OperationNotAllowedException("This service simulates its jobs' runs: it has "
                + "no SQL planner to check job " + jobId + " with. Run the service with --engine flink (not "
                + "--engine simulated) to check jobs before they run.");
    }

    /**
     * Whether this runtime restores real state and can check it ({@link #checkState}); a simulated one does neither.
     */
    default boolean checksState() {
        return false;
    }

    /**
     * Checks, offline, whether the state {@code check} names restores into its candidate definition and still means
     * the same thing there: the candidate's graph built as its launch would build it, the state's metadata read (not
     * its data), Flink's own restore rules applied (operator ids, user-defined uids included, and the maximum
     * parallelism), and, for SQL, the stateful operators of the plan that wrote the state compared with the
     * candidate's. Nothing runs on the cluster.
     *
     * @throws dev.dlirun.domain.model.OperationNotAllowedException when this runtime cannot check state
     * @throws dev.dlirun.domain.model.InvalidInputException       when the state cannot be read
     */
    default dev.dlirun.domain.state.StateVerdict checkState(StateCheck check) {
        throw new dev.dlirun.domain.model.OperationNotAllowedException("This service simulates its jobs' runs: they "
                + "keep no state to check. Run the service with --engine flink (not --engine simulated) to check "
                + "state before a job resumes.");
    }

    /**
     * Deletes what the runtime keeps of a job that is gone: its checkpoints and its savepoint directory. Call once its
     * last launch has stopped. Nothing there is no error.
     */
    void deleteJobState(ProjectId projectId, JobId jobId) throws java.io.IOException;

    /** The runtime's name and version, recorded with each savepoint (e.g. {@code Flink 2.2.1}). */
    String version();

    /** Cancels the job without a savepoint; completes once the runtime accepted the cancellation. */
    CompletableFuture<Void> cancel(RuntimeJobId id);

    /** The latest completed checkpoint of the job's launch {@code launch}, if it took one that can be restored. */
    Optional<String> latestCheckpoint(ProjectId projectId, JobId jobId, RuntimeJobId launch);

    /**
     * The launch as a whole as the runtime sees it; empty when the runtime does not know the launch (any more).
     *
     * @throws RuntimeUnavailableException  when the runtime cannot be reached
     * @throws InsightUnavailableException when the runtime keeps no such view of its launches
     */
    Optional<dev.dlirun.domain.insight.ExecutionGraph> executionGraph(RuntimeJobId id);

    /**
     * What the launch's sources read and its sinks received; empty when the runtime does not know the launch.
     *
     * @throws RuntimeUnavailableException  when the runtime cannot be reached
     * @throws InsightUnavailableException when the runtime counts no records
     */
    Optional<dev.dlirun.domain.insight.JobMetrics.RunMetrics> metrics(RuntimeJobId id);

    /**
     * The failures of the launch, newest first; empty when the runtime does not know the launch.
     *
     * @throws RuntimeUnavailableException  when the runtime cannot be reached
     * @throws InsightUnavailableException when the runtime keeps no failures
     */
    Optional<dev.dlirun.domain.insight.JobExceptions> exceptions(RuntimeJobId id);

    /**
     * The checkpoints of the launch; empty when the runtime does not know the launch.
     *
     * @throws RuntimeUnavailableException  when the runtime cannot be reached
     * @throws InsightUnavailableException when the runtime takes no checkpoints
     */
    Optional<dev.dlirun.domain.insight.JobCheckpoints> checkpoints(RuntimeJobId id);

    /**
     * Where the launch's latest completed savepoint is, as the runtime remembers it: what a stop with a savepoint left
     * when whoever asked for it could not hear the answer (its instance died). Empty when it took none, or the runtime
     * cannot say.
     */
    default Optional<String> latestSavepoint(RuntimeJobId id) {
        return Optional.empty();
    }

    /**
     * The last {@code limit} lines the runtime logged of the launch {@code launch} of a job of {@code projectId}, and
     * nothing of another launch's; what it cannot show, said in the answer.
     *
     * @throws RuntimeUnavailableException when the runtime cannot be asked
     */
    LaunchLog log(ProjectId projectId, RuntimeJobId launch, int limit);

    /** Stops the runtime. An embedded one stops its jobs with it (they keep their checkpoints); a remote one does not. */
    @Override
    void close();
}
