package dev.dlirun.adapters.rest.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the HTTP side records its metrics, and how they are shown at {@code GET /metrics}.
 *
 * @param scrape the registry's content in Prometheus' text format
 */
public record Telemetry(MeterRegistry registry, Supplier<String> scrape) {

    public Telemetry {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scrape, "scrape");
    }

    /** Metrics kept in memory and shown nowhere: for tests and embedding. */
    public static Telemetry inMemory() {
        return new Telemetry(new SimpleMeterRegistry(), () -> "");
    }
}
