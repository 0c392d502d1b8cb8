package dev.dlirun.application;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobStateWatch;
import dev.dlirun.domain.wait.JobState;
import dev.dlirun.domain.wait.Settling;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitJobsServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final Duration MOST = Duration.ofSeconds(30);

    @Test
    void aWaitLastsWhatTheCallerAsksButNeverLongerThanTheServicesMost() {
        AwaitJobsService service = new AwaitJobsService((p, r, w, s, atMost) -> null, MOST);

        assertThat(service.applied(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(service.applied(MOST)).isEqualTo(MOST);
        assertThat(service.applied(Duration.ofMinutes(5))).isEqualTo(MOST);
        assertThat(service.applied(Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theWatchIsAskedForTheJobsWithTheAppliedWaitAndItsAnswerPassedOn() {
        JobId one = JobId.of(1);
        JobId two = JobId.of(2);
        Map<JobId, JobState> states = Map.of(one, new JobState(one, JobStatus.JOB_RUNNING, Optional.empty()));
        List<Object> asked = new ArrayList<>();
        JobStateWatch watch = (project, report, waitFor, settling, atMost) -> {
            asked.addAll(List.of(project, report, waitFor, settling, atMost));
            return CompletableFuture.completedFuture(states);
        };

        var answer = new AwaitJobsService(watch, MOST)
                .await(PROJECT, List.of(one, two), List.of(one), Settling.AFTER_RUN, Duration.ofHours(1));

        assertThat(answer.toCompletableFuture().join()).isEqualTo(states);
        assertThat(asked).containsExactly(PROJECT, List.of(one, two), List.of(one), Settling.AFTER_RUN, MOST);
    }

    @Test
    void theLongestWaitCannotBeNegative() {
        assertThatThrownBy(() -> new AwaitJobsService((p, r, w, s, atMost) -> null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new AwaitJobsService((p, r, w, s, atMost) -> null, Duration.ZERO).applied(Duration.ofSeconds(1)))
                .isEqualTo(Duration.ZERO);
    }
}
