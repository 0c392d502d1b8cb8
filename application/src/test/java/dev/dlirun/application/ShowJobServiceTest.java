package dev.dlirun.application;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ShowJobServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobDetail DETAIL = new JobDetail(new Job(PROJECT, JobId.of(7), JobStatus.JOB_RUNNING, true),
            "seven", Optional.empty(), Optional.empty(), Instant.EPOCH, Optional.of(Instant.EPOCH), Instant.EPOCH,
            Optional.empty(), Optional.empty(), Optional.empty());

    @Test
    void showsWhatTheBackendKnowsWithinTheBudget() {
        var service = new ShowJobService((project, id, deadline) -> {
            assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive();
            return project.equals(PROJECT) && id.equals(JobId.of(7)) ? Optional.of(DETAIL) : Optional.empty();
        }, Duration.ofSeconds(5));

        assertThat(service.show(PROJECT, JobId.of(7))).contains(DETAIL);
        assertThat(service.show(PROJECT, JobId.of(8))).isEmpty();
        assertThat(service.show(ProjectId.of("p2"), JobId.of(7))).isEmpty();
    }
}
