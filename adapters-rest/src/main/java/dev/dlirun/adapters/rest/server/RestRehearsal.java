package dev.dlirun.adapters.rest.server;

import dev.dlirun.adapters.rest.JobUseCases;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Has the JIT compile the batch run's request path (the filters, Jersey, Jackson, the use case and the job lookup)
 * before the first callers need it: batch runs of ids that {@link #PROJECT} does not hold, handed in process to an
 * application of their own, answered and thrown away. No socket is opened, so no one else can reach that application;
 * it has no access log, its metrics go nowhere, and it asks for no credentials (nothing outside this class can send it
 * a request). Whoever builds its use cases must make sure they change nothing: the service gives it a batch run that
 * looks jobs up and submits none.
 *
 * <p>Measured on the jar (2 cores): a fresh process, once ready, served its first 30 s of batches of 10 1.3 to 1.4 times
 * as fast with 5 000 such requests rehearsed at start as without, at about half the p99 (two same-run A/Bs; see the
 * README's Start-up section).
 */
public final class RestRehearsal {

    /** The project the rehearsal's requests name. */
    public static final String PROJECT = "dlirun-rehearsal";
    /** Its requests' job ids start above this: far above any id the service hands out. */
    private static final long FIRST_ID = 9_100_000_000_000L;
    private static final int BATCH = 10;
    private static final URI BASE = URI.create("http://rehearsal.invalid/");

    private RestRehearsal() {
    }

    /**
     * The application a rehearsal serves: the service's own (resources, JSON rules, error mapping, filters), without
     * the access log and authentication, its metrics kept in a registry of its own.
     */
    public static ResourceConfig application(JobUseCases useCases) {
        return RestApplication.withoutAccessLog(useCases);
    }

    /**
     * How a rehearsal went: how many requests were answered 200, and the status of the one that was not, when one was
     * not (the rehearsal ends there: something is broken, e.g. the catalogue closed under it).
     */
    public record Result(int answered, OptionalInt failedWith) {
    }

    /**
     * Sends {@code requests} batch runs of {@link #BATCH} ids to {@code application} on this thread, or as many as
     * {@code atMost} allows, until {@code stop} says so or a request is not answered 200.
     */
    public static Result rehearse(ResourceConfig application, int requests, Duration atMost, BooleanSupplier stop) {
        ApplicationHandler handler = new ApplicationHandler(application);
        try {
            URI run = BASE.resolve("v1.0/" + PROJECT + "/streaming/jobs/run");
            long deadline = System.nanoTime() + atMost.toNanos();
            int answered = 0;
            for (int i = 0; i < requests && System.nanoTime() - deadline < 0 && !stop.getAsBoolean(); i++) {
                ContainerRequest request = new ContainerRequest(BASE, run, "POST", null, new MapPropertiesDelegate(),
                        handler.getConfiguration());
                request.getHeaders().putSingle("Content-Type", "application/json");
                request.setEntityStream(new ByteArrayInputStream(body(FIRST_ID + (long) i * BATCH)));
                ContainerResponse response = handler.apply(request, OutputStream.nullOutputStream()).get();
                if (response.getStatus() != 200) {
                    return new Result(answered, OptionalInt.of(response.getStatus()));
                }
                answered++;
            }
            return new Result(answered, OptionalInt.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the rehearsal was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a rehearsed request failed: " + e.getCause(), e.getCause());
        } finally {
            handler.getInjectionManager().shutdown();
        }
    }

    private static byte[] body(long first) {
        StringBuilder body = new StringBuilder("{\"job_ids\":[");
        for (int j = 0; j < BATCH; j++) {
            body.append(j == 0 ? "" : ",").append(first + j);
        }
        return body.append("],\"resume_savepoint\":false}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
