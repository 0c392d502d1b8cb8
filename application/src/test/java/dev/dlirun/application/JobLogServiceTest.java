package dev.dlirun.application;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobLog;
import dev.dlirun.domain.model.JobLogLine;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobLogServiceTest {

    @Test
    void asksTheSourceForTheLinesAskedForAndAnswersWhatItHas() {
        AtomicInteger asked = new AtomicInteger();
        JobLogService service = new JobLogService((project, id, limit) -> {
            asked.set(limit);
            return project.value().equals("p1") ? Optional.of(new JobLog(id, Optional.of("a".repeat(32)),
                    List.of(new JobLogLine("taskmanager", "started")), false, Optional.empty())) : Optional.empty();
        });

        assertThat(service.log(ProjectId.of("p1"), JobId.of(7), 25)).hasValueSatisfying(log ->
                assertThat(log.lines()).extracting(JobLogLine::text).containsExactly("started"));
        assertThat(asked).hasValue(25);
        assertThat(service.log(ProjectId.of("p2"), JobId.of(7), 25)).isEmpty();
    }

    @Test
    void refusesALimitOutsideOneToTheMostAnAnswerHoldsWithoutAskingTheSource() {
        JobLogService service = new JobLogService((project, id, limit) -> {
            throw new AssertionError("asked");
        });

        for (int limit : new int[]{0, -1, 1001}) {
            assertThatThrownBy(() -> service.log(ProjectId.of("p1"), JobId.of(7), limit))
                    .isInstanceOf(InvalidInputException.class).hasMessage("limit must be between 1 and 1000.");
        }
    }

    @Test
    void takesTheBoundsThemselvesOneAndTheMostAnAnswerHolds() {
        AtomicInteger asked = new AtomicInteger();
        JobLogService service = new JobLogService((project, id, limit) -> {
            asked.set(limit);
            return Optional.empty();
        });

        assertThat(service.log(ProjectId.of("p1"), JobId.of(7), 1)).isEmpty();
        assertThat(asked).hasValue(1);
        assertThat(service.log(ProjectId.of("p1"), JobId.of(7), 1000)).isEmpty();
        assertThat(asked).hasValue(1000);
    }
}
