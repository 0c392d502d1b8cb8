package dev.dlirun.bootstrap.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's independent baseline (issue 15): a minimal Jersey + Grizzly + Jackson server, every setting left at
 * its default, in a JVM of its own started with no flags, answering {@code POST /bench/bare/{project_id}} with the
 * same request and answer JSON as the batch run, and doing nothing else. None of the service's code, filters or
 * settings is in its path: its own request and answer classes, Jersey's own JSON provider.
 *
 * <p>Argument: the port. Prints {@code BASELINE READY} once it listens. Not a test; {@link BenchmarkSuite} starts it.
 */
public final class BaselineServer {

    /** The batch run's request: {@code {"job_ids": [...], "resume_savepoint": bool}}. */
    public record Request(@JsonProperty("job_ids") List<Long> jobIds,
                          @JsonProperty("resume_savepoint") Boolean resumeSavepoint) {
    }

    /** One element of its answer: {@code {"is_success": "true", "message": "..."}}. */
    public record Outcome(@JsonProperty("is_success") String isSuccess, @JsonProperty("message") String message) {
    }

    @Singleton
    @Path("/bench/bare/{project_id}")
    public static final class Bare {
        private static final String DELIVERED = "The request for submitting DLI jobs is successfully delivered.";

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public List<Outcome> run(@PathParam("project_id") String project, Request body) {
            List<Outcome> answer = new ArrayList<>(body.jobIds().size());
            for (int i = 0; i < body.jobIds().size(); i++) {
                answer.add(new Outcome("true", DELIVERED));
            }
            return answer;
        }
    }

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:" + args[0] + "/"),
                new ResourceConfig(Bare.class).register(JacksonFeature.class));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("BASELINE READY");
        Thread.currentThread().join();
    }
}
