package dev.dlirun.domain.upgrade;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobFields;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpgradeRequestTest {

    private static final JobFields SQL = JobFields.parse(Map.of("sql_body", "INSERT INTO t SELECT 1"));

    @Test
    void anUpgradeByDefaultHasTwoMinutesAndRestoresAllOfItsState() {
        UpgradeRequest request = UpgradeRequest.to(SQL);
        assertThat(request.changes()).isEqualTo(SQL);
        assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(120)).isEqualTo(UpgradeRequest.DEFAULT_TIMEOUT);
        assertThat(request.allowNonRestoredState()).isFalse();
    }

    @Test
    void itChangesOnlyTheFieldsThatDecideHowStateIsRestoredAndAtLeastOne() {
        assertThat(new UpgradeRequest(JobFields.parse(Map.of("parallel_number", 4, "runtime_config", "{}")),
                Duration.ofSeconds(60), true).allowNonRestoredState()).isTrue();
        assertThatThrownBy(() -> UpgradeRequest.to(JobFields.parse(Map.of("name", "renamed"))))
                .isInstanceOf(InvalidInputException.class).hasMessage("name is not a field an upgrade changes.");
        assertThatThrownBy(() -> UpgradeRequest.to(JobFields.EMPTY)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("body must change at least one of the job's code");
    }

    @Test
    void itsTimeoutIsFromOneSecondToThirtyMinutes() {
        assertThat(new UpgradeRequest(SQL, Duration.ofSeconds(1), false).timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(new UpgradeRequest(SQL, Duration.ofMinutes(30), false).timeout()).isEqualTo(Duration.ofMinutes(30));
        for (Duration wrong : new Duration[]{Duration.ofMillis(999), Duration.ZERO, Duration.ofSeconds(-1),
                Duration.ofMinutes(30).plusMillis(1)}) {
            assertThatThrownBy(() -> new UpgradeRequest(SQL, wrong, false)).as(wrong.toString())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("timeout_seconds must be from 1 to 1800 seconds.");
        }
        assertThatThrownBy(() -> new UpgradeRequest(null, Duration.ofSeconds(5), false))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UpgradeRequest(SQL, null, false)).isInstanceOf(NullPointerException.class);
    }
}
