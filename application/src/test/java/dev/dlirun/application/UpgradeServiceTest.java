package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobUpgrades;
import dev.dlirun.domain.upgrade.JobUpgrade;
import dev.dlirun.domain.upgrade.UpgradeId;
import dev.dlirun.domain.upgrade.UpgradeRequest;
import dev.dlirun.domain.upgrade.UpgradeStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpgradeServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(7);
    private static final UpgradeId UPGRADE = UpgradeId.generate();
    private static final UpgradeRequest REQUEST = UpgradeRequest.to(JobFields.parse(Map.of("sql_body", "SELECT 1")));
    private static final JobUpgrade CHECKING = new JobUpgrade(UPGRADE, ID, UpgradeStatus.CHECKING, JobFields.EMPTY,
            JobFields.EMPTY, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(120), false,
            Instant.EPOCH, Instant.EPOCH);

    /** A backend that answers only what it was asked for, and notes the deadlines and waits it was given. */
    private final List<Deadline> deadlines = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private final JobUpgrades backend = new JobUpgrades() {
        @Override
        public JobUpgrade startUpgrade(ProjectId projectId, JobId id, UpgradeRequest request, Deadline deadline) {
            deadlines.add(deadline);
            assertThat(List.of(projectId, id, request)).containsExactly(PROJECT, ID, REQUEST);
            return CHECKING;
        }

        @Override
        public Optional<JobUpgrade> findUpgrade(ProjectId projectId, JobId id, UpgradeId upgradeId,
                                                Deadline deadline) {
            deadlines.add(deadline);
            return projectId.equals(PROJECT) && id.equals(ID) && upgradeId.equals(UPGRADE) ? Optional.of(CHECKING)
                    : Optional.empty();
        }

        @Override
        public Optional<JobUpgrade> latestUpgrade(ProjectId projectId, JobId id, Deadline deadline) {
            deadlines.add(deadline);
            return projectId.equals(PROJECT) && id.equals(ID) ? Optional.of(CHECKING) : Optional.empty();
        }

        @Override
        public CompletionStage<JobUpgrade> awaitUpgrade(ProjectId projectId, JobId id, UpgradeId upgradeId,
                                                        Duration atMost) {
            waits.add(atMost);
            assertThat(List.of(projectId, id, upgradeId)).containsExactly(PROJECT, ID, UPGRADE);
            return CompletableFuture.completedFuture(CHECKING);
        }
    };
    private final UpgradeService service = new UpgradeService(backend, Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void anUpgradeIsStartedAndShownByTheBackendWithinTheRequestsBudget() {
        assertThat(service.start(PROJECT, ID, REQUEST)).isEqualTo(CHECKING);
        assertThat(service.show(PROJECT, ID, UPGRADE)).contains(CHECKING);
        assertThat(service.show(PROJECT, JobId.of(8), UPGRADE)).isEmpty();
        assertThat(service.latest(PROJECT, ID)).contains(CHECKING);
        assertThat(service.latest(ProjectId.of("p2"), ID)).isEmpty();
        assertThat(deadlines).hasSize(5).allSatisfy(deadline ->
                assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive());
    }

    @Test
    void aWaitIsTheCallersCappedByTheServicesMost() throws Exception {
        assertThat(service.applied(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
        assertThat(service.applied(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
        assertThat(service.applied(Duration.ofSeconds(61))).isEqualTo(Duration.ofSeconds(60));
        assertThat(service.awaitSettled(PROJECT, ID, UPGRADE, Duration.ofMinutes(5)).toCompletableFuture().get())
                .isEqualTo(CHECKING);
        assertThat(service.awaitSettled(PROJECT, ID, UPGRADE, Duration.ofSeconds(3)).toCompletableFuture().get())
                .isEqualTo(CHECKING);
        assertThat(waits).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(3));
    }

    @Test
    void nothingIsMissing() {
        assertThatThrownBy(() -> service.start(null, ID, REQUEST)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.start(PROJECT, null, REQUEST)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.start(PROJECT, ID, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.show(null, ID, UPGRADE)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.show(PROJECT, null, UPGRADE)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.show(PROJECT, ID, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.latest(null, ID)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.latest(PROJECT, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.awaitSettled(null, ID, UPGRADE, Duration.ZERO))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.awaitSettled(PROJECT, null, UPGRADE, Duration.ZERO))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> service.awaitSettled(PROJECT, ID, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UpgradeService(null, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UpgradeService(backend, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UpgradeService(backend, Duration.ZERO, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new UpgradeService(backend, Duration.ZERO, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the longest wait cannot be negative");
        assertThat(new UpgradeService(backend, Duration.ZERO, Duration.ZERO).applied(Duration.ofSeconds(1)))
                .isEqualTo(Duration.ZERO);
    }
}
