package dev.dlirun.adapters.rest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dlirun.adapters.rest.server.RestRehearsal;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.run.RunOutcome;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RestRehearsalTest {

    @Test
    void theRehearsalSendsBatchRunsOfItsOwnProjectThroughTheApplicationInProcessAndLeavesNoAccessLine() {
        FakeBatchRun run = new FakeBatchRun();
        List<BatchRunCommand> asked = new CopyOnWriteArrayList<>();
        run.answer(command -> {
            asked.add(command);
            return command.jobIds().stream().<RunOutcome>map(RunOutcome.NotFound::new).toList();
        });
        JobUseCases useCases = new JobUseCases(run, new FakeBatchStop(), new FakeShowJob(), new FakeSavepoints(),
                new FakeAwait(), new FakeDefinitions());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger access = (Logger) LoggerFactory.getLogger("dlirun.access");
        access.addAppender(lines);
        int answered;
        try {
            answered = RestRehearsal.rehearse(RestRehearsal.application(useCases), 40, Duration.ofMinutes(1));
        } finally {
            access.detachAppender(lines);
        }

        assertThat(answered).isEqualTo(40);
        assertThat(asked).hasSize(40).allSatisfy(command -> {
            assertThat(command.projectId().value()).isEqualTo(RestRehearsal.PROJECT);
            assertThat(command.jobIds()).hasSize(10);
            assertThat(command.jobIds().get(0).value()).isGreaterThan(9_000_000_000_000L);
        });
        // Each request names ids of its own, as callers' batches do.
        assertThat(asked.get(1).jobIds().get(0)).isEqualTo(JobId.of(asked.get(0).jobIds().get(9).value() + 1));
        assertThat(lines.list).isEmpty();
    }

    @Test
    void theRehearsalStopsWhenItsTimeIsUp() {
        FakeBatchRun run = new FakeBatchRun();
        run.answer(command -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeBatchRun.submitAll(command);
        });
        JobUseCases useCases = new JobUseCases(run, new FakeBatchStop(), new FakeShowJob(), new FakeSavepoints(),
                new FakeAwait(), new FakeDefinitions());

        int answered = RestRehearsal.rehearse(RestRehearsal.application(useCases), 10_000, Duration.ofMillis(300));

        assertThat(answered).isBetween(1, 10);
    }

    @Test
    void theRehearsalEndsAtTheFirstRequestNotAnswered200OrWhenToldTo() {
        FakeBatchRun run = new FakeBatchRun();
        List<BatchRunCommand> asked = new CopyOnWriteArrayList<>();
        run.answer(command -> {
            asked.add(command);
            throw new IllegalStateException("the catalogue is closed");
        });
        JobUseCases broken = new JobUseCases(run, new FakeBatchStop(), new FakeShowJob(), new FakeSavepoints(),
                new FakeAwait(), new FakeDefinitions());

        assertThat(RestRehearsal.rehearse(RestRehearsal.application(broken), 100, Duration.ofMinutes(1))).isZero();
        assertThat(asked).hasSize(1);

        FakeBatchRun counted = new FakeBatchRun();
        JobUseCases working = new JobUseCases(counted, new FakeBatchStop(), new FakeShowJob(), new FakeSavepoints(),
                new FakeAwait(), new FakeDefinitions());
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(RestRehearsal.rehearse(RestRehearsal.application(working), 100, Duration.ofMinutes(1),
                () -> looks.incrementAndGet() > 5)).isEqualTo(5);
    }
}
