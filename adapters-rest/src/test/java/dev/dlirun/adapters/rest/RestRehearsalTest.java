package dev.dlirun.adapters.rest;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dlirun.adapters.rest.server.RestRehearsal;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.port.in.BatchRunCommand;
import dev.dlirun.domain.outcome.JobOutcome;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class RestRehearsalTest {

    private static final BooleanSupplier NEVER = () -> false;

    /** The use cases with {@code run} as their batch run; the others are never asked. */
    private static JobUseCases useCases(FakeBatchRun run) {
        return new JobUseCases(run, new FakeBatchStop(), new FakeShowJob(), new FakeSavepoints(), new FakeAwait(),
                new FakeDefinitions(), new FakeTemplates(), new FakeTransfers(), new FakeInspect(), new FakeJobLog(),
                new FakeChecks(), new FakeChecks(), new FakeVersions(), new FakeUpgrades());
    }

    @Test
    void theRehearsalSendsBatchRunsOfItsOwnProjectThroughTheApplicationInProcessAndLeavesNoAccessLine() {
        FakeBatchRun run = new FakeBatchRun();
        List<BatchRunCommand> asked = new CopyOnWriteArrayList<>();
        run.answer(command -> {
            asked.add(command);
            return command.jobIds().stream().<JobOutcome>map(JobOutcome.NotFound::new).toList();
        });
        JobUseCases useCases = useCases(run);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger access = (Logger) LoggerFactory.getLogger("dlirun.access");
        access.addAppender(lines);
        RestRehearsal.Result result;
        try {
            result = RestRehearsal.rehearse(RestRehearsal.application(useCases), 40, Duration.ofMinutes(1), NEVER);
        } finally {
            access.detachAppender(lines);
        }

        assertThat(result).isEqualTo(new RestRehearsal.Result(40, OptionalInt.empty()));
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
        JobUseCases useCases = useCases(run);

        RestRehearsal.Result result = RestRehearsal.rehearse(RestRehearsal.application(useCases), 10_000,
                Duration.ofMillis(300), NEVER);

        assertThat(result.answered()).isBetween(1, 10);
        assertThat(result.failedWith()).isEmpty();
    }

    @Test
    void theRehearsalEndsAtTheFirstRequestNotAnswered200OrWhenToldTo() {
        FakeBatchRun run = new FakeBatchRun();
        List<BatchRunCommand> asked = new CopyOnWriteArrayList<>();
        run.answer(command -> {
            asked.add(command);
            throw new IllegalStateException("the catalogue is closed");
        });
        JobUseCases broken = useCases(run);

        assertThat(RestRehearsal.rehearse(RestRehearsal.application(broken), 100, Duration.ofMinutes(1), NEVER))
                .isEqualTo(new RestRehearsal.Result(0, OptionalInt.of(500)));
        assertThat(asked).hasSize(1);

        FakeBatchRun counted = new FakeBatchRun();
        JobUseCases working = useCases(counted);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(RestRehearsal.rehearse(RestRehearsal.application(working), 100, Duration.ofMinutes(1),
                () -> looks.incrementAndGet() > 5)).isEqualTo(new RestRehearsal.Result(5, OptionalInt.empty()));
    }
}
