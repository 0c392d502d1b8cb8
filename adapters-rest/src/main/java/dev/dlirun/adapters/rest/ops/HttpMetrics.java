package dev.dlirun.adapters.rest.ops;

import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every request ({@code http.server.requests}, by method, route template and status, with a histogram) and
 * counts the outcome of every job of a batch run ({@code dlirun.jobs.outcomes}, by outcome) and of a batch stop
 * ({@code dlirun.stops.outcomes}).
 */
@PreMatching
@Priority(1)
public final class HttpMetrics implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = HttpMetrics.class.getName() + ".started";

    private final MeterRegistry registry;
    /**
     * Meters once registered, by what tells them apart. The registry builds a meter's id (its tags sorted) and looks
     * it up on every call: per job of every batch, for the outcome counters. Bounded: methods are HTTP's own (or
     * {@code other}), routes are templates, and statuses and outcome kinds are few.
     */
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<OutcomeKey, Counter> outcomes = new ConcurrentHashMap<>();

    /** The counter of each operation's outcomes: batch runs' and batch stops'. */
    private static final Map<JobOperation, String> OUTCOME_METERS = Map.of(
            JobOperation.RUN, "dlirun.jobs.outcomes",
            JobOperation.STOP, "dlirun.stops.outcomes");

    private record TimerKey(String method, String route, int status) {
    }

    private record OutcomeKey(JobOperation operation, String kind) {
    }

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object started = request.getProperty(STARTED);
        if (!(started instanceof Long start)) {
            return;
        }
        timers.computeIfAbsent(new TimerKey(method(request.getMethod()), route(request), response.getStatus()),
                key -> Timer.builder("http.server.requests")
                        .description("Requests served, by method, route and status")
                        .tag("method", key.method())
                        .tag("route", key.route())
                        .tag("status", Integer.toString(key.status()))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /**
     * Counts each job's outcome of one batch run or stop, by its kind ({@link JobOutcome#kind()}).
     *
     * @throws IllegalArgumentException for an operation whose outcomes are not counted (a delete)
     */
    public void recordOutcomes(JobOperation operation, List<JobOutcome> outcomes) {
        String meter = OUTCOME_METERS.get(operation);
        if (meter == null) {
            throw new IllegalArgumentException("the outcomes of " + operation + " are not counted");
        }
        for (JobOutcome outcome : outcomes) {
            this.outcomes.computeIfAbsent(new OutcomeKey(operation, outcome.kind()),
                    key -> registry.counter(meter, "outcome", key.kind())).increment();
        }
    }

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "TRACE", "CONNECT");

    /**
     * The request's method as a tag value: HTTP's own methods as they are, any other token a caller makes up as
     * {@code other}, so that callers cannot add meters (and memory) without end.
     */
    private static String method(String method) {
        return METHODS.contains(method) ? method : "other";
    }

    /** The matched resource's path template, e.g. {@code /v1.0/{project_id}/streaming/jobs/run}; never raw ids. */
    private static String route(ContainerRequestContext request) {
        if (request.getUriInfo() instanceof ExtendedUriInfo info && !info.getMatchedTemplates().isEmpty()) {
            List<UriTemplate> templates = info.getMatchedTemplates();
            StringBuilder route = new StringBuilder();
            for (int i = templates.size() - 1; i >= 0; i--) {
                String part = templates.get(i).getTemplate();
                if (!part.isEmpty() && !part.equals("/")) {
                    route.append(part.startsWith("/") ? part : "/" + part);
                }
            }
            return route.length() == 0 ? "/" : route.toString();
        }
        return "unmatched";
    }
}
