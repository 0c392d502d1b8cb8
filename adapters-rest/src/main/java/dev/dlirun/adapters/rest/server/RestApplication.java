package dev.dlirun.adapters.rest.server;

import dev.dlirun.adapters.rest.JobUseCases;
import dev.dlirun.adapters.rest.StreamingJobsResource;
import dev.dlirun.adapters.rest.StreamingJobChecksResource;
import dev.dlirun.adapters.rest.StreamingJobUpgradesResource;
import dev.dlirun.adapters.rest.RequestBodyGuard;
import dev.dlirun.adapters.rest.JsonMapping;
import dev.dlirun.adapters.rest.ops.RequestIds;
import dev.dlirun.adapters.rest.auth.AuthenticationFilter;
import dev.dlirun.adapters.rest.auth.CallerProjectsResource;
import dev.dlirun.adapters.rest.auth.ProjectAccessFilter;
import dev.dlirun.adapters.rest.error.ErrorResponses;
import dev.dlirun.adapters.rest.ops.AccessLog;
import dev.dlirun.adapters.rest.ops.HttpMetrics;
import dev.dlirun.adapters.rest.console.ConsoleFiles;
import dev.dlirun.adapters.rest.console.ConsoleResource;
import dev.dlirun.adapters.rest.ops.OperationsResource;
import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.domain.port.in.CheckReadiness;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The JAX-RS application of the service, wired by hand: resources, JSON rules, request ids, error mapping. */
public final class RestApplication {

    private RestApplication() {
    }

    /** With {@link RestSettings#defaults()} (no authentication), always ready, metrics kept in memory. */
    public static ResourceConfig create(JobUseCases jobs) {
        return create(jobs, RestSettings.defaults());
    }

    /** Always ready, metrics kept in memory. */
    public static ResourceConfig create(JobUseCases jobs, RestSettings settings) {
        return create(jobs, CheckReadiness.Readiness::up, Telemetry.inMemory(), settings);
    }

    public static ResourceConfig create(JobUseCases jobs, CheckReadiness readiness,
                                        Telemetry telemetry, RestSettings settings) {
        return create(jobs, readiness, telemetry, settings, true);
    }

    /**
     * For {@link RestRehearsal}: the same application with no access log, no authentication and metrics of its own. It
     * must never be served on a socket.
     */
    static ResourceConfig withoutAccessLog(JobUseCases jobs) {
        return create(jobs, CheckReadiness.Readiness::up, Telemetry.inMemory(), RestSettings.defaults(), false);
    }

    private static ResourceConfig create(JobUseCases jobs, CheckReadiness readiness, Telemetry telemetry,
                                         RestSettings settings, boolean accessLog) {
        ResourceConfig config = new ResourceConfig();
        // Nothing joins the application unless it is registered here; in particular Jackson's own exception
        // mappers, which would answer malformed JSON with a text/plain 400 before ours run.
        config.property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        config.property(ServerProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        // Failures while writing a response go through the error mapping too.
        config.property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);

        config.register(JacksonFeature.withoutExceptionMappers());
        config.register(new JsonMapping());
        HttpMetrics metrics = new HttpMetrics(telemetry.registry());
        config.register(metrics);
        if (accessLog) {
            config.register(new AccessLog());
        }
        config.register(new RequestIds());
        config.register(new PrivateAnswers());
        // A Location is written as the resource gave it (relative), never built from the caller's Host header.
        config.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        config.register(new RequestBodyGuard(settings.maxBodyBytes()));
        config.register(new AuthenticationFilter(settings.authenticator()));
        config.register(new ProjectAccessFilter());
        ErrorResponses.providers().forEach(config::register);
        // Resources are registered as classes (Jersey warns about resource instances); the use cases reach
        // them through this one binder.
        config.register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(jobs).to(JobUseCases.class);
                bind(readiness).to(CheckReadiness.class);
                bind(telemetry).to(Telemetry.class);
                bind(metrics).to(HttpMetrics.class);
                bind(ConsoleFiles.fromClasspath(settings.authenticator().scheme())).to(ConsoleFiles.class);
            }
        });
        config.register(StreamingJobsResource.class);
        config.register(dev.dlirun.adapters.rest.StreamingJobTemplatesResource.class);
        config.register(StreamingJobChecksResource.class);
        config.register(StreamingJobUpgradesResource.class);
        config.register(CallerProjectsResource.class);
        config.register(OperationsResource.class);
        config.register(ConsoleResource.class);
        return config;
    }
}
