package dev.dlirun.application;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.port.in.CheckReadiness.Readiness;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessServiceTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final ReadinessService service = new ReadinessService(deadline -> {
        probes.incrementAndGet();
        if (failure.get() != null) {
            throw failure.get();
        }
    }, Duration.ofSeconds(5), Duration.ofSeconds(2), clock);

    @Test
    void aBackendThatAnswersIsReady() {
        assertThat(service.check()).isEqualTo(Readiness.up());
    }

    @Test
    void aBackendThatCannotBeReachedOrRefusesUsIsNotReadySayingWhy() {
        failure.set(new BackendUnavailableException("connection refused"));
        assertThat(service.check()).isEqualTo(Readiness.down("the backend cannot be reached: connection refused"));

        now.set(now.get().plusSeconds(5));
        failure.set(new BackendCredentialsRejectedException("401"));
        assertThat(service.check()).isEqualTo(Readiness.down("the backend refuses this service's credentials"));
    }

    @Test
    void theAnswerIsCachedBrieflyAndThenProbedAgain() {
        service.check();
        service.check();
        now.set(now.get().plusSeconds(4));
        failure.set(new BackendUnavailableException("down"));
        assertThat(service.check().ready()).as("still cached").isTrue();
        assertThat(probes.get()).isEqualTo(1);

        now.set(now.get().plusSeconds(1));
        assertThat(service.check().ready()).isFalse();
        assertThat(probes.get()).isEqualTo(2);

        failure.set(null);
        now.set(now.get().plusSeconds(5));
        assertThat(service.check().ready()).as("back").isTrue();
    }

    @Test
    void aNotReadyAnswerIsReusedForASecondAtMostSoThatABackendComingUpIsSeenUpPromptly() {
        failure.set(new BackendUnavailableException("Flink is starting"));
        assertThat(service.check().ready()).isFalse();
        failure.set(null);

        now.set(now.get().plusMillis(900));
        assertThat(service.check().ready()).as("reused within the second").isFalse();
        now.set(now.get().plusMillis(100));
        assertThat(service.check().ready()).isTrue();
        assertThat(probes.get()).isEqualTo(2);
    }
}
