package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobVersions;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionQuery;
import dev.dlirun.domain.version.VersionReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(131);
    private static final JobVersion SECOND = new JobVersion(ID, 2,
            JobDefinition.named("orders", JobType.FLINK_OPENSOURCE_SQL_JOB), "p1", 2_000, VersionReason.UPDATE,
            Optional.empty(), Optional.empty(), Optional.empty());
    private static final JobVersion THIRD = new JobVersion(ID, 3,
            JobDefinition.named("orders", JobType.FLINK_OPENSOURCE_SQL_JOB), "p1", 3_000, VersionReason.ROLLBACK,
            Optional.empty(), Optional.empty(), Optional.of(1));

    /** A backend that records what it is asked and answers what the test set; a job other than {@link #ID} is none. */
    private static final class Backend implements JobVersions {
        final List<List<Object>> calls = new ArrayList<>();
        final List<Deadline> deadlines = new ArrayList<>();

        @Override
        public VersionPage versions(VersionQuery query, Deadline deadline) {
            calls.add(List.of("list", query));
            deadlines.add(deadline);
            requireKnown(query.jobId());
            return new VersionPage(3, List.of(THIRD, SECOND));
        }

        @Override
        public JobVersion version(ProjectId projectId, JobId id, int version, Deadline deadline) {
            calls.add(List.of("show", projectId, id, version));
            deadlines.add(deadline);
            requireKnown(id);
            return SECOND;
        }

        @Override
        public JobVersion rollback(ProjectId projectId, JobId id, int version, Deadline deadline) {
            calls.add(List.of("rollback", projectId, id, version));
            deadlines.add(deadline);
            requireKnown(id);
            return THIRD;
        }

        private static void requireKnown(JobId id) {
            if (!id.equals(ID)) {
                throw new JobNotFoundException(id);
            }
        }
    }

    private final Backend backend = new Backend();
    private final VersionService service = new VersionService(backend, Duration.ofSeconds(5));

    @Test
    void eachUseCaseIsTheBackendsAnswerForWhatWasAskedWithinTheBudget() {
        VersionQuery query = new VersionQuery(PROJECT, ID, 10, 0);

        assertThat(service.list(query).versions()).containsExactly(THIRD, SECOND);
        assertThat(service.show(PROJECT, ID, 2)).isSameAs(SECOND);
        assertThat(service.rollback(PROJECT, ID, 1)).isSameAs(THIRD);

        assertThat(backend.calls).containsExactly(List.of("list", query), List.of("show", PROJECT, ID, 2),
                List.of("rollback", PROJECT, ID, 1));
        assertThat(backend.deadlines).hasSize(3).allSatisfy(deadline ->
                assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofSeconds(5)).isPositive());
    }

    @Test
    void aJobTheBackendDoesNotHoldIsNotFound() {
        JobId other = JobId.of(8);
        assertThatThrownBy(() -> service.list(new VersionQuery(PROJECT, other, 10, 0)))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> service.show(PROJECT, other, 1)).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> service.rollback(PROJECT, other, 1)).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void aVersionBelowOneIsABadInputAndNoBackendIsAsked() {
        assertThatThrownBy(() -> service.show(PROJECT, ID, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("version must be 1 or more.");
        assertThatThrownBy(() -> service.rollback(PROJECT, ID, -1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("version must be 1 or more.");
        assertThat(service.show(PROJECT, ID, 1)).isSameAs(SECOND);
        assertThat(backend.calls).containsExactly(List.of("show", PROJECT, ID, 1));
    }

    @Test
    void everyUseCaseNeedsItsArguments() {
        assertThatThrownBy(() -> service.list(null)).isInstanceOf(NullPointerException.class).hasMessage("query");
        assertThatThrownBy(() -> service.show(null, ID, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("projectId");
        assertThatThrownBy(() -> service.show(PROJECT, null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThatThrownBy(() -> service.rollback(null, ID, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("projectId");
        assertThatThrownBy(() -> service.rollback(PROJECT, null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThatThrownBy(() -> new VersionService(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessage("versions");
        assertThatThrownBy(() -> new VersionService(backend, null))
                .isInstanceOf(NullPointerException.class).hasMessage("budget");
        assertThat(backend.calls).isEmpty();
    }
}
