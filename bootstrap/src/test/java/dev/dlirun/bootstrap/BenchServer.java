package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.JobRun;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.adapters.rest.generated.model.BatchRunFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.FlinkSuccessResponse;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The server the benchmarks load, started in a JVM of its own: the real wiring on the local engine, its catalogue
 * holding {@code args[1]} startable jobs of project {@code bench} (enough for a run of the "submitted" path never to
 * name a job twice; {@link Reset} puts them back in {@code job_init} between runs), and, in the same server,
 * {@code POST /bench/bare/{project_id}}: a bare endpoint that reads the same request and writes an answer of the
 * same size, and does nothing else.
 *
 * <p>Arguments: port, number of jobs, and where the local engine keeps them: {@code memory} (as with
 * {@code --ephemeral}; the default) or {@code h2} (the default of the service: a catalogue file in a data directory).
 * Not a test; {@code bench/BenchmarkSuite} starts it.
 */
public final class BenchServer {

    /**
     * The bare endpoint: JSON in, JSON of the same shape and size out, through the same Jersey stack. A singleton,
     * as the service's resource is: Jersey would otherwise build one per request, which is not the baseline.
     */
    @Singleton
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

    /** The catalogue of the server this process runs, for {@link Reset}. */
    private static final java.util.concurrent.atomic.AtomicReference<JobCatalogue> CATALOGUE =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * {@code POST /bench/reset/{up_to}}: puts jobs 1 to {@code up_to} of project {@code bench} back in
     * {@code job_init}, so that the next run of the submitting path can name them again. Called between runs, never
     * during one; answers how many jobs it put back.
     */
    @Singleton
    @Path("/bench/reset/{up_to}")
    public static final class Reset {
        @POST
        @Produces(MediaType.TEXT_PLAIN)
        public String reset(@PathParam("up_to") long upTo) {
            JobCatalogue catalogue = CATALOGUE.get();
            ProjectId bench = ProjectId.of("bench");
            long reset = 0;
            for (long from = 1; from <= upTo; from += 1000) {
                List<JobId> chunk = new ArrayList<>(1000);
                for (long id = from; id < Math.min(from + 1000, upTo + 1); id++) {
                    chunk.add(JobId.of(id));
                }
                reset += catalogue.updateAll(bench, chunk, job -> job.status() == JobStatus.JOB_INIT ? job
                        : job.with(JobRun.initial(JobStatus.JOB_INIT, job.hasSavepoint(), job.savepointPath(),
                        job.updateTime()))).size();
            }
            return Long.toString(reset);
        }
    }

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long jobs = Long.parseLong(args[1]);
        boolean h2 = args.length > 2 && args[2].equals("h2");
        ServerConfig config = ServerConfig.simulated(port).withLaunchDelay(Duration.ZERO);
        java.nio.file.Path data = null;
        if (h2) {
            data = Files.createTempDirectory("bench-catalogue");
            seedH2(data, jobs);
            config = config.withDataDirectory(data);
        }
        DliRunServer server = DliRunServer.start(config, Clock.systemUTC(),
                application -> application.register(Bare.class).register(Reset.class));
        CATALOGUE.set(LocalServers.catalogue(server));
        if (!h2) {
            Instant now = Instant.now();
            ProjectId bench = ProjectId.of("bench");
            for (long id = 1; id <= jobs; id++) {
                LocalServers.catalogue(server).addIfAbsent(LocalJob.created(bench, JobId.of(id), JobDefinition.named("bench-" + id,
                        JobType.FLINK_SQL_JOB), JobStatus.JOB_INIT, false, null, now));
            }
        }
        // The seeding's garbage collected now, not during the first measurements.
        System.gc();
        System.out.println("BENCH SERVER READY " + server.address().getPort() + " with " + jobs + " jobs in "
                + (h2 ? "H2 at " + data : "memory"));
        java.nio.file.Path scratch = data;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (scratch != null) {
                try {
                    ScratchDirectory.delete(scratch);
                } catch (java.io.IOException e) {
                    System.err.println("could not delete " + scratch + ": " + e);
                }
            }
        }));
        Thread.currentThread().join();
    }

    /**
     * The service's own catalogue file in {@code data}, holding {@code jobs} jobs of project {@code bench} in
     * {@code job_init}, filled in one statement: adding jobs one by one would take minutes.
     */
    public static void seedH2(java.nio.file.Path data, long jobs) throws SQLException {
        JdbcJobCatalogue.inDirectory(data).close();
        long now = Instant.now().toEpochMilli();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath().resolve("catalogue"), "dlirun", "");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (project_id, job_id, name, "
                     + "job_type, status, has_savepoint, savepoint_path, create_time, start_time, update_time, "
                     + "resumed_from_savepoint) SELECT 'bench', X, CONCAT('bench-', X), 'flink_sql_job', 'job_init', "
                     + "FALSE, NULL, ?, NULL, ?, FALSE FROM SYSTEM_RANGE(1, ?)")) {
            insert.setLong(1, now);
            insert.setLong(2, now);
            insert.setLong(3, jobs);
            insert.executeUpdate();
        }
    }
}
