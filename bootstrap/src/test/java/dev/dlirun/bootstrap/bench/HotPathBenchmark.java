package dev.dlirun.bootstrap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.engine.LocalJobEngine;
import dev.dlirun.adapters.client.local.engine.LocalJobLogs;
import dev.dlirun.adapters.client.local.engine.EngineSettings;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.adapters.rest.JsonMapping;
import dev.dlirun.adapters.rest.StreamingJobsResource;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.adapters.rest.ops.HttpMetrics;
import dev.dlirun.adapters.rest.JobUseCases;
import dev.dlirun.application.AwaitJobsService;
import dev.dlirun.application.BatchRunService;
import dev.dlirun.application.JobDefinitionService;
import dev.dlirun.application.JobLogService;
import dev.dlirun.application.JobGraphService;
import dev.dlirun.application.BatchStopService;
import dev.dlirun.application.SavepointService;
import dev.dlirun.application.ShowJobService;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * JMH: what one batch run costs in process, HTTP left out: request bytes in, answer bytes out, through the same
 * resource, use case and local engine the server wires ({@link dev.dlirun.bootstrap.DliRunServer}), next to
 * {@link #bare}, which reads the same request and writes an answer of the same size and does nothing else (the
 * in-process twin of the bare endpoint of {@code BenchServer}).
 *
 * <p>Paths that leave the catalogue as it was, so that every invocation does the same work: {@link #missing} (no
 * job named exists) and {@link #running} (every job exists and is running, so the rules refuse it). The path that
 * starts jobs changes the catalogue with each call; wrk measures it end to end. Run by {@link BenchmarkSuite}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmark {

    private static final String PROJECT = "bench";
    private static final long FIRST_RUNNING = 1_000_000;
    private static final String DELIVERED = "The request for submitting DLI jobs is successfully delivered.";

    @Param({"1", "10", "100"})
    public int batch;

    private ObjectReader readRequest;
    private ObjectWriter writeAnswer;
    private byte[] missingRequest;
    private byte[] runningRequest;
    private LocalJobEngine engine;
    private StreamingJobsResource resource;

    @Setup
    public void setUp() throws IOException {
        ObjectMapper json = JsonMapping.mapper();
        readRequest = json.readerFor(BatchRunFlinkJobsRequest.class);
        writeAnswer = json.writerFor(json.getTypeFactory().constructCollectionType(List.class,
                FlinkSuccessResponse.class));
        missingRequest = request(LongStream.rangeClosed(1, batch));
        runningRequest = request(LongStream.range(FIRST_RUNNING, FIRST_RUNNING + batch));

        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
        for (long id = FIRST_RUNNING; id < FIRST_RUNNING + batch; id++) {
            catalogue.addIfAbsent(LocalJob.created(ProjectId.of(PROJECT), JobId.of(id), JobDefinition.named("bench-" + id,
                    JobType.FLINK_SQL_JOB), JobStatus.JOB_RUNNING, true, "obs://bench/savepoint", now));
        }
        // Not started: the refused and missing paths it measures never reach the runtime.
        engine = new LocalJobEngine(catalogue, new SimulatedJobRuntime(Duration.ZERO, clock), clock,
                EngineSettings.DEFAULTS);
        Duration deadline = Duration.ofSeconds(15);
        resource = new StreamingJobsResource(new JobUseCases(new BatchRunService(engine, engine, 1000, deadline),
                new BatchStopService(engine, engine, 1000, deadline), new ShowJobService(engine, deadline),
                new SavepointService(engine, deadline), new AwaitJobsService(engine, Duration.ofSeconds(60)),
                new JobDefinitionService(engine, 1000, deadline),
                new dev.dlirun.application.TemplateService(engine.templates(), deadline),
                new dev.dlirun.application.JobTransferService(new dev.dlirun.adapters.client.local.engine.LocalTransfers(
                        catalogue, engine, new SimulatedJobRuntime(Duration.ZERO, clock),
                        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "dlirun-bench-obs"), clock),
                        1000, deadline),
                new dev.dlirun.application.InspectJobsService(engine, 1000, deadline),
                new JobLogService(new LocalJobLogs(catalogue, new SimulatedJobRuntime(Duration.ZERO, clock))),
                new JobGraphService(engine, deadline), new dev.dlirun.application.JobStateCheckService(engine,
                        deadline), new dev.dlirun.application.VersionService(engine, deadline),
                new dev.dlirun.application.UpgradeService(engine, deadline, deadline)),
                new HttpMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        if (!new String(missing(), UTF_8).contains("does not exist")
                || !new String(running(), UTF_8).contains("cannot be started in status job_running")) {
            throw new IllegalStateException("the benchmark's paths do not answer what they are named after");
        }
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    private static byte[] request(LongStream ids) {
        return ("{\"job_ids\":[" + ids.mapToObj(Long::toString).collect(Collectors.joining(","))
                + "],\"resume_savepoint\":true}").getBytes(UTF_8);
    }

    /** Baseline: the same request read, an answer of the same size written, nothing else. */
    @Benchmark
    public byte[] bare() throws IOException {
        BatchRunFlinkJobsRequest body = readRequest.readValue(missingRequest);
        List<FlinkSuccessResponse> answer = new ArrayList<>(body.getJobIds().size());
        for (int i = 0; i < body.getJobIds().size(); i++) {
            answer.add(new FlinkSuccessResponse().isSuccess(FlinkSuccessResponse.IsSuccessEnum.TRUE).message(DELIVERED));
        }
        return writeAnswer.writeValueAsBytes(answer);
    }

    /** No job named exists: validation, lookups, outcomes, metrics, answer. */
    @Benchmark
    public byte[] missing() throws IOException {
        return writeAnswer.writeValueAsBytes(entity(resource.batchRunFlinkJobs(PROJECT,
                readRequest.readValue(missingRequest), null)));
    }

    /** Every job named is running: as {@link #missing}, with the jobs found and refused by the rules. */
    @Benchmark
    public byte[] running() throws IOException {
        return writeAnswer.writeValueAsBytes(entity(resource.batchRunFlinkJobs(PROJECT,
                readRequest.readValue(runningRequest), null)));
    }

    /** The answer of a resource method that answers at once (no wait asked for). */
    private static Object entity(java.util.concurrent.CompletionStage<jakarta.ws.rs.core.Response> answer) {
        return answer.toCompletableFuture().join().getEntity();
    }
}
