package dev.dlirun.adapters.client.local.catalogue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.assertj.core.data.Offset;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** On H2 too a write under a lost lease is refused, and a fenced view's writes reach the original's index. */
    @Test
    void aFencedViewWritesWhileItHoldsTheLeaseIntoTheSameIndexAndNothingOnceItLostIt() throws Exception {
        catalogue.indexInBackground();
        while (!catalogue.indexed()) {
            Thread.sleep(5);
        }
        long token = catalogue.coordination().acquire("jobs", "a", Duration.ofSeconds(3)).orElseThrow();
        JdbcJobCatalogue fenced = catalogue.fencedBy("jobs", "a", () -> token);
        LocalJob job = TestJobs.job(ProjectId.of("p1"), 1, JobStatus.JOB_INIT, false);
        assertThat(fenced.addIfAbsent(job)).isTrue();
        fenced.update(job.projectId(), job.id(), j -> j.with(TestJobs.running(j.run(), 1_000)));
        assertThat(catalogue.lookUp(job.projectId(), List.of(job.id())).get(job.id()).status())
                .as("the original's index heard it").isEqualTo(JobStatus.JOB_RUNNING);

        Thread.sleep(3_100); // the lease expires
        assertThatThrownBy(() -> fenced.update(job.projectId(), job.id(),
                j -> j.with(TestJobs.moved(j.run(), JobStatus.JOB_CANCEL_SUCCESS, null, 2_000))))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> fenced.addIfAbsent(TestJobs.job(ProjectId.of("p1"), 2, JobStatus.JOB_INIT, false)))
                .isInstanceOf(LeaseLostException.class);
        assertThat(catalogue.lookUp(job.projectId(), List.of(job.id())).get(job.id()).status())
                .isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(catalogue.find(job.projectId(), job.id()).orElseThrow().status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(catalogue.count()).isEqualTo(1);
        fenced.close();
        assertThat(catalogue.count()).as("closing the view leaves the catalogue open").isEqualTo(1);
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
