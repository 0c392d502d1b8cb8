package dev.dlirun.adapters.client.local.catalogue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.assertj.core.data.Offset;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** The H2 catalogue's leases and instances, in its tables, by H2's clock. */
class H2CoordinationTest extends CoordinationContract {

    private final JdbcJobCatalogue catalogue = JdbcJobCatalogue.inMemory();

    @Override
    Coordination coordination() {
        return catalogue.coordination();
    }

    @AfterEach
    void close() {
        catalogue.close();
    }

    @Test
    void theDatabasesClockIsInEpochMillisecondsWhateverTheTimeZone() throws Exception {
        TimeZone before = TimeZone.getDefault();
        try {
            for (String zone : new String[]{"UTC", "Asia/Shanghai", "America/Los_Angeles"}) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:")) {
                    assertThat(millis(connection, Dialect.H2)).as(zone)
                            .isCloseTo(System.currentTimeMillis(), Offset.offset(2_000L));
                }
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }

    /** The database's now, by {@code dialect}'s expression, checked to be a BIGINT. */
    static long millis(Connection connection, Dialect dialect) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT " + dialect.nowMillis())) {
            rows.next();
            assertThat(rows.getMetaData().getColumnType(1)).as("a BIGINT").isEqualTo(Types.BIGINT);
            return rows.getLong(1);
        }
    }
}
