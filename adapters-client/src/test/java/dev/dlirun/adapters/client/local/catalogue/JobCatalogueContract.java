package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.SavepointRecord;
import dev.dlirun.adapters.client.local.model.TestJobs;

import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionPage;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.version.VersionStamp;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every catalogue keeps: the in-memory one and the database one pass the same tests. */
abstract class JobCatalogueContract {

    static final ProjectId PROJECT = ProjectId.of("p1");
    private static final long NOW = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

    abstract JobCatalogue catalogue();

    static LocalJob job(long id, JobStatus status) {
        return TestJobs.job(PROJECT, id, status, true);
    }

    private static LocalJob claimed(LocalJob job, RuntimeJobId launch) {
        return job.with(TestJobs.launching(job.run(), launch, false, null, null, NOW));
    }

    @Test
    void jobsAddedTogetherAreAddedOnlyWhereNoJobOfThatProjectAndIdIsYet() {
        LocalJob existing = job(2, JobStatus.JOB_RUNNING);
        catalogue().addIfAbsent(existing);
        LocalJob other = TestJobs.job(ProjectId.of("p2"), 2, JobStatus.JOB_INIT, false);
        List<LocalJob> batch = List.of(job(1, JobStatus.JOB_INIT), job(2, JobStatus.JOB_INIT), other,
                job(3, JobStatus.JOB_FINISH));

        assertThat(catalogue().addAllIfAbsent(batch)).isEqualTo(3);

        assertThat(catalogue().find(PROJECT, JobId.of(2))).contains(existing);
        assertThat(catalogue().find(PROJECT, JobId.of(1))).contains(batch.get(0));
        assertThat(catalogue().find(PROJECT, JobId.of(3))).contains(batch.get(3));
        assertThat(catalogue().find(ProjectId.of("p2"), JobId.of(2))).contains(other);
        assertThat(catalogue().count()).isEqualTo(4);
        assertThat(catalogue().addAllIfAbsent(batch)).isZero();
        assertThat(catalogue().addAllIfAbsent(List.of())).isZero();
    }

    @Test
    void aJobsSavepointHistoryIsKeptNewestFirstPerJobAndProject() {
        JobId job = JobId.of(1);
        catalogue().recordSavepoint(new SavepointRecord(PROJECT, job, "file:/sp/a", NOW, SavepointRecord.Origin.STOP,
                "Flink 2.2.1", 0));
        catalogue().recordSavepoint(new SavepointRecord(PROJECT, job, "file:/sp/c", NOW + 2,
                SavepointRecord.Origin.IMPORT, "Flink 2.2.1", 0));
        catalogue().recordSavepoint(new SavepointRecord(PROJECT, job, "file:/sp/b", NOW + 1,
                SavepointRecord.Origin.TRIGGER, "Flink 2.2.1", 0));
        catalogue().recordSavepoint(new SavepointRecord(ProjectId.of("p2"), job, "file:/sp/other", NOW,
                SavepointRecord.Origin.STOP, "Flink 2.2.1", 0));

        assertThat(catalogue().savepoints(PROJECT, job)).extracting(SavepointRecord::path)
                .containsExactly("file:/sp/c", "file:/sp/b", "file:/sp/a");
        assertThat(catalogue().savepoints(PROJECT, job).get(1)).isEqualTo(new SavepointRecord(PROJECT, job,
                "file:/sp/b", NOW + 1, SavepointRecord.Origin.TRIGGER, "Flink 2.2.1", 0));

        catalogue().forgetSavepoint(PROJECT, job, "file:/sp/b");

        assertThat(catalogue().savepoints(PROJECT, job)).extracting(SavepointRecord::path)
                .containsExactly("file:/sp/c", "file:/sp/a");
        assertThat(catalogue().savepoints(ProjectId.of("p2"), job)).hasSize(1);
        assertThat(catalogue().savepoints(PROJECT, JobId.of(2))).isEmpty();
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
    void aJobsCodeAndEveryRunSettingAreKeptAsTheyWereWritten() {
        JobConfig config = JobConfig.builder().parallelNumber(3).checkpointEnabled(true)
                .checkpointMode(CheckpointMode.AT_LEAST_ONCE).checkpointIntervalSeconds(7).restartWhenException(true)
                .resumeCheckpoint(true).resumeMaxNum(5).runtimeConfig("[{\"key\":\"table.exec.mini-batch.enabled\","
                        + "\"value\":\"true\"}]").entrypoint("jobs.jar").build();
        String sql = "CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\n".repeat(2000) + "INSERT INTO x SELECT 1";
        LocalJob sqlJob = LocalJob.created(PROJECT, JobId.of(1), JobDefinition.sql("s", JobType.FLINK_SQL_JOB, sql,
                config), JobStatus.JOB_INIT, false, null, Instant.EPOCH);
        LocalJob jarJob = LocalJob.created(PROJECT, JobId.of(2), new JobDefinition("j", JobType.FLINK_JAR_JOB,
                Optional.empty(), Optional.of("com.example.Main"), Optional.of("--rate 5 --name 'a b'"),
                JobConfig.DEFAULTS), JobStatus.JOB_INIT, false, null, Instant.EPOCH);

        catalogue().addIfAbsent(sqlJob);
        catalogue().addIfAbsent(jarJob);

        assertThat(catalogue().find(PROJECT, JobId.of(1))).contains(sqlJob);
        assertThat(catalogue().find(PROJECT, JobId.of(2))).contains(jarJob);
    }

    @Test
    void addingAJobThatIsThereChangesNothing() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));

        assertThat(catalogue().addIfAbsent(job(1, JobStatus.JOB_RUNNING))).isFalse();
        assertThat(catalogue().find(PROJECT, JobId.of(1)).orElseThrow().status()).isEqualTo(JobStatus.JOB_INIT);
    }

    @Test
    void anUpdateStoresEveryFieldOfTheRunStateTheChangeAnswers() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        RuntimeJobId launch = RuntimeJobId.generate();

        var after = catalogue().update(PROJECT, JobId.of(1), j -> j.with(TestJobs.launching(j.run(), launch, true, "file:///sp/1", "restoring", NOW)));

        assertThat(after).hasValueSatisfying(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.JOB_SUBMITTING);
            assertThat(j.run().runtimeJobId()).isEqualTo(launch);
            assertThat(j.run().restorePath()).isEqualTo("file:///sp/1");
            assertThat(j.run().statusDesc()).isEqualTo("restoring");
            assertThat(j.resumedFromSavepoint()).isTrue();
            assertThat(j.updateTime()).isEqualTo(NOW);
        });
        assertThat(catalogue().find(PROJECT, JobId.of(1))).isEqualTo(after);
        var running = catalogue().update(PROJECT, JobId.of(1), j -> j.with(TestJobs.running(j.run(), NOW + 1)));
        assertThat(running.orElseThrow().startTime()).isEqualTo(NOW + 1);
        assertThat(catalogue().find(PROJECT, JobId.of(1))).isEqualTo(running);
        assertThat(catalogue().update(PROJECT, JobId.of(9), j -> j)).isEmpty();
    }

    @Test
    void anUpdateCannotMoveAJobNorChangeWhatItIs() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));

        assertThatThrownBy(() -> catalogue().update(PROJECT, JobId.of(1), j -> job(2, JobStatus.JOB_INIT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> catalogue().update(PROJECT, JobId.of(1), j -> new LocalJob(j.projectId(), j.id(),
                JobDefinition.named("renamed", JobType.FLINK_SQL_JOB), j.createTime(), j.run())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catalogue().find(PROJECT, JobId.of(1))).contains(job(1, JobStatus.JOB_INIT));
    }

    @Test
    void findAllAnswersTheJobsThatExistInTheProjectByTheirIds() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue().addIfAbsent(job(2, JobStatus.JOB_RUNNING));
        catalogue().addIfAbsent(TestJobs.job(ProjectId.of("p2"), 3, JobStatus.JOB_INIT, false));

        var found = catalogue().findAll(PROJECT, List.of(JobId.of(2), JobId.of(3), JobId.of(1), JobId.of(2)));

        assertThat(found).containsOnlyKeys(JobId.of(1), JobId.of(2));
        assertThat(found.get(JobId.of(2))).isEqualTo(catalogue().find(PROJECT, JobId.of(2)).orElseThrow());
        assertThat(catalogue().findAll(PROJECT, List.of())).isEmpty();
    }

    @Test
    void updateAllChangesEachJobThatExistsAndAnswersThemAsStored() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue().addIfAbsent(job(2, JobStatus.JOB_RUNNING));

        var stored = catalogue().updateAll(PROJECT, List.of(JobId.of(2), JobId.of(9), JobId.of(1)),
                j -> j.status() == JobStatus.JOB_INIT ? claimed(j, RuntimeJobId.generate()) : j);

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
        Collections.reverse(descending);
        List<RuntimeJobId> claimedByBatches = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<JobId> order : List.of(ascending, descending)) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 20; round++) {
                        RuntimeJobId mine = RuntimeJobId.generate();
                        catalogue().updateAll(PROJECT, order, j -> j.status() == JobStatus.JOB_INIT ? claimed(j, mine) : j)
                                .values().stream().filter(j -> j.isLaunch(mine)).forEach(j -> claimedByBatches.add(mine));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Neither batch hung on the other's locks, and each job was claimed by exactly one batch, the one it records.
        var jobs = catalogue().findAll(PROJECT, ascending).values();
        assertThat(jobs).hasSize(20).allSatisfy(j -> assertThat(j.status()).isEqualTo(JobStatus.JOB_SUBMITTING));
        assertThat(claimedByBatches).hasSize(20);
        assertThat(jobs.stream().map(j -> j.run().runtimeJobId())).allMatch(claimedByBatches::contains);
    }

    @Test
    void inStatusesSpansEveryProject() {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT));
        catalogue().addIfAbsent(job(2, JobStatus.JOB_SUBMITTING));
        catalogue().addIfAbsent(job(3, JobStatus.JOB_RUNNING));
        LocalJob other = TestJobs.job(ProjectId.of("p2"), 1, JobStatus.JOB_SUBMITTING, false);
        catalogue().addIfAbsent(other);

        assertThat(catalogue().count()).isEqualTo(4);
        assertThat(catalogue().inStatuses(Set.of(JobStatus.JOB_SUBMITTING, JobStatus.JOB_RUNNING)))
                .containsExactlyInAnyOrder(job(2, JobStatus.JOB_SUBMITTING), job(3, JobStatus.JOB_RUNNING), other);
        assertThat(catalogue().inStatuses(Set.of(JobStatus.JOB_FINISH))).isEmpty();
        assertThat(catalogue().inStatuses(Set.of())).isEmpty();
    }

    /**
     * Threads race to claim one job, release it, and count every claim in the job itself (its status description):
     * a lost update would lose a count, and a claim seen by two threads would be released twice. Both are caught.
     */
    @Test
    void concurrentUpdatesOfOneJobSeeEveryClaimExactlyOnce() throws Exception {
        catalogue().addIfAbsent(job(1, JobStatus.JOB_INIT).with(TestJobs.moved(job(1, JobStatus.JOB_INIT).run(),
                JobStatus.JOB_INIT, "0", 0)));
        int threads = 8;
        int rounds = 25;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger claims = new AtomicInteger();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger mostHoldersAtOnce = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < rounds; n++) {
                        RuntimeJobId mine = RuntimeJobId.generate();
                        LocalJob afterClaim = catalogue().update(PROJECT, JobId.of(1), j -> j.status() == JobStatus.JOB_INIT
                                ? j.with(TestJobs.launching(j.run(), mine, false, null,
                                Integer.toString(Integer.parseInt(j.run().statusDesc()) + 1), NOW))
                                : j).orElseThrow();
                        if (!afterClaim.isLaunch(mine)) {
                            continue;
                        }
                        claims.incrementAndGet();
                        // Held from the claim until just before the release is written: never by two at once.
                        mostHoldersAtOnce.accumulateAndGet(holders.incrementAndGet(), Math::max);
                        Thread.yield();
                        holders.decrementAndGet();
                        LocalJob afterRelease = catalogue().update(PROJECT, JobId.of(1), j -> j.isLaunch(mine)
                                && j.status() == JobStatus.JOB_SUBMITTING
                                ? j.with(TestJobs.moved(j.run(), JobStatus.JOB_INIT, j.run().statusDesc(), NOW)) : j).orElseThrow();
                        assertThat(afterRelease.status()).as("released by its claimer only").isEqualTo(JobStatus.JOB_INIT);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        LocalJob last = catalogue().find(PROJECT, JobId.of(1)).orElseThrow();
        assertThat(claims.get()).isPositive();
        assertThat(mostHoldersAtOnce.get()).isEqualTo(1);
        assertThat(last.status()).isEqualTo(JobStatus.JOB_INIT);
        assertThat(Integer.parseInt(last.run().statusDesc())).as("claims counted in the job").isEqualTo(claims.get());
    }

    // ------------------------------------------------------------------------ definitions made through the API

    static JobDefinition defined(String name, Object... pairs) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return JobDefinition.created(JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(body));
    }

    private LocalJob create(ProjectId project, JobDefinition definition, long createTime) {
        return catalogue().create(project, id -> LocalJob.created(project, id, definition, JobStatus.JOB_INIT, false,
                null, Instant.ofEpochMilli(createTime)));
    }

    private JobCatalogue.Redefined redefine(LocalJob job, JobDefinition definition, long at, VersionStamp stamp) {
        return catalogue().redefine(PROJECT, job.id(), current -> current.with(definition)
                .with(TestJobs.moved(current.run(), current.status(), null, at)), stamp).orElseThrow();
    }

    @Test
    void everyCreateAndChangeOfADefinitionStoresTheNextVersionAndAChangeThatKeepsItStoresNone() {
        JobDefinition first = defined("orders", "sql_body", "SELECT 1");
        JobDefinition second = first.updatedWith(JobFields.parse(java.util.Map.of("sql_body", "SELECT 2")));
        JobDefinition third = second.updatedWith(JobFields.parse(java.util.Map.of("desc", "imported")));
        LocalJob job = create(PROJECT, first, NOW);

        JobCatalogue.Redefined updated = redefine(job, second, NOW + 10, VersionStamp.of(VersionReason.UPDATE, PROJECT));
        JobCatalogue.Redefined same = redefine(job, second, NOW + 20, VersionStamp.of(VersionReason.UPDATE, PROJECT));
        JobCatalogue.Redefined imported = redefine(job, third, NOW + 30, VersionStamp.of(VersionReason.IMPORT, PROJECT));
        JobCatalogue.Redefined rolledBack = redefine(job, first, NOW + 40, VersionStamp.rollback(PROJECT, 1));
        JobCatalogue.Redefined rolledBackAgain = redefine(job, first, NOW + 50, VersionStamp.rollback(PROJECT, 4));

        JobVersion v1 = new JobVersion(job.id(), 1, first, "p1", NOW, VersionReason.CREATE, Optional.empty(),
                Optional.empty(), Optional.empty());
        JobVersion v2 = new JobVersion(job.id(), 2, second, "p1", NOW + 10, VersionReason.UPDATE, Optional.empty(),
                Optional.empty(), Optional.empty());
        JobVersion v3 = new JobVersion(job.id(), 3, third, "p1", NOW + 30, VersionReason.IMPORT, Optional.empty(),
                Optional.empty(), Optional.empty());
        JobVersion v4 = new JobVersion(job.id(), 4, first, "p1", NOW + 40, VersionReason.ROLLBACK, Optional.empty(),
                Optional.empty(), Optional.of(1));
        JobVersion v5 = new JobVersion(job.id(), 5, first, "p1", NOW + 50, VersionReason.ROLLBACK, Optional.empty(),
                Optional.empty(), Optional.of(4));
        assertThat(updated.version()).contains(v2);
        assertThat(same.version()).as("the definition did not change").isEmpty();
        assertThat(same.job().updateTime()).isEqualTo(NOW + 20);
        assertThat(imported.version()).contains(v3);
        assertThat(rolledBack.version()).contains(v4);
        assertThat(rolledBackAgain.version()).as("a rollback is a version, even to the definition the job has")
                .contains(v5);
        assertThat(catalogue().versions(PROJECT, job.id(), 0, 10))
                .isEqualTo(new VersionPage(5, List.of(v5, v4, v3, v2, v1)));
        assertThat(catalogue().versions(PROJECT, job.id(), 1, 2)).isEqualTo(new VersionPage(5, List.of(v4, v3)));
        assertThat(catalogue().versions(PROJECT, job.id(), 5, 10)).isEqualTo(new VersionPage(5, List.of()));
        assertThat(catalogue().version(PROJECT, job.id(), 2)).contains(v2);
        assertThat(catalogue().version(PROJECT, job.id(), 6)).isEmpty();
        assertThat(catalogue().latestVersion(PROJECT, job.id())).contains(v5);
        assertThat(catalogue().find(PROJECT, job.id()).orElseThrow().definition()).isEqualTo(first);
        // Another project's job of the same id, or none: no versions.
        assertThat(catalogue().versions(ProjectId.of("p2"), job.id(), 0, 10)).isEqualTo(new VersionPage(0, List.of()));
        assertThat(catalogue().latestVersion(ProjectId.of("p2"), job.id())).isEmpty();
        assertThat(catalogue().version(ProjectId.of("p2"), job.id(), 1)).isEmpty();
    }

    @Test
    void aVersionIsStoredForEveryReasonAChangeCanHave() {
        JobDefinition definition = defined("reasons", "sql_body", "SELECT 0");
        LocalJob job = create(PROJECT, definition, NOW);
        int n = 1;
        for (VersionReason why : VersionReason.values()) {
            JobDefinition changed = definition.updatedWith(JobFields.parse(java.util.Map.of("sql_body", "SELECT " + n)));
            VersionStamp stamp = why == VersionReason.ROLLBACK ? VersionStamp.rollback(PROJECT, 1)
                    : VersionStamp.of(why, PROJECT);
            assertThat(redefine(job, changed, NOW + n, stamp).version()).as(why.wireName())
                    .hasValueSatisfying(version -> assertThat(version.why()).isEqualTo(why));
            n++;
        }
        assertThat(catalogue().latestVersion(PROJECT, job.id()).orElseThrow().number())
                .isEqualTo(VersionReason.values().length + 1);
    }

    @Test
    void aCreateStoresVersionOneMadeAsItsStampSaysAndEachJobNumbersItsOwn() {
        LocalJob orders = catalogue().create(PROJECT, id -> LocalJob.created(PROJECT, id, defined("orders"),
                JobStatus.JOB_INIT, false, null, Instant.ofEpochMilli(NOW)), VersionStamp.of(VersionReason.IMPORT,
                PROJECT));
        LocalJob clicks = create(PROJECT, defined("clicks"), NOW + 1);

        assertThat(catalogue().latestVersion(PROJECT, orders.id())).contains(new JobVersion(orders.id(), 1,
                defined("orders"), "p1", NOW, VersionReason.IMPORT, Optional.empty(), Optional.empty(),
                Optional.empty()));
        assertThat(catalogue().latestVersion(PROJECT, clicks.id())).map(JobVersion::number).contains(1);
        assertThat(catalogue().latestVersion(PROJECT, clicks.id())).map(JobVersion::why).contains(VersionReason.CREATE);
    }

    @Test
    void aRefusedChangeStoresNoVersionAndAJobAddedAsItWasHasNone() {
        LocalJob orders = create(PROJECT, defined("orders"), NOW);
        LocalJob clicks = create(PROJECT, defined("clicks"), NOW);
        catalogue().addIfAbsent(job(7, JobStatus.JOB_INIT));

        assertThatThrownBy(() -> redefine(clicks, defined("orders"), NOW + 1,
                VersionStamp.of(VersionReason.UPDATE, PROJECT)))
                .isInstanceOf(dev.dlirun.domain.model.DuplicateJobNameException.class);
        assertThatThrownBy(() -> catalogue().redefine(PROJECT, clicks.id(), current -> {
            throw new IllegalStateException("refused");
        }, VersionStamp.of(VersionReason.UPDATE, PROJECT))).hasMessage("refused");

        assertThat(catalogue().versions(PROJECT, clicks.id(), 0, 10).totalCount()).isEqualTo(1);
        assertThat(catalogue().versions(PROJECT, orders.id(), 0, 10).totalCount()).isEqualTo(1);
        assertThat(catalogue().latestVersion(PROJECT, JobId.of(7))).isEmpty();
        assertThat(catalogue().redefine(PROJECT, JobId.of(999_999), current -> current,
                VersionStamp.rollback(PROJECT, 1))).isEmpty();
    }

    @Test
    void aVersionNeverChangesButForItsVerdictAndTheSavepointAStopOfItsRunTook() {
        LocalJob job = create(PROJECT, defined("orders", "sql_body", "SELECT 1"), NOW);
        redefine(job, defined("orders", "sql_body", "SELECT 2"), NOW + 1, VersionStamp.of(VersionReason.UPDATE,
                PROJECT));
        JobVersion first = catalogue().version(PROJECT, job.id(), 1).orElseThrow();
        StateVerdict verdict = StateVerdict.dropsState("the count is no longer read", List.of(
                new StateVerdict.OperatorNote("a".repeat(32), "GroupAggregate(groupBy=[k])", "its state (12 KB) "
                        + "would be dropped"),
                new StateVerdict.OperatorNote("b".repeat(32), "Sink \"x\"", "ünïcode, kept")));

        assertThat(catalogue().recordVerdict(PROJECT, job.id(), 1, verdict)).isTrue();
        assertThat(catalogue().recordVerdict(PROJECT, job.id(), 3, verdict)).isFalse();
        assertThat(catalogue().recordVerdict(ProjectId.of("p2"), job.id(), 1, verdict)).isFalse();
        catalogue().recordSavepoint(new SavepointRecord(PROJECT, job.id(), "file:/sp/t", NOW + 2,
                SavepointRecord.Origin.TRIGGER, "Flink 2.2.1", 1));
        catalogue().recordSavepoint(new SavepointRecord(PROJECT, job.id(), "file:/sp/s", NOW + 3,
                SavepointRecord.Origin.STOP, "Flink 2.2.1", 1));
        catalogue().recordSavepoint(new SavepointRecord(PROJECT, job.id(), "file:/sp/unknown", NOW + 4,
                SavepointRecord.Origin.STOP, "Flink 2.2.1", 0));

        assertThat(catalogue().version(PROJECT, job.id(), 1)).contains(first.withStateCheck(verdict)
                .withSavepointAtStop("file:/sp/s"));
        assertThat(catalogue().version(PROJECT, job.id(), 2).orElseThrow().stateCheck()).isEmpty();
        assertThat(catalogue().version(PROJECT, job.id(), 2).orElseThrow().savepointAtStop()).isEmpty();
        assertThat(catalogue().savepoints(PROJECT, job.id())).extracting(SavepointRecord::path,
                SavepointRecord::version).containsExactly(org.assertj.core.api.Assertions.tuple("file:/sp/unknown", 0),
                org.assertj.core.api.Assertions.tuple("file:/sp/s", 1),
                org.assertj.core.api.Assertions.tuple("file:/sp/t", 1));
        StateVerdict unknown = StateVerdict.unknown("written by another Flink");
        assertThat(catalogue().recordVerdict(PROJECT, job.id(), 1, unknown)).isTrue();
        assertThat(catalogue().version(PROJECT, job.id(), 1).orElseThrow().stateCheck()).contains(unknown);
    }

    @Test
    void aVersionKeepsEveryFieldOfItsDefinitionExactly() {
        JobDefinition sql = defined("orders", "queue_name", "q", "desc", "d", "tags",
                List.of(java.util.Map.of("key", "team", "value", "ads")), "edge_group_ids", List.of("g"),
                "dirty_data_strategy", "1", "runtime_config", "{\"a\": 1}", "sql_body", "SELECT 'ü';\nSELECT 2",
                "checkpoint_mode", 2, "checkpoint_enabled", true, "checkpoint_interval", 30, "parallel_number", 4,
                "resume_checkpoint", true, "resume_max_num", 5, "restart_when_exception", true, "cu_number", 8,
                "obs_bucket", "bucket", "smn_topic", "topic", "udf_jar_url", "obs://b/udf.jar");
        JobDefinition jar = JobDefinition.created(JobType.FLINK_JAR_JOB, JobFields.parse(java.util.Map.of("name",
                "jar", "main_class", "com.example.Main", "entrypoint_args", "--in a --out b", "entrypoint",
                "obs://b/job.jar", "dependency_jars", List.of("obs://b/dep.jar"), "dependency_files",
                List.of("obs://b/f.txt"), "tm_slot_num", 2, "image", "img:1")));

        LocalJob sqlJob = create(PROJECT, sql, NOW);
        LocalJob jarJob = catalogue().create(PROJECT, id -> LocalJob.created(PROJECT, id, jar, JobStatus.JOB_INIT,
                false, null, Instant.ofEpochMilli(NOW)));

        assertThat(catalogue().version(PROJECT, sqlJob.id(), 1).orElseThrow().definition()).isEqualTo(sql);
        assertThat(catalogue().version(PROJECT, jarJob.id(), 1).orElseThrow().definition()).isEqualTo(jar);
        assertThat(catalogue().version(PROJECT, jarJob.id(), 1).orElseThrow().definition().fields())
                .isEqualTo(jar.fields());
    }

    @Test
    void aDeletedJobsVersionsGoWithIt() {
        LocalJob job = create(PROJECT, defined("orders"), NOW);
        LocalJob kept = create(PROJECT, defined("clicks"), NOW);

        catalogue().delete(PROJECT, List.of(job.id()));

        assertThat(catalogue().versions(PROJECT, job.id(), 0, 10)).isEqualTo(new VersionPage(0, List.of()));
        assertThat(catalogue().latestVersion(PROJECT, job.id())).isEmpty();
        assertThat(catalogue().recordVerdict(PROJECT, job.id(), 1, StateVerdict.unknown("gone"))).isFalse();
        assertThat(catalogue().latestVersion(PROJECT, kept.id())).isPresent();
    }

    @Test
    void aCreatedJobGetsAnIdNoProjectUsesAndKeepsEveryFieldOfItsDefinition() {
        catalogue().addIfAbsent(TestJobs.job(ProjectId.of("p2"), 100_000, JobStatus.JOB_INIT, false));
        JobDefinition definition = defined("orders", "queue_name", "q", "desc", "d", "tags",
                List.of(java.util.Map.of("key", "team", "value", "ads")), "edge_group_ids", List.of("g"),
                "dirty_data_strategy", "1", "runtime_config", "{\"a\": 1}");

        LocalJob first = create(PROJECT, definition, NOW);
        LocalJob second = create(PROJECT, defined("clicks"), NOW);

        assertThat(first.id().value()).isGreaterThanOrEqualTo(JdbcJobCatalogue.FIRST_CREATED_ID).isNotEqualTo(100_000);
        assertThat(second.id().value()).isGreaterThan(first.id().value());
        assertThat(catalogue().find(PROJECT, first.id())).contains(first);
        assertThat(catalogue().find(PROJECT, first.id()).orElseThrow().definition().fields())
                .isEqualTo(definition.fields());
    }

    @Test
    void namesAreUniqueWithinAProjectAtCreateAndAtRename() {
        LocalJob orders = create(PROJECT, defined("orders"), NOW);
        LocalJob clicks = create(PROJECT, defined("clicks"), NOW);

        assertThatThrownBy(() -> create(PROJECT, defined("orders"), NOW))
                .isInstanceOf(dev.dlirun.domain.model.DuplicateJobNameException.class)
                .hasMessage("A job named orders already exists in this project; job names are unique within a "
                        + "project.");
        assertThat(create(ProjectId.of("p2"), defined("orders"), NOW).name()).isEqualTo("orders");
        assertThatThrownBy(() -> catalogue().redefine(PROJECT, clicks.id(),
                job -> job.with(job.definition().updatedWith(JobFields.parse(java.util.Map.of("name", "orders"))))))
                .isInstanceOf(dev.dlirun.domain.model.DuplicateJobNameException.class);
        assertThat(catalogue().find(PROJECT, clicks.id()).orElseThrow().name()).isEqualTo("clicks");
        assertThat(catalogue().redefine(PROJECT, orders.id(), job -> job.with(job.definition()
                .updatedWith(JobFields.parse(java.util.Map.of("name", "orders", "desc", "same name"))))))
                .map(LocalJob::name).contains("orders");
    }

    @Test
    void concurrentAddsOfOneJobAddItOnceAndFailNone() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger added = new AtomicInteger();
        try {
            for (int round = 0; round < 20; round++) {
                LocalJob job = job(1000 + round, JobStatus.JOB_INIT);
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    all.add(pool.submit(() -> {
                        start.await();
                        if (catalogue().addIfAbsent(job)) {
                            added.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> each : all) {
                    each.get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(added).hasValue(20);
        assertThat(catalogue().list(query().build()).totalCount()).as("the project's count").isEqualTo(20);
    }

    @Test
    void concurrentCreatesOfOneNameMakeOneJob() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger made = new AtomicInteger();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                all.add(pool.submit(() -> {
                    start.await();
                    try {
                        create(PROJECT, defined("racing"), NOW);
                        made.incrementAndGet();
                    } catch (dev.dlirun.domain.model.DuplicateJobNameException e) {
                        // the others
                    }
                    return null;
                }));
            }
            for (Future<?> each : all) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(made).hasValue(1);
        assertThat(catalogue().list(query().build()).totalCount()).isEqualTo(1);
    }

    /** What the batch endpoints judge a job by follows every kind of write: add, update, create, redefine, delete. */
    @Test
    void aLookUpAnswersEachJobsStatusAndSavepointAsTheLastWriteLeftIt() {
        ProjectId other = ProjectId.of("p2");
        catalogue().addAllIfAbsent(List.of(job(1, JobStatus.JOB_INIT), TestJobs.job(PROJECT, 2, JobStatus.JOB_RUNNING,
                false), TestJobs.job(other, 1, JobStatus.JOB_FINISH, false)));
        LocalJob made = create(PROJECT, defined("made"), NOW);
        List<JobId> ids = List.of(JobId.of(1), JobId.of(2), made.id(), JobId.of(999));

        assertThat(catalogue().lookUp(PROJECT, ids)).isEqualTo(java.util.Map.of(
                JobId.of(1), new Job(PROJECT, JobId.of(1), JobStatus.JOB_INIT, true),
                JobId.of(2), new Job(PROJECT, JobId.of(2), JobStatus.JOB_RUNNING, false),
                made.id(), new Job(PROJECT, made.id(), JobStatus.JOB_INIT, false)));
        assertThat(catalogue().lookUp(other, List.of(JobId.of(1), JobId.of(2)))).isEqualTo(java.util.Map.of(
                JobId.of(1), new Job(other, JobId.of(1), JobStatus.JOB_FINISH, false)));

        catalogue().updateAll(PROJECT, List.of(JobId.of(1), JobId.of(2)), j -> j.id().value() == 1
                ? TestJobs.inStatus(j, JobStatus.JOB_SUBMITTING)
                : j.with(TestJobs.stoppedWithSavepoint(j.run(), "file:/sp/2", NOW)));
        catalogue().redefine(PROJECT, made.id(), j -> j.with(TestJobs.moved(j.run(), JobStatus.JOB_SUBMIT_FAIL, "no", NOW)));
        assertThatThrownBy(() -> catalogue().updateAll(PROJECT, List.of(JobId.of(1)), j -> {
            throw new IllegalStateException("a change that fails changes nothing");
        })).isInstanceOf(IllegalStateException.class);
        catalogue().delete(other, List.of(JobId.of(1)));

        assertThat(catalogue().lookUp(PROJECT, ids)).isEqualTo(java.util.Map.of(
                JobId.of(1), new Job(PROJECT, JobId.of(1), JobStatus.JOB_SUBMITTING, true),
                JobId.of(2), new Job(PROJECT, JobId.of(2), JobStatus.JOB_CANCEL_SUCCESS, true),
                made.id(), new Job(PROJECT, made.id(), JobStatus.JOB_SUBMIT_FAIL, false)));
        assertThat(catalogue().lookUp(other, List.of(JobId.of(1)))).isEmpty();
        assertThat(catalogue().lookUp(ProjectId.of("p3"), ids)).isEmpty();
    }

    @Test
    void aRedefinitionChangesTheDefinitionAndTheRunStateButNeverTheKeyOrTheCreationTime() {
        LocalJob job = create(PROJECT, defined("orders", "tags", List.of(java.util.Map.of("key", "a", "value", "1"))),
                NOW);
        JobDefinition changed = job.definition().updatedWith(JobFields.parse(java.util.Map.of("sql_body", "SELECT 2",
                "tags", List.of(java.util.Map.of("key", "b", "value", "2")))));

        LocalJob stored = catalogue().redefine(PROJECT, job.id(), current -> current.with(changed)
                .with(TestJobs.moved(current.run(), current.status(), null, NOW + 5))).orElseThrow();

        assertThat(catalogue().find(PROJECT, job.id())).contains(stored);
        assertThat(stored.definition()).isEqualTo(changed);
        assertThat(stored.updateTime()).isEqualTo(NOW + 5);
        assertThat(catalogue().list(query().tag(new dev.dlirun.domain.model.JobTag("b", "2")).build()).jobs())
                .extracting(LocalJob::id).containsExactly(job.id());
        assertThat(catalogue().list(query().tag(new dev.dlirun.domain.model.JobTag("a", "1")).build()).jobs())
                .isEmpty();
        assertThat(catalogue().redefine(PROJECT, JobId.of(999_999), current -> current)).isEmpty();
        assertThatThrownBy(() -> catalogue().redefine(PROJECT, job.id(), current -> new LocalJob(PROJECT, JobId.of(1),
                current.definition(), current.createTime(), current.run()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> catalogue().redefine(PROJECT, job.id(), current -> new LocalJob(PROJECT, current.id(),
                current.definition(), 0, current.run()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeleteRemovesTheJobsOfTheProjectWithTheirSavepointHistoryAndAnswersThem() {
        LocalJob one = create(PROJECT, defined("one"), NOW);
        LocalJob two = create(PROJECT, defined("two"), NOW);
        LocalJob elsewhere = create(ProjectId.of("p2"), defined("one"), NOW);
        catalogue().recordSavepoint(new SavepointRecord(PROJECT, one.id(), "file:/sp/a", NOW,
                SavepointRecord.Origin.STOP, "Flink 2.2.1", 0));

        assertThat(catalogue().delete(PROJECT, List.of(one.id(), elsewhere.id(), JobId.of(5))))
                .containsExactly(new JobCatalogue.Removed(one, List.of(new SavepointRecord(PROJECT, one.id(),
                        "file:/sp/a", NOW, SavepointRecord.Origin.STOP, "Flink 2.2.1", 0))));

        assertThat(catalogue().find(PROJECT, one.id())).isEmpty();
        assertThat(catalogue().savepoints(PROJECT, one.id())).isEmpty();
        assertThat(catalogue().find(PROJECT, two.id())).contains(two);
        assertThat(catalogue().find(ProjectId.of("p2"), elsewhere.id())).contains(elsewhere);
        assertThat(catalogue().list(query().build()).totalCount()).as("the project's count").isEqualTo(1);
        assertThat(catalogue().delete(PROJECT, List.of(one.id()))).isEmpty();
        assertThat(catalogue().list(query().build()).totalCount()).isEqualTo(1);
        assertThat(create(PROJECT, defined("one"), NOW).id()).as("a deleted job's id is never given again")
                .isNotEqualTo(one.id());
    }

    private static QueryBuilder query() {
        return new QueryBuilder();
    }

    /** A list's query, one filter at a time. */
    static final class QueryBuilder {
        private Optional<JobType> type = Optional.empty();
        private Optional<JobStatus> status = Optional.empty();
        private Optional<String> queue = Optional.empty();
        private Optional<String> name = Optional.empty();
        private Optional<dev.dlirun.domain.model.JobTag> tag = Optional.empty();
        private Optional<String> user = Optional.empty();
        private boolean ascending;
        private int limit = 100;
        private long offset;

        QueryBuilder type(JobType value) {
            type = Optional.of(value);
            return this;
        }

        QueryBuilder status(JobStatus value) {
            status = Optional.of(value);
            return this;
        }

        QueryBuilder queue(String value) {
            queue = Optional.of(value);
            return this;
        }

        QueryBuilder name(String value) {
            name = Optional.of(value);
            return this;
        }

        QueryBuilder tag(dev.dlirun.domain.model.JobTag value) {
            tag = Optional.of(value);
            return this;
        }

        QueryBuilder user(String value) {
            user = Optional.of(value);
            return this;
        }

        QueryBuilder ascending() {
            ascending = true;
            return this;
        }

        QueryBuilder page(int size, long skip) {
            limit = size;
            offset = skip;
            return this;
        }

        dev.dlirun.domain.definition.JobQuery build() {
            return new dev.dlirun.domain.definition.JobQuery(PROJECT, type, status, queue, name, user, tag,
                    Optional.empty(), ascending, limit, offset, false);
        }
    }

    @Test
    void aListShowsTheProjectsJobsMatchingEveryFilterByCreationTimeOnePageOfThem() {
        LocalJob a = create(PROJECT, defined("orders-a", "queue_name", "q1", "tags",
                List.of(java.util.Map.of("key", "team", "value", "ads"))), NOW);
        LocalJob b = create(PROJECT, defined("orders-b", "queue_name", "q2"), NOW + 1);
        LocalJob c = create(PROJECT, defined("clicks_x", "queue_name", "q1"), NOW + 2);
        catalogue().addIfAbsent(TestJobs.job(PROJECT, 7, JobStatus.JOB_RUNNING, false));
        create(ProjectId.of("p2"), defined("orders-a", "queue_name", "q1"), NOW);
        LocalJob seven = catalogue().find(PROJECT, JobId.of(7)).orElseThrow();

        assertThat(catalogue().list(query().build()).totalCount()).isEqualTo(4);
        // Job 7 was created first (TestJobs.CREATED, before NOW).
        assertThat(catalogue().list(query().page(2, 0).build()).jobs()).as("newest first")
                .extracting(LocalJob::id).containsExactly(c.id(), b.id());
        assertThat(catalogue().list(query().ascending().page(2, 1).build()).jobs()).extracting(LocalJob::id)
                .containsExactly(a.id(), b.id());
        JobCatalogue.Page q1 = catalogue().list(query().queue("q1").ascending().page(1, 1).build());
        assertThat(q1.totalCount()).isEqualTo(2);
        assertThat(q1.jobs()).extracting(LocalJob::id).containsExactly(c.id());
        assertThat(catalogue().list(query().name("orders-").build()).jobs()).extracting(LocalJob::id)
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(catalogue().list(query().name("clicks_").build()).jobs()).extracting(LocalJob::id)
                .containsExactly(c.id());
        assertThat(catalogue().list(query().name("click_").build()).jobs()).as("_ is a character").isEmpty();
        assertThat(catalogue().list(query().name("c%").build()).jobs()).as("% is a character").isEmpty();
        assertThat(catalogue().list(query().status(JobStatus.JOB_RUNNING).build()).jobs()).extracting(LocalJob::id)
                .containsExactly(seven.id());
        assertThat(catalogue().list(query().type(JobType.FLINK_OPENSOURCE_SQL_JOB).build()).totalCount()).isEqualTo(3);
        assertThat(catalogue().list(query().tag(new dev.dlirun.domain.model.JobTag("team", "ads")).build()).jobs())
                .extracting(LocalJob::id).containsExactly(a.id());
        assertThat(catalogue().list(query().user("someone").build()).totalCount()).isZero();
        JobCatalogue.Page beyond = catalogue().list(query().page(10, 10).build());
        assertThat(beyond.totalCount()).isEqualTo(4);
        assertThat(beyond.jobs()).isEmpty();
    }

    private static dev.dlirun.domain.template.NewTemplate newTemplate(String name) {
        return new dev.dlirun.domain.template.NewTemplate(name, "d", "SELECT 1", null,
                List.of(new dev.dlirun.domain.model.JobTag("team", "ads")));
    }

    private dev.dlirun.domain.template.JobTemplate createTemplate(ProjectId project, String name, long at) {
        return catalogue().templates().create(project, 100,
                id -> dev.dlirun.domain.template.JobTemplate.created(id, project, newTemplate(name), at)).orElseThrow();
    }

    @Test
    void templatesAreKeptPerProjectWholeUnderIdsNoProjectShares() {
        ProjectId other = ProjectId.of("p2");
        var first = createTemplate(PROJECT, "t1", NOW);
        var second = createTemplate(other, "t2", NOW + 1);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(catalogue().templates().find(PROJECT, first.id())).contains(first);
        assertThat(first.tags()).containsExactly(new dev.dlirun.domain.model.JobTag("team", "ads"));
        assertThat(first.jobType()).isEqualTo(JobType.FLINK_SQL_JOB);
        assertThat(catalogue().templates().find(PROJECT, second.id())).isEmpty();
        assertThat(catalogue().templates().find(other, first.id())).isEmpty();
        assertThat(catalogue().templates().all(PROJECT)).containsExactly(first);
        assertThat(catalogue().templates().all(other)).containsExactly(second);
        assertThat(catalogue().count()).as("templates are not jobs").isZero();
    }

    @Test
    void aProjectHoldsNoMoreTemplatesThanItsLimitEvenWhenCreatedConcurrently() throws Exception {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> created = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "t" + i;
                created.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    return catalogue().templates().create(PROJECT, 3, id -> dev.dlirun.domain.template.JobTemplate
                            .created(id, PROJECT, newTemplate(name), NOW)).isPresent();
                }));
            }
            long made = 0;
            for (Future<Boolean> future : created) {
                made += future.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(made).isEqualTo(3);
            assertThat(catalogue().templates().all(PROJECT)).hasSize(3);
            assertThat(catalogue().templates().create(ProjectId.of("p2"), 3, id -> dev.dlirun.domain.template
                    .JobTemplate.created(id, ProjectId.of("p2"), newTemplate("x"), NOW))).as("another project's")
                    .isPresent();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTemplateIsChangedAndDeletedOnlyThroughItsOwnProject() {
        var template = createTemplate(PROJECT, "t1", NOW);
        ProjectId other = ProjectId.of("p2");
        var changes = new dev.dlirun.domain.template.TemplateChanges(Optional.of("renamed"), Optional.empty(),
                Optional.of("SELECT 2"));

        assertThat(catalogue().templates().update(other, template.id(), t -> t.changed(changes, NOW + 5))).isEmpty();
        assertThat(catalogue().templates().delete(other, template.id())).isFalse();
        var changed = catalogue().templates().update(PROJECT, template.id(), t -> t.changed(changes, NOW + 5));

        assertThat(changed).isPresent();
        assertThat(catalogue().templates().find(PROJECT, template.id())).contains(changed.get());
        assertThat(changed.get().name()).isEqualTo("renamed");
        assertThat(changed.get().sqlBody()).isEqualTo("SELECT 2");
        assertThat(changed.get().desc()).isEqualTo("d");
        assertThat(changed.get().createTime()).isEqualTo(NOW);
        assertThat(changed.get().updateTime()).isEqualTo(NOW + 5);
        assertThatThrownBy(() -> catalogue().templates().update(PROJECT, template.id(),
                t -> dev.dlirun.domain.template.JobTemplate.created(t.id(), PROJECT, newTemplate("x"), NOW + 9)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(catalogue().templates().delete(PROJECT, template.id())).isTrue();
        assertThat(catalogue().templates().find(PROJECT, template.id())).isEmpty();
        assertThat(catalogue().templates().delete(PROJECT, template.id())).isFalse();
    }
}
