package dev.dlirun.adapters.client.local.catalogue;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The in-memory catalogue's {@link Coordination}: the same rules as the database's, by the JVM's clock, for one
 * process (whose only instance is itself).
 */
final class InMemoryCoordination implements Coordination {

    private record Lease(String holder, long token, long expiresAt) {
    }

    private record Alive(Instance instance, long heartbeatAt) {
    }

    private final LongSupplier clock;
    private final Map<String, Lease> leases = new HashMap<>();
    private final Map<String, Alive> instances = new HashMap<>();

    InMemoryCoordination() {
        this(System::currentTimeMillis);
    }

    /** With {@code clock} (milliseconds) for its now: for tests. */
    InMemoryCoordination(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized OptionalLong acquire(String name, String holder, Duration ttl) {
        long now = clock.getAsLong();
        Lease lease = leases.get(name);
        boolean held = lease != null && lease.holder() != null && lease.expiresAt() > now;
        if (held && !lease.holder().equals(holder)) {
            return OptionalLong.empty();
        }
        long token = lease == null ? 1 : held ? lease.token() : lease.token() + 1;
        leases.put(name, new Lease(holder, token, now + ttl.toMillis()));
        return OptionalLong.of(token);
    }

    @Override
    public synchronized void release(String name, String holder, long token) {
        Lease lease = leases.get(name);
        if (lease != null && holder.equals(lease.holder()) && lease.token() == token) {
            leases.put(name, new Lease(null, token, clock.getAsLong()));
        }
    }

    @Override
    public synchronized Optional<Holding> holder(String name) {
        long now = clock.getAsLong();
        Lease lease = leases.get(name);
        if (lease == null || lease.holder() == null || lease.expiresAt() <= now) {
            return Optional.empty();
        }
        return Optional.of(new Holding(lease.holder(), lease.token(), lease.expiresAt() - now));
    }

    @Override
    public synchronized void heartbeat(Instance instance) {
        instances.put(instance.id(), new Alive(instance, clock.getAsLong()));
    }

    @Override
    public synchronized List<Instance> othersAlive(String self, Duration alive) {
        long since = clock.getAsLong() - alive.toMillis();
        return instances.values().stream()
                .filter(each -> !each.instance().id().equals(self) && each.heartbeatAt() >= since)
                .map(Alive::instance).sorted(Comparator.comparing(Instance::id)).toList();
    }

    @Override
    public synchronized void deregister(String instanceId) {
        instances.remove(instanceId);
    }
}
