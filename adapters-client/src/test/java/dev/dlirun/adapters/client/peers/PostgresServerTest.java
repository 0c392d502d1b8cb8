package dev.dlirun.adapters.client.peers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test peer PostgresServer: one server for the class, reached over JDBC with the user's password. */
class PostgresServerTest {

    @TempDir
    static Path directory;

    private static PostgresServer postgres;

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

    @Test
    void aTableCreatedFilledAndRead() {
        postgres.execute("CREATE TABLE counts (word TEXT PRIMARY KEY, n BIGINT NOT NULL)",
                "INSERT INTO counts VALUES ('a', 1), ('b', 2)",
                "INSERT INTO counts VALUES ('a', 10) ON CONFLICT (word) DO UPDATE SET n = counts.n + EXCLUDED.n");

        assertThat(postgres.query("SELECT word, n FROM counts ORDER BY word"))
                .containsExactly(List.of("a", 11L), List.of("b", 2L));
        assertThat(postgres.query("SELECT NULL::text, 1")).singleElement().satisfies(row ->
                assertThat(row).containsExactly(null, 1));
    }

    @Test
    void theUserSignsInWithItsPasswordAndWithNoOther() throws SQLException {
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/dlirun");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
                postgres.password())) {
            assertThat(connection.createStatement().executeQuery("SELECT current_user, current_database()"))
                    .satisfies(result -> {
                        assertThat(result.next()).isTrue();
                        assertThat(result.getString(1)).isEqualTo("dlirun");
                        assertThat(result.getString(2)).isEqualTo("dlirun");
                    });
        }
        // 28P01: invalid_password, from the SCRAM exchange.
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "").close())
                .isInstanceOf(SQLException.class);
        assertThat(postgres.query("SHOW password_encryption")).containsExactly(List.of("scram-sha-256"));
    }

    @Test
    void otherDatabasesAndTwoPhaseCommitsAreThereForTheAsking() {
        postgres.execute("CREATE DATABASE other");
        assertThat(postgres.jdbcUrl("other")).endsWith(":" + postgres.port() + "/other");
        assertThat(postgres.query("SELECT datname FROM pg_database WHERE datname IN ('dlirun', 'other') ORDER BY 1"))
                .containsExactly(List.of("dlirun"), List.of("other"));
        assertThat(postgres.query("SHOW max_prepared_transactions")).containsExactly(List.of("16"));
        assertThat(postgres.query("SHOW listen_addresses")).containsExactly(List.of("127.0.0.1"));
    }

    @Test
    void errorsNameTheStatement() {
        assertThatThrownBy(() -> postgres.query("SELECT * FROM missing"))
                .hasMessageStartingWith("PostgreSQL refused SELECT * FROM missing: ")
                .hasMessageContaining("does not exist");
    }

    @Test
    void missingProgramsAreNamedWithTheWayToGetThem(@TempDir Path empty) {
        String bin = System.getProperty(PostgresServer.BIN_PROPERTY);
        System.setProperty(PostgresServer.BIN_PROPERTY, empty.toString());
        try {
            assertThatThrownBy(() -> PostgresServer.start(empty.resolve("server")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PostgreSQL's server programs (postgres, initdb, pg_ctl) are not in " + empty)
                    .hasMessageContaining("apt-get install postgresql");
        } finally {
            if (bin == null) {
                System.clearProperty(PostgresServer.BIN_PROPERTY);
            } else {
                System.setProperty(PostgresServer.BIN_PROPERTY, bin);
            }
        }
    }
}
