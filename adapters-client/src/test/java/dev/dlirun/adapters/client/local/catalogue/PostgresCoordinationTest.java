package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.peers.PostgresServer;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's leases and instances, by its clock: the contract, and instances (catalogue objects, each with its own
 * pool) racing for one lease.
 */
class PostgresCoordinationTest extends CoordinationContract {

    @TempDir
    static Path directory;
    private static PostgresServer postgres;

    private final String url = PostgresJobCatalogueTest.freshDatabase(postgres);
    private final JdbcJobCatalogue catalogue = JdbcJobCatalogue.onPostgres(url, postgres.user(), postgres.password());

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(directory.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    Coordination coordination() {
        return catalogue.coordination();
    }

    @AfterEach
    void close() {
        catalogue.close();
    }

    @Test
    void theDatabasesClockIsInEpochMilliseconds() throws Exception {
        try (Connection connection = postgres.connect()) {
            assertThat(H2CoordinationTest.millis(connection, Dialect.POSTGRESQL))
                    .isCloseTo(System.currentTimeMillis(), Offset.offset(2_000L));
        }
    }

    /**
     * Rounds of four instances asking for one lease at the same moment, half of the rounds for a lease not in the table
     * yet (the insert's race), half for one its last holder gave up (the update's race): each time exactly one gets
     * it, with the next token.
     */
    @Test
    void ofInstancesRacingForALeaseExactlyOneGetsItEachTime() throws Exception {
        int instances = 4;
        List<JdbcJobCatalogue> others = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        try {
            others.add(catalogue);
            for (int i = 1; i < instances; i++) {
                others.add(JdbcJobCatalogue.onPostgres(url, postgres.user(), postgres.password()));
            }
            for (int round = 0; round < 20; round++) {
                String lease = round % 2 == 0 ? "new-" + round : "expiring";
                CyclicBarrier start = new CyclicBarrier(instances);
                List<Future<OptionalLong>> answers = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    Coordination mine = others.get(i).coordination();
                    String holder = "instance-" + i;
                    answers.add(threads.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return mine.acquire(lease, holder, Duration.ofMinutes(1));
                    }));
                }
                List<Long> tokens = new ArrayList<>();
                String winner = null;
                for (int i = 0; i < instances; i++) {
                    OptionalLong token = answers.get(i).get(30, TimeUnit.SECONDS);
                    if (token.isPresent()) {
                        tokens.add(token.getAsLong());
                        winner = "instance-" + i;
                    }
                }
                assertThat(tokens).as("round " + round + ": one winner").hasSize(1);
                if (round % 2 == 0) {
                    assertThat(tokens).containsExactly(1L);
                } else {
                    assertThat(tokens).as("the token of the lease's " + (round / 2 + 1) + "th holding")
                            .containsExactly((long) round / 2 + 1);
                    catalogue.coordination().release(lease, winner, tokens.get(0)); // free for the next round
                }
            }
        } finally {
            threads.shutdownNow();
            others.stream().filter(other -> other != catalogue).forEach(JdbcJobCatalogue::close);
        }
    }
}
