package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.state.PlannedOperators;
import dev.dlirun.domain.graph.GraphType;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flink's executor for a check (the target {@value #NAME}): where a run's executor sends the job's graph to the
 * cluster, this one describes it (a graph check) or analyses its operators (a state check, {@link PlannedOperators})
 * and sends nothing. A check takes the very path of a run through Flink (a SQL job's {@code executeInternal}, the
 * translation of its {@code INSERT}s, the pipeline made of them with the job's final settings; a jar job's main
 * method, as {@code flink run} runs it) and differs only in this last step. Found by Flink through
 * {@code META-INF/services}, as Flink's own executors are.
 *
 * <p>A graph is taken only for a check that asked for it ({@link #capture}, {@link #captureOperators}) under the
 * job's fixed id; any other use of this target fails, and never reaches a cluster.
 */
public final class PlanOnlyExecutor implements PipelineExecutorFactory, PipelineExecutor {

    /** The execution target of a check. */
    static final String NAME = "dlirun-plan-only";

    /** The checks under way, by the Flink job id their launch fixed. */
    private static final Map<String, Capture> CHECKS = new ConcurrentHashMap<>();

    /**
     * A check's wait for its graph; closing it ends the check. A graph check gets its graph described
     * ({@link #graph()}); a state check gets its operators, their ids and parallelism analysed ({@link #operators()}).
     */
    static final class Capture implements AutoCloseable {
        private final String jobId;
        /** How the graph is described; null for a state check, which wants the operators. */
        private final GraphType type;
        private volatile String graph;
        private volatile PlannedOperators operators;

        private Capture(String jobId, GraphType type) {
            this.jobId = jobId;
            this.type = type;
        }

        /** The graph described, once Flink has handed it over. */
        Optional<String> graph() {
            return Optional.ofNullable(graph);
        }

        /** The graph's operators, once Flink has handed it over to a state check. */
        Optional<PlannedOperators> operators() {
            return Optional.ofNullable(operators);
        }

        /** Whether Flink has handed the graph over. */
        boolean planned() {
            return graph != null || operators != null;
        }

        @Override
        public void close() {
            CHECKS.remove(jobId, this);
        }
    }

    /** Starts a check of the launch with the fixed Flink job id {@code jobId}, describing its graph as {@code type}. */
    static Capture capture(String jobId, GraphType type) {
        return start(new Capture(jobId, Objects.requireNonNull(type, "type")));
    }

    /**
     * Starts a state check of the launch with the fixed Flink job id {@code jobId}: its graph's operators analysed
     * ({@link PlannedOperators}) as the job graph a submission would send gives them.
     */
    static Capture captureOperators(String jobId) {
        return start(new Capture(jobId, null));
    }

    private static Capture start(Capture capture) {
        String jobId = capture.jobId;
        if (CHECKS.putIfAbsent(jobId, capture) != null) {
            throw new IllegalStateException("a check of launch " + jobId + " is under way already");
        }
        return capture;
    }

    /** Why Flink's {@code executeInternal} ends with an exception after a check: its graph went nowhere, as meant. */
    static final class PlannedOnly extends Exception {
        PlannedOnly() {
            super("planned only: a check submits nothing", null, false, false);
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
        return NAME.equals(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return this;
    }

    @Override
    public CompletableFuture<JobClient> execute(Pipeline pipeline, Configuration configuration,
                                                ClassLoader userCodeClassloader) {
        Capture capture = configuration.getOptional(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID)
                .map(CHECKS::get).orElse(null);
        if (capture == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the plan-only target runs nothing, and "
                    + "no check asked for this job's graph"));
        }
        if (!(pipeline instanceof StreamGraph graph)) {
            return CompletableFuture.failedFuture(new IllegalStateException("a job is planned into a stream graph, "
                    + "not " + pipeline.getClass().getSimpleName()));
        }
        if (capture.type == null) {
            capture.operators = PlannedOperators.of(graph, userCodeClassloader);
        } else {
            capture.graph = capture.type == GraphType.JOB_GRAPH
                    ? GraphDescription.jobGraph(graph, userCodeClassloader)
                    : GraphDescription.streamGraph(graph);
        }
        return CompletableFuture.failedFuture(new PlannedOnly());
    }
}
