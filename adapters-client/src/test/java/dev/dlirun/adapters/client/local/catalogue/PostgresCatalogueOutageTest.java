package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue.CatalogueUnavailableException;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PostgreSQL catalogue while its server is down, and once it is back: it fails fast, and recovers by itself. */
class PostgresCatalogueOutageTest {

    @TempDir
    Path directory;

    @Test
    void whileTheServerIsDownCallsFailFastAndOnceItIsBackTheyWorkAgain() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(directory.resolve("postgres"));
             JdbcJobCatalogue catalogue = JdbcJobCatalogue.onPostgres(postgres.jdbcUrl(), postgres.user(),
                     postgres.password())) {
            catalogue.ping();
            assertThat(catalogue.count()).isZero();

            postgres.stopKeepingData();
            for (int call = 0; call < 2; call++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> catalogue.list(JobQuery.all(ProjectId.of("p1"))))
                        .isInstanceOf(CatalogueUnavailableException.class)
                        .hasMessageStartingWith("the job catalogue failed");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("failed within 5 s")
                        .isLessThan(5_000);
            }

            postgres.startAgain(directory.resolve("postgres").resolve("postgres.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (true) {
                try {
                    catalogue.ping();
                    break;
                } catch (CatalogueUnavailableException notYet) {
                    assertThat(System.nanoTime()).as("recovered within 15 s").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            assertThat(catalogue.count()).isZero();
        }
    }
}
