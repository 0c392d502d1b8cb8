package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.TestJobs;

import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The index's own life cycle, apart from a catalogue: what a load that completes and one that fails leave behind. */
class JobIndexTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final List<JobId> IDS = List.of(JobId.of(1), JobId.of(2), JobId.of(3));

    @Test
    void aCompletedLoadHoldsTheRowsItReadAndTheWritesMadeMeanwhileAndFollowsLaterWrites() {
        JobIndex index = new JobIndex();
        index.put(TestJobs.job(PROJECT, 3, JobStatus.JOB_RUNNING, false));
        index.loading();
        index.put(TestJobs.job(PROJECT, 2, JobStatus.JOB_SUBMITTING, false));
        JobIndex.Loading loading = new JobIndex.Loading();
        index.load(loading, PROJECT.value(), 1, JobStatus.JOB_INIT, true);
        index.load(loading, PROJECT.value(), 2, JobStatus.JOB_INIT, false);
        assertThat(index.complete()).isFalse();
        index.loaded();
        index.put(TestJobs.job(PROJECT, 3, JobStatus.JOB_RUNNING, true));

        assertThat(index.complete()).isTrue();
        assertThat(index.find(PROJECT, IDS)).isEqualTo(Map.of(
                JobId.of(1), new Job(PROJECT, JobId.of(1), JobStatus.JOB_INIT, true),
                JobId.of(2), new Job(PROJECT, JobId.of(2), JobStatus.JOB_SUBMITTING, false),
                JobId.of(3), new Job(PROJECT, JobId.of(3), JobStatus.JOB_RUNNING, true)));
    }

    @Test
    void aFailedLoadLeavesTheIndexIncompleteLetsGoOfWhatItReadAndFollowsNoWrite() {
        JobIndex index = new JobIndex();
        index.loading();
        JobIndex.Loading loading = new JobIndex.Loading();
        index.load(loading, PROJECT.value(), 1, JobStatus.JOB_INIT, false);
        index.put(TestJobs.job(PROJECT, 2, JobStatus.JOB_SUBMITTING, false));
        index.loadFailed();
        index.put(TestJobs.job(PROJECT, 3, JobStatus.JOB_RUNNING, false));

        assertThat(index.complete()).as("lookups keep asking the table").isFalse();
        assertThat(index.find(PROJECT, IDS)).as("nothing held for a load that will not come again").isEmpty();
    }
}
