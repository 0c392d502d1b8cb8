package dev.dlirun.adapters.client.local;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every catalogue keeps: the in-memory one and the database one pass the same tests. */
abstract class JobCatalogueContract {

    static final ProjectId PROJECT = ProjectId.of("p1");

    abstract JobCatalogue catalogue();

    static LocalJob job(long id, JobStatus status) {
        return LocalJob.created(PROJECT, JobId.of(id), "job-" + id, JobType.FLINK_JAR_JOB, status, true,
                "obs://b/sp/" + id, Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void aJobAddedIsFoundAsItWasAdded() {
        LocalJob job = job(1, JobStatus.JOB_INIT);

        assertThat(catalogue().addIfAbsent(job)).isTrue();

        assertThat(catalogue().find(PROJECT, JobId.of(1))).contains(job);
        assertThat(catalogue().find(ProjectId.of("p2"), JobId.of(1))).isEmpty();
        assertThat(catalogue().find(PROJECT, JobId.of(2))).isEmpty();
    }

    @Test
    void addingAJobThatIsThereChangesNothing() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));

        assertThat(catalogue().addIfAbsent(job(1, JobStatus.JOB_RUNNING))).isFalse();
        assertThat(catalogue().find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void anUpdateStoresWhatTheChangeAnswers() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        var after = catalogue().update(PROJECT, JobId.of(1), j -> j.running(now));

        assertThat(after).hasValueSatisfying(j -> assertThat(j.status()).isEqualTo(JobStatus.JOB_RUNNING));
        assertThat(catalogue().find(PROJECT, JobId.of(1))).isEqualTo(after);
        assertThat(catalogue().find(PROJECT, JobId.of(1)).orElseThrow().startTime()).isEqualTo(now.toEpochMilli());
        assertThat(catalogue().update(PROJECT, JobId.of(9), j -> j)).isEmpty();
    }

    @Test
    void anUpdateCannotMoveAJob() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));

        assertThatThrownBy(() -> catalogue().update(PROJECT, JobId.of(1), j -> job(2, JobStatus.JOB_INIT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catalogue().find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void findAllAnswersTheJobsThatExistInTheProjectByTheirIds() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue().addIfAbsent(job(2, JobStatus.JOB_RUNNING));
        catalogue().addIfAbsent(LocalJob.created(ProjectId.of("p2"), JobId.of(3), "n", JobType.FLINK_SQL_JOB,
                JobStatus.JOB_INIT, false, null, Instant.EPOCH));

        var found = catalogue().findAll(PROJECT, List.of(JobId.of(2), JobId.of(3), JobId.of(1), JobId.of(2)));

        assertThat(found).containsOnlyKeys(JobId.of(1), JobId.of(2));
        assertThat(found.get(JobId.of(2))).isEqualTo(catalogue().find(PROJECT, JobId.of(2)).orElseThrow());
        assertThat(catalogue().findAll(PROJECT, List.of())).isEmpty();
    }

    @Test
    void updateAllChangesEachJobThatExistsAndAnswersThemAsStored() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue().addIfAbsent(job(2, JobStatus.JOB_RUNNING));
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        var stored = catalogue().updateAll(PROJECT, List.of(JobId.of(2), JobId.of(9), JobId.of(1)),
                j -> j.status() == JobStatus.JOB_INIT ? j.submitting(dev.dlirun.domain.run.StartMode.FRESH, now) : j);

        assertThat(stored).containsOnlyKeys(JobId.of(1), JobId.of(2));
        assertThat(stored.get(JobId.of(1)).status()).isEqualTo(JobStatus.JOB_SUBMITTING);
        assertThat(stored.get(JobId.of(2)).status()).isEqualTo(JobStatus.JOB_RUNNING);
        assertThat(catalogue().find(PROJECT, JobId.of(1))).contains(stored.get(JobId.of(1)));
        assertThat(catalogue().find(PROJECT, JobId.of(2))).contains(stored.get(JobId.of(2)));
        assertThat(catalogue().find(PROJECT, JobId.of(9))).isEmpty();
    }

    @Test
    void concurrentBatchesOverOverlappingJobsNeverDeadlockAndClaimEachJobOnce() throws Exception {
        List<JobId> ascending = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            catalogue().addIfAbsent(job(id, JobStatus.JOB_INIT));
            ascending.add(JobId.of(id));
        }
        List<JobId> descending = new ArrayList<>(ascending);
        java.util.Collections.reverse(descending);
        AtomicInteger claims = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<JobId> order : List.of(ascending, descending)) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 20; round++) {
                        catalogue().updateAll(PROJECT, order, j -> {
                            if (j.status() != JobStatus.JOB_INIT) {
                                return j;
                            }
                            claims.incrementAndGet();
                            return j.submitting(dev.dlirun.domain.run.StartMode.FRESH, Instant.now());
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Neither batch hung on the other's locks, and each job left job_init once, whichever batch claimed it.
        assertThat(catalogue().findAll(PROJECT, ascending).values())
                .hasSize(20).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.JOB_SUBMITTING));
        assertThat(claims.get()).isEqualTo(20);
    }

    @Test
    void countAndInStatusSpanEveryProject() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue().addIfAbsent(job(2, JobStatus.JOB_SUBMITTING));
        LocalJob other = LocalJob.created(ProjectId.of("p2"), JobId.of(1), "n", JobType.FLINK_SQL_JOB,
                JobStatus.JOB_SUBMITTING, false, null, Instant.EPOCH);
        catalogue().addIfAbsent(other);

        assertThat(catalogue().count()).isEqualTo(3);
        assertThat(catalogue().inStatus(JobStatus.JOB_SUBMITTING))
                .containsExactlyInAnyOrder(job(2, JobStatus.JOB_SUBMITTING), other);
        assertThat(catalogue().inStatus(JobStatus.JOB_RUNNING)).isEmpty();
    }

    @Test
    void concurrentUpdatesOfOneJobNeverInterleave() throws Exception {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger claimed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < 25; n++) {
                        catalogue().update(PROJECT, JobId.of(1), j -> {
                            if (j.status() == JobStatus.JOB_INIT) {
                                return j.submitting(dev.dlirun.domain.run.StartMode.FRESH, Instant.now());
                            }
                            return j;
                        }).filter(j -> j.status() == JobStatus.JOB_SUBMITTING);
                        catalogue().update(PROJECT, JobId.of(1), j -> {
                            if (j.status() == JobStatus.JOB_SUBMITTING) {
                                claimed.incrementAndGet();
                                return j.submitFailed(Instant.now());
                            }
                            return j;
                        });
                        catalogue().update(PROJECT, JobId.of(1), j -> j.status() == JobStatus.JOB_SUBMIT_FAIL
                                ? new LocalJob(j.projectId(), j.id(), j.name(), j.jobType(), JobStatus.JOB_INIT,
                                j.hasSavepoint(), j.savepointPath(), j.createTime(), j.startTime(), j.updateTime(),
                                j.resumedFromSavepoint())
                                : j);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // Every claim moved the job out of job_submitting, so each was seen by one update only.
        assertThat(claimed.get()).isPositive().isLessThanOrEqualTo(threads * 25);
        assertThat(catalogue().find(PROJECT, JobId.of(1)).orElseThrow().status())
                .isIn(JobStatus.JOB_INIT, JobStatus.JOB_SUBMITTING, JobStatus.JOB_SUBMIT_FAIL);
    }
}
