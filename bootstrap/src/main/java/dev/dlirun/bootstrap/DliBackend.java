package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.DliJobBackend;
import dev.dlirun.adapters.client.dli.DliJobLogs;
import dev.dlirun.adapters.client.dli.DliSettings;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** DLI itself, through the outbound DLI client: its connections warmed up as it is built. */
final class DliBackend implements ServiceBackend {

    private final DliJobBackend dli;
    private final String description;

    DliBackend(DliSettings settings, Clock clock, MeterRegistry metrics) {
        this.dli = new DliJobBackend(settings, clock, metrics);
        dli.warmUp();
        this.description = settings.endpoint() + ", " + settings.credentials();
    }

    @Override
    public JobPorts ports() {
        return JobPorts.of(dli, new DliJobLogs());
    }

    @Override
    public boolean rehearsed() {
        return false;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        dli.close();
    }
}
