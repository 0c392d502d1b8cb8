package dev.dlirun.adapters.rest.ops;

import dev.dlirun.domain.port.in.CheckReadiness;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What operators and their tools call, outside DLI's API and without authentication: liveness, readiness,
 * Prometheus metrics, and the OpenAPI document the server was built from.
 */
@Singleton
@Path("/")
public final class OperationsResource {

    /** Where the contract lies on the classpath (in the api-spec jar). */
    public static final String SPEC = "/openapi/dli-batch-run.yaml";

    private final CheckReadiness readiness;
    private final Telemetry telemetry;
    private final byte[] spec;

    @Inject
    public OperationsResource(CheckReadiness readiness, Telemetry telemetry) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.spec = loadSpec();
    }

    private static byte[] loadSpec() {
        try (InputStream in = OperationsResource.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + SPEC + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("health/live")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> live() {
        return Map.of("status", "UP");
    }

    @GET
    @Path("health/ready")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        CheckReadiness.Readiness now = readiness.check();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", now.ready() ? "UP" : "DOWN");
        now.problem().ifPresent(problem -> body.put("problem", problem));
        new java.util.TreeMap<>(now.details()).forEach(body::putIfAbsent);
        return Response.status(now.ready() ? 200 : 503).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        return telemetry.scrape().get();
    }

    @GET
    @Path("openapi.yaml")
    @Produces("application/yaml")
    public byte[] openApi() {
        return spec;
    }
}
