package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.flink.FlinkJobRuntime;
import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;

import java.net.URI;
import java.util.Optional;

/** What tests and benchmarks look at inside a server running the local engine. */
final class LocalServers {

    private LocalServers() {
    }

    private static LocalBackend local(DliRunServer server) {
        if (server.backend() instanceof LocalBackend local) {
            return local;
        }
        throw new IllegalStateException("the backend is not the local engine");
    }

    /** The local engine's catalogue, to seed jobs and look at their states. */
    static JobCatalogue catalogue(DliRunServer server) {
        return local(server).catalogue();
    }

    /** The REST API of the Flink cluster the jobs run on, for benchmarks that compare with Flink itself. */
    static Optional<URI> flinkRest(DliRunServer server) {
        return Optional.of(local(server).runtime()).filter(FlinkJobRuntime.class::isInstance)
                .map(FlinkJobRuntime.class::cast).flatMap(FlinkJobRuntime::restAddress);
    }
}
