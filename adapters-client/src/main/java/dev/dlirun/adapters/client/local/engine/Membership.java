package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.Coordination;
import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This instance among the service's instances that share one catalogue (PostgreSQL) in front of one Flink cluster: it
 * registers itself, beats its heart, and takes or renews the lease of the cluster's background work (see
 * {@link Leadership}) every third of the lease's time. The lease, its fencing token and every time are the database's,
 * so the instances' clocks do not matter. An instance believes it holds the work until a lease's time after it last
 * asked for a renewal that succeeded (less a margin): never longer than the database grants it, so two instances never
 * both believe it. A dead instance's lease runs out and another takes it within one lease time and one third.
 *
 * <p>The embedded Flink engine runs one instance per catalogue: its jobs live in the instance's own process or local
 * cluster, which no other instance can reach. An instance with it refuses to join a catalogue another live instance
 * uses, and an instance of a remote cluster refuses to join one an embedded instance uses.
 */
public final class Membership implements Leadership, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /** What the register says of an instance whose jobs run in its own process or local cluster. */
    public static final String EMBEDDED = "embedded";
    /** What the register says of an instance in front of a remote Flink cluster (--flink-rest). */
    public static final String REMOTE = "remote";

    /**
     * @param engine  {@link #EMBEDDED} or {@link #REMOTE}
     * @param address where the instance answers requests (for operators, in the register)
     * @param lease   the name of the lease of the background work: one per Flink cluster
     * @param ttl     how long a lease lasts without a renewal: a dead holder's work is taken over within it
     */
    public record Settings(String engine, String address, String lease, Duration ttl) {
        public Settings {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(ttl, "ttl");
            if (!engine.equals(EMBEDDED) && !engine.equals(REMOTE)) {
                throw new IllegalArgumentException("the engine is " + EMBEDDED + " or " + REMOTE + ", not " + engine);
            }
            if (ttl.compareTo(Duration.ofSeconds(2)) < 0) {
                throw new IllegalArgumentException("a lease lasts at least 2 s, not " + ttl);
            }
        }
    }

    /** Another live instance forbids this one to join: the message says which, and why. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** What an operator (and the readiness probe) sees of this instance. */
    public record Status(String instanceId, boolean holdsWork, long token, Optional<String> lastError) {
    }

    private final Coordination coordination;
    private final Coordination.Instance self;
    private final Settings settings;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dlirun-lease");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lock = new Object();
    private volatile boolean held;
    private volatile long token = -1;
    private volatile long validUntilNanos;
    private volatile String lastError;
    private volatile boolean closed;

    private Membership(Coordination coordination, Coordination.Instance self, Settings settings) {
        this.coordination = coordination;
        this.self = self;
        this.settings = settings;
    }

    /**
     * Registers this instance, once no live instance forbids it (see the class's comment): an instance seen within the
     * last lease time may be one that died, so a conflict is looked at again once that time has passed.
     *
     * @throws Refused when another live instance forbids this one, saying which and why
     */
    public static Membership join(Coordination coordination, Settings settings) throws InterruptedException {
        Coordination.Instance self = new Coordination.Instance(UUID.randomUUID().toString().replace("-", ""),
                settings.engine(), settings.address(), System.currentTimeMillis());
        Optional<String> conflict = conflict(coordination, self, settings);
        if (conflict.isPresent()) {
            LOG.info("{}; looking again in {} s, in case it has died", conflict.get(), settings.ttl().toSeconds());
            Thread.sleep(settings.ttl().toMillis());
            conflict = conflict(coordination, self, settings);
            if (conflict.isPresent()) {
                throw new Refused(conflict.get());
            }
        }
        coordination.heartbeat(self);
        LOG.info("Instance {} ({} engine, {}) joined; the lease of the cluster's work is '{}', {} s", self.id(),
                settings.engine(), settings.address(), settings.lease(), settings.ttl().toSeconds());
        return new Membership(coordination, self, settings);
    }

    private static Optional<String> conflict(Coordination coordination, Coordination.Instance self,
                                             Settings settings) {
        List<Coordination.Instance> others = coordination.othersAlive(self.id(), settings.ttl());
        for (Coordination.Instance other : others) {
            if (settings.engine().equals(EMBEDDED) || other.engine().equals(EMBEDDED)) {
                return Optional.of("The catalogue is in use by instance " + other.id() + " at " + other.address()
                        + " (" + other.engine() + " engine), alive within the last " + settings.ttl().toSeconds()
                        + " s. The embedded Flink engine runs one instance per catalogue (its jobs live in that "
                        + "instance's own Flink, which no other instance reaches): give it a catalogue of its own, or "
                        + "run every instance with --flink-rest in front of one Flink cluster");
            }
        }
        return Optional.empty();
    }

    /** Begins taking (and renewing) the lease, at once and then every third of its time. */
    public void start() {
        long period = Math.max(200, settings.ttl().toMillis() / 3);
        ticker.scheduleWithFixedDelay(this::tick, 0, period, TimeUnit.MILLISECONDS);
    }

    /** This instance's id in the register. */
    public String instanceId() {
        return self.id();
    }

    public Settings settings() {
        return settings;
    }

    public Status status() {
        return new Status(self.id(), held(), token, Optional.ofNullable(lastError));
    }

    /** The other instances alive now, as the register says. */
    public List<Coordination.Instance> others() {
        return coordination.othersAlive(self.id(), settings.ttl());
    }

    @Override
    public boolean held() {
        return held && System.nanoTime() - validUntilNanos < 0;
    }

    @Override
    public long token() {
        return token;
    }

    @Override
    public void listen(Listener listener) {
        synchronized (lock) {
            listeners.add(listener);
            if (held) {
                listener.gained(token);
            }
        }
    }

    @Override
    public JobCatalogue fence(JobCatalogue catalogue) {
        return catalogue.fencedBy(settings.lease(), self.id(), this::token);
    }

    /** One beat: the heartbeat, then the lease taken or renewed; the work gained or lost as the answer says. */
    void tick() {
        if (closed) {
            return;
        }
        long asked = System.nanoTime();
        try {
            coordination.heartbeat(self);
            OptionalLong granted = coordination.acquire(settings.lease(), self.id(), settings.ttl());
            lastError = null;
            synchronized (lock) {
                if (granted.isPresent()) {
                    // The database's lease runs at least a ttl from when it ran the statement, after `asked`.
                    validUntilNanos = asked + settings.ttl().toNanos() - margin();
                    if (held && granted.getAsLong() != token) {
                        lose("the lease was held by another instance in between");
                    }
                    if (!held) {
                        token = granted.getAsLong();
                        held = true;
                        LOG.info("Instance {} holds the cluster's work (lease '{}', token {})", self.id(),
                                settings.lease(), token);
                        listeners.forEach(listener -> listener.gained(token));
                    }
                } else if (held) {
                    lose("another instance holds the lease");
                }
            }
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.warn("Instance {} could not renew its lease: {}", self.id(), e.getMessage());
            synchronized (lock) {
                if (held && System.nanoTime() - validUntilNanos >= 0) {
                    lose("the lease could not be renewed in time: " + e.getMessage());
                }
            }
        }
    }

    private long margin() {
        return Math.min(Duration.ofSeconds(1).toNanos(), settings.ttl().toNanos() / 10);
    }

    private void lose(String why) {
        held = false;
        LOG.warn("Instance {} no longer holds the cluster's work (token {}): {}", self.id(), token, why);
        listeners.forEach(listener -> listener.lost(why));
    }

    /** Stops beating; gives the lease up and leaves the register, so that another instance takes over at once. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (held) {
                lose("the instance stops");
            }
        }
        try {
            coordination.release(settings.lease(), self.id(), token);
            coordination.deregister(self.id());
        } catch (RuntimeException e) {
            LOG.warn("Instance {} could not give up its lease as it stopped: {}", self.id(), e.getMessage());
        }
    }
}
