package dev.dlirun.adapters.client;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobDetailLookup;
import dev.dlirun.domain.port.out.JobLookup;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.port.out.JobStopping;
import dev.dlirun.domain.port.out.JobSubmission;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import dev.dlirun.domain.stop.StopMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every backend promises through the job lookup, job detail and job submission ports. The test of each
 * backend (the local engine; the DLI adapter over a fake DLI) extends this class, so the backends cannot drift
 * apart.
 */
public abstract class JobPortsContract {

    /** The ports of one backend. */
    protected interface Backend extends JobLookup, JobSubmission, JobStopping, JobDetailLookup, AutoCloseable {
        @Override
        void close();
    }

    /** The ports of {@code adapter} as a {@link Backend}, closing {@code resources} with it. */
    protected static <A extends JobLookup & JobSubmission & JobStopping & JobDetailLookup> Backend backendOf(
            A adapter, AutoCloseable... resources) {
        return new Backend() {
            @Override
            public Map<JobId, JobLookupResult> findJobs(ProjectId projectId, List<JobId> jobIds, Deadline deadline) {
                return adapter.findJobs(projectId, jobIds, deadline);
            }

            @Override
            public Map<JobId, JobOutcome> submit(ProjectId projectId, List<Job> jobs, StartMode mode, Deadline deadline) {
                return adapter.submit(projectId, jobs, mode, deadline);
            }

            @Override
            public Map<JobId, JobOutcome> stop(ProjectId projectId, List<Job> jobs, StopMode mode,
                                                Deadline deadline) {
                return adapter.stop(projectId, jobs, mode, deadline);
            }

            @Override
            public Optional<JobDetail> findJob(ProjectId projectId, JobId id, Deadline deadline) {
                return adapter.findJob(projectId, id, deadline);
            }

            @Override
            public void close() {
                for (AutoCloseable resource : resources) {
                    try {
                        resource.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    protected static final ProjectId PROJECT = ProjectId.of("p1");
    protected static final ProjectId OTHER = ProjectId.of("p2");

    private Backend backend;

    /** A backend holding exactly {@code jobs} (of any projects). */
    protected abstract Backend backendWith(List<Job> jobs);

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private Backend given(Job... jobs) {
        backend = backendWith(List.of(jobs));
        return backend;
    }

    protected static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(10));
    }

    protected static Job job(ProjectId project, long id, JobStatus status, boolean hasSavepoint) {
        return new Job(project, JobId.of(id), status, hasSavepoint);
    }

    private static JobStatus statusAfterLookup(Backend backend, ProjectId project, long id) {
        var found = (JobLookupResult.Found) backend.findJobs(project, List.of(JobId.of(id)), deadline()).get(JobId.of(id));
        return found.job().status();
    }

    @Test
    void lookupFindsTheJobsOfTheProjectAsTheyAre() {
        Backend backend = given(job(PROJECT, 1, JobStatus.JOB_CANCEL_SUCCESS, true),
                job(PROJECT, 2, JobStatus.JOB_RUNNING, false));

        Map<JobId, JobLookupResult> found = backend.findJobs(PROJECT, List.of(JobId.of(1), JobId.of(2)), deadline());

        assertThat(found).containsOnly(
                Map.entry(JobId.of(1), new JobLookupResult.Found(job(PROJECT, 1, JobStatus.JOB_CANCEL_SUCCESS, true))),
                Map.entry(JobId.of(2), new JobLookupResult.Found(job(PROJECT, 2, JobStatus.JOB_RUNNING, false))));
    }

    @Test
    void lookupAnswersMissingForUnknownIdsAndForJobsOfOtherProjects() {
        Backend backend = given(job(OTHER, 1, JobStatus.JOB_INIT, true));

        assertThat(backend.findJobs(PROJECT, List.of(JobId.of(1), JobId.of(99)), deadline()))
                .containsOnly(Map.entry(JobId.of(1), JobLookupResult.MISSING), Map.entry(JobId.of(99), JobLookupResult.MISSING));
    }

    @Test
    void aJobsDetailIsItsJobAndMore() {
        Backend backend = given(job(PROJECT, 1, JobStatus.JOB_FINISH, true));

        Optional<JobDetail> detail = backend.findJob(PROJECT, JobId.of(1), deadline());

        assertThat(detail).hasValueSatisfying(d -> {
            assertThat(d.job()).isEqualTo(job(PROJECT, 1, JobStatus.JOB_FINISH, true));
            assertThat(d.name()).isNotBlank();
            assertThat(d.startTime()).isEmpty();
        });
        assertThat(backend.findJob(PROJECT, JobId.of(2), deadline())).isEmpty();
        assertThat(backend.findJob(OTHER, JobId.of(1), deadline())).isEmpty();
    }

    @Test
    void submittingAStartableJobDeliversItAndItIsNoLongerStartable() {
        Job startable = job(PROJECT, 1, JobStatus.JOB_FINISH, true);
        Backend backend = given(startable);

        Map<JobId, JobOutcome> outcomes = backend.submit(PROJECT, List.of(startable),
                StartMode.RESUME_FROM_LATEST_SAVEPOINT, deadline());

        assertThat(outcomes).containsOnly(Map.entry(JobId.of(1), new JobOutcome.Delivered(JobOperation.RUN, JobId.of(1))));
        assertThat(statusAfterLookup(backend, PROJECT, 1)).isIn(JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING);
        assertThat(backend.findJob(PROJECT, JobId.of(1), deadline()).orElseThrow().job().status())
                .isIn(JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING);
    }

    @Test
    void aJobSubmittedSinceItWasLookedUpIsNotSubmittedAgain() {
        Job asLookedUp = job(PROJECT, 1, JobStatus.JOB_INIT, false);
        Backend backend = given(asLookedUp);
        backend.submit(PROJECT, List.of(asLookedUp), StartMode.FRESH, deadline());

        JobOutcome second = backend.submit(PROJECT, List.of(asLookedUp), StartMode.FRESH, deadline()).get(JobId.of(1));

        assertThat(second.delivered()).isFalse();
        assertThat(second.message()).contains(JobStatus.JOB_SUBMITTING.wireName());
    }

    @Test
    void theSavepointRuleIsCheckedAgainAtSubmission() {
        Backend backend = given(job(PROJECT, 1, JobStatus.JOB_INIT, false));
        Job staleView = job(PROJECT, 1, JobStatus.JOB_INIT, true);

        JobOutcome outcome = backend.submit(PROJECT, List.of(staleView), StartMode.RESUME_FROM_LATEST_SAVEPOINT,
                deadline()).get(JobId.of(1));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.message()).containsIgnoringCase("savepoint");
        assertThat(statusAfterLookup(backend, PROJECT, 1)).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void aJobThatIsNotInTheProjectIsNotStartedAtSubmission() {
        Backend backend = given(job(OTHER, 1, JobStatus.JOB_INIT, false));

        JobOutcome outcome = backend.submit(PROJECT, List.of(job(PROJECT, 1, JobStatus.JOB_INIT, false)),
                StartMode.FRESH, deadline()).get(JobId.of(1));

        assertThat(outcome.delivered()).isFalse();
        assertThat(outcome.message()).contains("does not exist");
        assertThat(statusAfterLookup(backend, OTHER, 1)).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void concurrentSubmissionsOfTheSameJobsDeliverEachOnce() throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
            jobs.add(job(PROJECT, id, JobStatus.JOB_INIT, false));
        }
        Backend backend = given(jobs.toArray(Job[]::new));
        int callers = 8;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Map<JobId, JobOutcome>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return backend.submit(PROJECT, jobs, StartMode.FRESH, deadline());
                }));
            }
            List<JobOutcome> all = new ArrayList<>();
            for (var answer : answers) {
                all.addAll(answer.get().values());
            }

            assertThat(all.stream().filter(JobOutcome::delivered).map(JobOutcome::jobId))
                    .hasSize(jobs.size()).doesNotHaveDuplicates();
            assertThat(all.stream().filter(o -> !o.delivered()))
                    .allSatisfy(o -> assertThat(o.message()).contains(JobStatus.JOB_SUBMITTING.wireName()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stoppingAStartedJobDeliversItAndAStoppedJobIsNotStoppedAgain() {
        Job startable = job(PROJECT, 1, JobStatus.JOB_INIT, false);
        Backend backend = given(startable);
        backend.submit(PROJECT, List.of(startable), StartMode.FRESH, deadline());
        Job started = job(PROJECT, 1, statusAfterLookup(backend, PROJECT, 1), false);

        JobOutcome first = backend.stop(PROJECT, List.of(started), StopMode.CANCEL, deadline()).get(JobId.of(1));
        JobOutcome second = backend.stop(PROJECT, List.of(started), StopMode.CANCEL, deadline()).get(JobId.of(1));

        assertThat(first).isEqualTo(new JobOutcome.Delivered(JobOperation.STOP, JobId.of(1)));
        assertThat(first.message()).isEqualTo("The request for stopping DLI jobs is successfully delivered.");
        assertThat(second.delivered()).isFalse();
        assertThat(statusAfterLookup(backend, PROJECT, 1)).isIn(JobStatus.JOB_CANCELING, JobStatus.JOB_CANCEL_SUCCESS);
    }

    @Test
    void aStopOfAJobThatIsNotStoppableOrNotInTheProjectIsRefusedAndChangesNothing() {
        Backend backend = given(job(PROJECT, 1, JobStatus.JOB_INIT, false), job(OTHER, 2, JobStatus.JOB_INIT, false));
        // Stale views: the backend judges each job again as it stops it.
        List<Job> stale = List.of(job(PROJECT, 1, JobStatus.JOB_RUNNING, false),
                job(PROJECT, 2, JobStatus.JOB_RUNNING, false));

        Map<JobId, JobOutcome> outcomes = backend.stop(PROJECT, stale, StopMode.WITH_SAVEPOINT, deadline());

        assertThat(outcomes.get(JobId.of(1)).delivered()).isFalse();
        assertThat(outcomes.get(JobId.of(1)).message()).contains("job_init");
        assertThat(outcomes.get(JobId.of(2)).delivered()).isFalse();
        assertThat(outcomes.get(JobId.of(2)).message()).contains("does not exist");
        assertThat(statusAfterLookup(backend, PROJECT, 1)).isEqualTo(JobStatus.JOB_INIT);
        assertThat(statusAfterLookup(backend, OTHER, 2)).isEqualTo(JobStatus.JOB_INIT);
    }
}
