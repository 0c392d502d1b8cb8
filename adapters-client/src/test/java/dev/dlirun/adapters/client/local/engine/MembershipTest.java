package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.Coordination;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lease of the cluster's work as one instance sees it, against a register whose clock the test moves: gained,
 * renewed under one token, lost to another holder, lost when it cannot be renewed in time (and never believed held
 * longer than the register grants it), and the embedded engine's rule of one instance per catalogue.
 */
class MembershipTest {

    private static final Duration TTL = Duration.ofSeconds(3);

    /** A register in memory, its clock the test's: leases expire only when the test says time has passed. */
    static final class Register implements Coordination {
        final AtomicLong now = new AtomicLong(1_000_000);
        final AtomicBoolean down = new AtomicBoolean();
        final Map<String, Holding> leases = new HashMap<>();
        final Map<String, Long> expiries = new HashMap<>();
        final Map<String, Instance> instances = new HashMap<>();
        final Map<String, Long> heartbeats = new HashMap<>();
        long tokens;

        private void reachable() {
            if (down.get()) {
                throw new IllegalStateException("the database does not answer");
            }
        }

        @Override
        public synchronized OptionalLong acquire(String name, String holder, Duration ttl) {
            reachable();
            Holding current = leases.get(name);
            boolean free = current == null || expiries.get(name) <= now.get();
            if (current != null && !free && !current.holder().equals(holder)) {
                return OptionalLong.empty();
            }
            // As the database's: a renewal keeps the token; any other taking (after expiry too) makes a new one.
            long token = current != null && !free && current.holder().equals(holder) ? current.token() : ++tokens;
            leases.put(name, new Holding(holder, token, ttl.toMillis()));
            expiries.put(name, now.get() + ttl.toMillis());
            return OptionalLong.of(token);
        }

        @Override
        public synchronized void release(String name, String holder, long token) {
            Holding current = leases.get(name);
            if (current != null && current.holder().equals(holder) && current.token() == token) {
                expiries.put(name, now.get());
            }
        }

        @Override
        public synchronized Optional<Holding> holder(String name) {
            Holding current = leases.get(name);
            if (current == null || expiries.get(name) <= now.get()) {
                return Optional.empty();
            }
            return Optional.of(new Holding(current.holder(), current.token(), expiries.get(name) - now.get()));
        }

        @Override
        public synchronized void heartbeat(Instance instance) {
            reachable();
            instances.put(instance.id(), instance);
            heartbeats.put(instance.id(), now.get());
        }

        @Override
        public synchronized List<Instance> othersAlive(String self, Duration alive) {
            List<Instance> others = new ArrayList<>();
            instances.forEach((id, instance) -> {
                if (!id.equals(self) && heartbeats.get(id) > now.get() - alive.toMillis()) {
                    others.add(instance);
                }
            });
            return others;
        }

        @Override
        public synchronized void deregister(String instanceId) {
            instances.remove(instanceId);
            heartbeats.remove(instanceId);
        }
    }

    /** What a listener was told, in order. */
    static final class Told implements Leadership.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void gained(long token) {
            events.add("gained " + token);
        }

        @Override
        public synchronized void lost(String why) {
            events.add("lost");
        }
    }

    private static Membership.Settings remote(String address) {
        return new Membership.Settings(Membership.REMOTE, address, "engine@http://flink:8081", TTL);
    }

    @Test
    void theFirstInstanceGainsTheWorkAndKeepsItsTokenWhileItRenews() throws Exception {
        Register register = new Register();
        Membership one = Membership.join(register, remote("a:8080"));
        Told told = new Told();
        one.listen(told);

        one.tick();
        register.now.addAndGet(1_000);
        one.tick();
        register.now.addAndGet(1_000);
        one.tick();

        assertThat(one.held()).isTrue();
        assertThat(one.token()).isEqualTo(1);
        assertThat(told.events).containsExactly("gained 1");
        assertThat(register.holder("engine@http://flink:8081")).map(Coordination.Holding::holder)
                .contains(one.instanceId());
    }

    @Test
    void aSecondInstanceWaitsWhileTheFirstRenewsAndTakesOverWithAHigherTokenOnceItsLeaseRunsOut() throws Exception {
        Register register = new Register();
        Membership one = Membership.join(register, remote("a:8080"));
        Membership two = Membership.join(register, remote("b:8080"));
        Told toldOne = new Told();
        Told toldTwo = new Told();
        one.listen(toldOne);
        two.listen(toldTwo);
        one.tick();
        two.tick();
        assertThat(two.held()).isFalse();

        // The first instance dies: it renews no more, and its lease runs out by the register's clock.
        register.now.addAndGet(TTL.toMillis());
        two.tick();

        assertThat(two.held()).isTrue();
        assertThat(two.token()).isGreaterThan(one.token());
        assertThat(toldTwo.events).containsExactly("gained 2");
        // Had the first come back, it would hear that another holds the work.
        one.tick();
        assertThat(one.held()).isFalse();
        assertThat(toldOne.events).containsExactly("gained 1", "lost");
    }

    @Test
    void anInstanceThatCannotRenewStopsBelievingItHoldsTheWorkBeforeTheRegisterWouldGiveItAway() throws Exception {
        Register register = new Register();
        Membership one = Membership.join(register, remote("a:8080"));
        Told told = new Told();
        one.listen(told);
        one.tick();
        assertThat(one.held()).isTrue();

        register.down.set(true);
        // Its belief is bounded by its own clock: a lease time after it last asked, less a margin.
        long deadline = System.nanoTime() + TTL.toNanos();
        while (one.held() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(one.held()).as("believed held a lease time after the last renewal").isFalse();
        one.tick();
        assertThat(told.events).containsExactly("gained 1", "lost");

        // Back, with nobody else having taken it: the same instance takes it again, under a new token.
        register.down.set(false);
        register.now.addAndGet(TTL.toMillis());
        one.tick();
        assertThat(one.held()).isTrue();
        assertThat(told.events).containsExactly("gained 1", "lost", "gained 2");
    }

    @Test
    void anEmbeddedInstanceRefusesACatalogueAnotherLiveInstanceUsesAndSaysWhy() throws Exception {
        Register register = new Register();
        Membership.join(register, remote("a:8080"));
        Membership.Settings embedded = new Membership.Settings(Membership.EMBEDDED, "b:8080", "engine@local",
                Duration.ofSeconds(2));
        // Its look again after a lease time finds the other still alive (its heartbeat is the register's "now").
        assertThatThrownBy(() -> Membership.join(register, embedded))
                .isInstanceOf(Membership.Refused.class)
                .hasMessageContaining("a:8080")
                .hasMessageContaining("The embedded Flink engine runs one instance per catalogue");
    }

    @Test
    void aRemoteInstanceRefusesACatalogueAnEmbeddedInstanceUsesButJoinsOnceThatInstanceIsDead() throws Exception {
        Register register = new Register();
        Membership.Settings embedded = new Membership.Settings(Membership.EMBEDDED, "a:8080", "engine@local",
                Duration.ofSeconds(2));
        Membership.join(register, embedded);
        Membership.Settings remote = new Membership.Settings(Membership.REMOTE, "b:8080", "engine@x",
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> Membership.join(register, remote)).hasMessageContaining("embedded engine");

        register.now.addAndGet(Duration.ofSeconds(2).toMillis());
        assertThat(Membership.join(register, remote).instanceId()).isNotBlank();
    }

    @Test
    void closingGivesTheLeaseUpSoThatAnotherInstanceTakesItAtOnce() throws Exception {
        Register register = new Register();
        Membership one = Membership.join(register, remote("a:8080"));
        Membership two = Membership.join(register, remote("b:8080"));
        one.tick();
        one.close();

        two.tick();

        assertThat(two.held()).isTrue();
        assertThat(register.othersAlive(two.instanceId(), TTL)).isEmpty();
    }
}
