package dev.dlirun.domain.upgrade;

import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.state.StateVerdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobUpgradeTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static JobUpgrade in(UpgradeStatus status) {
        return new JobUpgrade(UpgradeId.generate(), JobId.of(7), status, JobFields.EMPTY, JobFields.EMPTY,
                Optional.of(StateVerdict.compatible("ok")), Optional.of("file:/sp/1"), Optional.empty(),
                Duration.ofSeconds(120), false, NOW, NOW);
    }

    @Test
    void anUpgradeIsSettledWhenItsStatusIs() {
        for (UpgradeStatus status : UpgradeStatus.values()) {
            assertThat(in(status).settled()).as(status.name()).isEqualTo(status.settled());
        }
    }

    @Test
    void everyPartIsRequired() {
        UpgradeId id = UpgradeId.generate();
        JobId job = JobId.of(7);
        Optional<StateVerdict> verdict = Optional.empty();
        Optional<String> text = Optional.empty();
        Duration timeout = Duration.ofSeconds(1);
        JobFields none = JobFields.EMPTY;
        UpgradeStatus status = UpgradeStatus.CHECKING;
        assertThatThrownBy(() -> new JobUpgrade(null, job, status, none, none, verdict, text, text, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> new JobUpgrade(id, null, status, none, none, verdict, text, text, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("jobId");
        assertThatThrownBy(() -> new JobUpgrade(id, job, null, none, none, verdict, text, text, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("status");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, null, none, verdict, text, text, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("from");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, none, null, verdict, text, text, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("to");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, none, none, null, text, text, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("verdict");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, none, none, verdict, null, text, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("savepoint");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, none, none, verdict, text, null, timeout, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("why");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, none, none, verdict, text, text, null, false,
                NOW, NOW)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, none, none, verdict, text, text, timeout, false,
                null, NOW)).isInstanceOf(NullPointerException.class).hasMessage("created");
        assertThatThrownBy(() -> new JobUpgrade(id, job, status, none, none, verdict, text, text, timeout, false,
                NOW, null)).isInstanceOf(NullPointerException.class).hasMessage("updated");
    }
}
