package dev.dlirun.application;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.port.in.CheckReadiness;
import dev.dlirun.domain.port.out.BackendProbe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Probes the backend at most once per {@code cacheFor}: orchestrators ask often, and every probe of DLI is a real,
 * signed call. Concurrent askers share one probe. A "not ready" is reused for a second at most, so that an instance
 * coming up (its Flink cluster starting in the background) is seen ready as soon as it is.
 */
public final class ReadinessService implements CheckReadiness {

    private record Checked(Readiness readiness, Instant at) {
    }

    private final BackendProbe probe;
    private final Duration cacheFor;
    private final Duration timeout;
    private final Clock clock;
    private Checked last;

    /** How long a "not ready" is reused at most. */
    private static final Duration DOWN_FOR_AT_MOST = Duration.ofSeconds(1);

    public ReadinessService(BackendProbe probe, Duration cacheFor, Duration timeout, Clock clock) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Readiness check() {
        Instant now = clock.instant();
        Duration reuse = last == null || last.readiness().ready() || cacheFor.compareTo(DOWN_FOR_AT_MOST) < 0
                ? cacheFor : DOWN_FOR_AT_MOST;
        if (last == null || !now.isBefore(last.at().plus(reuse))) {
            last = new Checked(probeOnce().withDetails(probe.details()), now);
        }
        return last.readiness();
    }

    private Readiness probeOnce() {
        try {
            probe.probe(Deadline.after(timeout));
            return Readiness.up();
        } catch (BackendCredentialsRejectedException e) {
            return Readiness.down("the backend refuses this service's credentials");
        } catch (BackendUnavailableException e) {
            return Readiness.down("the backend cannot be reached: " + e.getMessage());
        }
    }
}
