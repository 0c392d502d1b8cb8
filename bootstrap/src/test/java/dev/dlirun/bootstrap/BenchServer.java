package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.LocalJob;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The server the benchmarks load, started in a JVM of its own: the real wiring on the local engine, its catalogue
 * holding {@code args[1]} startable jobs of project {@code bench} (so that every request of the "submitted" path
 * can name jobs never started before), and, in the same server, {@code POST /bench/bare/{project_id}}: a bare
 * endpoint that reads the same request and writes an answer of the same size, and does nothing else.
 *
 * <p>Arguments: port, number of jobs. Not a test; {@code bench/BenchmarkSuite} starts it.
 */
public final class BenchServer {

    /** The bare endpoint: JSON in, JSON of the same shape and size out, through the same Jersey stack. */
    @Path("/bench/bare/{project_id}")
    public static final class Bare {
        private static final String DELIVERED = "The request for submitting DLI jobs is successfully delivered.";

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public List<FlinkSuccessResponse> echo(@PathParam("project_id") String project, BatchRunFlinkJobsRequest body) {
            List<FlinkSuccessResponse> answer = new ArrayList<>(body.getJobIds().size());
            for (int i = 0; i < body.getJobIds().size(); i++) {
                answer.add(new FlinkSuccessResponse().isSuccess(FlinkSuccessResponse.IsSuccessEnum.TRUE).message(DELIVERED));
            }
            return answer;
        }
    }

    private BenchServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        long jobs = Long.parseLong(args[1]);
        ServerConfig config = ServerConfig.defaults(port).withLaunchDelay(Duration.ZERO);
        DliRunServer server = DliRunServer.start(config, Clock.systemUTC(), application -> application.register(Bare.class));
        Instant now = Instant.now();
        ProjectId bench = ProjectId.of("bench");
        for (long id = 1; id <= jobs; id++) {
            server.catalogue().addIfAbsent(LocalJob.created(bench, JobId.of(id), "bench-" + id, JobType.FLINK_SQL_JOB,
                    JobStatus.JOB_INIT, false, null, now));
        }
        System.out.println("BENCH SERVER READY " + server.address().getPort() + " with " + jobs + " jobs");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }
}
