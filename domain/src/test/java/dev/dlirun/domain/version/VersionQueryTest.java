package dev.dlirun.domain.version;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionQueryTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId JOB = JobId.of(131);

    @Test
    void aPageHoldsOneToAHundredVersionsFromAnOffsetOfZeroOrMore() {
        assertThat(new VersionQuery(PROJECT, JOB, 1, 0).limit()).isEqualTo(1);
        assertThat(new VersionQuery(PROJECT, JOB, 100, 7).offset()).isEqualTo(7);
        assertThatThrownBy(() -> new VersionQuery(PROJECT, JOB, 0, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("limit must be an integer from 1 to 100.");
        assertThatThrownBy(() -> new VersionQuery(PROJECT, JOB, 101, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("limit must be an integer from 1 to 100.");
        assertThatThrownBy(() -> new VersionQuery(PROJECT, JOB, 10, -1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("offset must be 0 or more.");
    }

    @Test
    void aQueryNamesTheProjectAndTheJob() {
        assertThatThrownBy(() -> new VersionQuery(null, JOB, 10, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("projectId");
        assertThatThrownBy(() -> new VersionQuery(PROJECT, null, 10, 0)).isInstanceOf(NullPointerException.class)
                .hasMessage("jobId");
    }

    @Test
    void aPageIsACopyAndNeverHoldsMoreThanTheJobHas() {
        JobVersion version = new JobVersion(JOB, 1, dev.dlirun.domain.model.JobDefinition.named("a",
                dev.dlirun.domain.model.JobType.FLINK_JAR_JOB), "p1", 0, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty());
        java.util.ArrayList<JobVersion> given = new java.util.ArrayList<>(List.of(version));
        VersionPage page = new VersionPage(1, given);
        given.clear();

        assertThat(page.versions()).containsExactly(version);
        assertThat(new VersionPage(5, List.of()).totalCount()).isEqualTo(5);
        assertThatThrownBy(() -> new VersionPage(0, List.of(version))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a page cannot hold more versions (1) than the job has (0)");
        assertThatThrownBy(() -> new VersionPage(0, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("versions");
    }
}
