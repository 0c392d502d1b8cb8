package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.catalogue.Coordination.Holding;
import dev.dlirun.adapters.client.local.catalogue.Coordination.Instance;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What every catalogue's leases and instance register keep: in memory, on H2 and on PostgreSQL alike. */
abstract class CoordinationContract {

    static final Duration LONG = Duration.ofMinutes(5);

    abstract Coordination coordination();

    @Test
    void aFreeLeaseIsTakenWithTokenOneAndOthersAreRefusedWhileItIsHeld() {
        assertThat(coordination().holder("watch/p1")).isEmpty();

        assertThat(coordination().acquire("watch/p1", "a", LONG)).isEqualTo(OptionalLong.of(1));
        assertThat(coordination().acquire("watch/p1", "b", LONG)).isEmpty();

        Holding holding = coordination().holder("watch/p1").orElseThrow();
        assertThat(holding.holder()).isEqualTo("a");
        assertThat(holding.token()).isEqualTo(1);
        assertThat(holding.millisLeft()).isBetween(LONG.toMillis() - 10_000, LONG.toMillis());
        assertThat(coordination().acquire("watch/p2", "b", LONG)).as("another lease").isEqualTo(OptionalLong.of(1));
    }

    @Test
    void aRenewalKeepsTheTokenAndExtendsTheLease() throws InterruptedException {
        coordination().acquire("lease", "a", Duration.ofSeconds(2));
        Thread.sleep(50);

        assertThat(coordination().acquire("lease", "a", LONG)).isEqualTo(OptionalLong.of(1));
        assertThat(coordination().holder("lease").orElseThrow().millisLeft()).isGreaterThan(60_000);
    }

    @Test
    void anExpiredLeaseGoesToTheNextAskerWithTheNextToken() throws InterruptedException {
        assertThat(coordination().acquire("lease", "a", Duration.ofSeconds(1))).isEqualTo(OptionalLong.of(1));
        assertThat(coordination().acquire("lease", "b", LONG)).as("still held").isEmpty();

        Thread.sleep(1_100);

        assertThat(coordination().holder("lease")).as("expired").isEmpty();
        assertThat(coordination().acquire("lease", "b", LONG)).isEqualTo(OptionalLong.of(2));
        assertThat(coordination().acquire("lease", "a", LONG)).as("b holds it now").isEmpty();
        assertThat(coordination().holder("lease").orElseThrow().holder()).isEqualTo("b");
    }

    @Test
    void aReleaseFreesTheLeaseAtOnceOnlyForItsHolderAndToken() {
        long token = coordination().acquire("lease", "a", LONG).orElseThrow();

        coordination().release("lease", "b", token);
        coordination().release("lease", "a", token + 1);
        assertThat(coordination().holder("lease").orElseThrow().holder()).as("not released by others").isEqualTo("a");

        coordination().release("lease", "a", token);
        assertThat(coordination().holder("lease")).isEmpty();
        assertThat(coordination().acquire("lease", "b", LONG)).isEqualTo(OptionalLong.of(token + 1));
        assertThat(coordination().acquire("lease", "a", LONG)).isEmpty();
    }

    @Test
    void theTokenGrowsWithEveryNewHoldingEvenOfTheSameHolder() {
        long first = coordination().acquire("lease", "a", LONG).orElseThrow();
        coordination().release("lease", "a", first);
        long second = coordination().acquire("lease", "a", LONG).orElseThrow();
        coordination().release("lease", "a", second);
        long third = coordination().acquire("lease", "b", LONG).orElseThrow();

        assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void instancesAreAliveWhileTheyBeatAndGoneWhenDeregistered() throws InterruptedException {
        Instance a = new Instance("a", "remote", "http://a:8080", 1_000);
        Instance b = new Instance("b", "remote", "http://b:8080", 2_000);
        Instance c = new Instance("c", "embedded", "http://c:8080", 3_000);
        coordination().heartbeat(a);
        coordination().heartbeat(b);
        coordination().heartbeat(c);

        assertThat(coordination().othersAlive("a", LONG)).containsExactly(b, c);

        Instance moved = new Instance("b", "remote", "http://b:9090", 4_000);
        coordination().heartbeat(moved);
        assertThat(coordination().othersAlive("a", LONG)).as("updated, not doubled").containsExactly(moved, c);

        coordination().deregister("c");
        assertThat(coordination().othersAlive("a", LONG)).containsExactly(moved);

        Thread.sleep(1_500);
        coordination().heartbeat(a);
        assertThat(coordination().othersAlive("a", Duration.ofSeconds(1))).as("b's heartbeat is too old").isEmpty();
        assertThat(coordination().othersAlive("b", Duration.ofSeconds(1))).containsExactly(a);
    }
}
