package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.peers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole catalogue contract on a real PostgreSQL: one server for the class, a fresh database (its schema made by
 * PostgreSQL's scripts) for each test.
 */
class PostgresJobCatalogueTest extends JobCatalogueContract {

    @TempDir
    static Path directory;
    private static PostgresServer postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final JdbcJobCatalogue catalogue = fresh(postgres);

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

    /** The catalogue in a new, empty database of {@code postgres}. */
    static JdbcJobCatalogue fresh(PostgresServer postgres) {
        return JdbcJobCatalogue.onPostgres(freshDatabase(postgres), postgres.user(), postgres.password());
    }

    /** The URL of a new, empty database of {@code postgres}. */
    static String freshDatabase(PostgresServer postgres) {
        String database = "catalogue_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        postgres.execute("CREATE DATABASE " + database);
        return postgres.jdbcUrl(database);
    }

    @Override
    JobCatalogue catalogue() {
        return catalogue;
    }

    @AfterEach
    void close() {
        catalogue.close();
    }
}
