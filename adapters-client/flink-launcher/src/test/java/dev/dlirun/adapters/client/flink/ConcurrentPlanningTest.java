package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.domain.graph.GraphType;
import dev.dlirun.domain.graph.GraphVerdict;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.apache.flink.util.FlinkUserCodeClassLoaders;
import org.apache.flink.util.MutableURLClassLoader;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL jobs planned (checks, graph checks, launches) while jar jobs run their main methods on other threads: each SQL
 * planning on an execution environment of its own. A jar's main method runs under Flink's static context
 * environment, made of the jar's class loader, which its launch closes afterwards; a SQL job planned beside it used
 * to take that environment and fail compiling its generated code, "Trying to access closed classloader".
 */
class ConcurrentPlanningTest {

    private static final String COUNTS = """
            CREATE TABLE clicks (user_id INT, url STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5',
              'fields.user_id.min' = '1', 'fields.user_id.max' = '9');
            CREATE TABLE counts (user_id INT, n BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO counts SELECT user_id, COUNT(*) FROM clicks WHERE user_id > 2 GROUP BY user_id;""";

    private static final int THREADS = 8;
    private static final int CHECKS_PER_THREAD = 3;

    /**
     * With checkpoints on, as a job whose state is kept is: Flink's job graph generator then loads every operator's
     * class (a SQL operator's is generated code, compiled there) with the class loader the executor was given.
     */
    private static final JobConfig CHECKPOINTED = JobConfig.builder().checkpointEnabled(true)
            .checkpointMode(CheckpointMode.EXACTLY_ONCE).checkpointIntervalSeconds(1).build();

    private static JobDefinition counts() {
        return JobDefinition.sql("counts", JobType.FLINK_OPENSOURCE_SQL_JOB, COUNTS, CHECKPOINTED);
    }

    /**
     * The race made certain: a jar's main method "in flight" on another thread (Flink's static context environment
     * set, as {@code ClientUtils.executeProgram} sets it, of a class loader its launch has closed already), and
     * 8 threads checking SQL jobs meanwhile. Each check must plan on its own environment.
     */
    @Test
    void sqlChecksBesideAJarsMainMethodPlanOnTheirOwnEnvironment() throws Exception {
        Path root = Files.createTempDirectory("dlirun-concurrent-checks");
        FlinkJobRuntime runtime = new FlinkJobRuntime(new FlinkSettings(new FlinkSettings.Embedded(4),
                root.resolve("checkpoints").toUri(), root.resolve("savepoints").toUri(), root.resolve("projects"),
                Optional.empty(), FlinkSettings.defaultConnectors(), EmbeddedFlink.CODE_PROJECTS, root.resolve("tmp"),
                root.resolve("cluster"), new FlinkSettings.JobReach(Optional.of(EmbeddedFlink.connectorJars()),
                EmbeddedFlink.ALLOW_HOSTS, java.util.Set::of)));
        MutableURLClassLoader jarsLoader = FlinkUserCodeClassLoaders.create(new URL[0], getClass().getClassLoader(),
                new Configuration());
        jarsLoader.close();
        CountDownLatch contextSet = new CountDownLatch(1);
        CountDownLatch checksDone = new CountDownLatch(1);
        Thread jarsMain = new Thread(() -> {
            StreamContextEnvironment.setAsContext(new DefaultExecutorServiceLoader(), new Configuration(), jarsLoader,
                    false, true);
            contextSet.countDown();
            try {
                checksDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                StreamContextEnvironment.unsetAsContext();
            }
        }, "a-jars-main-method");
        jarsMain.start();
        try {
            assertThat(contextSet.await(10, TimeUnit.SECONDS)).isTrue();
            List<String> failures = inParallel(THREADS, thread -> {
                List<String> failed = new ArrayList<>();
                for (int i = 0; i < CHECKS_PER_THREAD; i++) {
                    GraphVerdict verdict = runtime.checkGraph(ProjectId.of("checks"), JobId.of(thread * 100L + i + 1),
                            counts(), i % 2 == 0 ? GraphType.JOB_GRAPH : GraphType.SIMPLE_GRAPH);
                    if (!(verdict instanceof GraphVerdict.Planned)) {
                        failed.add(verdict.toString());
                    }
                }
                return failed;
            });
            assertThat(failures).as("checks that did not plan").isEmpty();
        } finally {
            checksDone.countDown();
            jarsMain.join();
            runtime.close();
        }
    }

    /**
     * The real thing on the embedded Flink: jar jobs launched one after another (each its main method run, its class
     * loader closed after), while 8 threads check SQL jobs and launch SQL jobs.
     */
    @Test
    void sqlChecksAndLaunchesBesideJarLaunchesAllPlan() throws Exception {
        FlinkJobRuntime runtime = EmbeddedFlink.runtime();
        Path jar = TestJars.countingJob(EmbeddedFlink.jars());
        AtomicBoolean checking = new AtomicBoolean(true);
        AtomicInteger jarLaunches = new AtomicInteger();
        ExecutorService jars = Executors.newSingleThreadExecutor();
        Future<List<String>> jarFailures = jars.submit(() -> {
            List<String> failed = new ArrayList<>();
            for (long id = 1; checking.get() || id <= 3; id++) {
                Launch launch = new Launch(ProjectId.of("jars"), JobId.of(500 + id), RuntimeJobId.generate(),
                        new JobDefinition("counting", JobType.FLINK_JAR_JOB, Optional.empty(),
                                Optional.of(TestJars.MAIN_CLASS), Optional.of("5"),
                                JobConfig.builder().entrypoint(jar.getFileName().toString()).build()),
                        Optional.empty());
                try {
                    runtime.launch(launch);
                    jarLaunches.incrementAndGet();
                    runtime.cancel(launch.runtimeJobId()).get(60, TimeUnit.SECONDS);
                } catch (LaunchRefusedException e) {
                    failed.add("jar launch: " + e.getMessage());
                }
            }
            return failed;
        });
        List<String> failures;
        try {
            failures = inParallel(THREADS, thread -> {
                List<String> failed = new ArrayList<>();
                for (int i = 0; i < CHECKS_PER_THREAD; i++) {
                    GraphVerdict verdict = runtime.checkGraph(ProjectId.of("checks"), JobId.of(thread * 100L + i + 1),
                            counts(), GraphType.JOB_GRAPH);
                    if (!(verdict instanceof GraphVerdict.Planned)) {
                        failed.add("check: " + verdict);
                    }
                }
                if (thread % 4 == 0) {
                    Launch launch = EmbeddedFlink.sqlLaunch(ProjectId.of("launches"), 900 + thread, COUNTS,
                            CHECKPOINTED, Optional.empty());
                    try {
                        runtime.launch(launch);
                        runtime.cancel(launch.runtimeJobId()).get(60, TimeUnit.SECONDS);
                    } catch (LaunchRefusedException e) {
                        failed.add("SQL launch: " + e.getMessage());
                    }
                }
                return failed;
            });
        } finally {
            checking.set(false);
        }
        failures = new ArrayList<>(failures);
        failures.addAll(jarFailures.get(5, TimeUnit.MINUTES));
        jars.shutdown();
        assertThat(failures).as("checks and launches that failed").isEmpty();
        assertThat(jarLaunches.get()).isGreaterThanOrEqualTo(3);
    }

    /** Runs {@code work} on {@code threads} threads at once (each given its number) and gathers what they return. */
    private static List<String> inParallel(int threads, ThreadWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<List<String>> task = () -> {
                    start.await();
                    return work.run(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> future : futures) {
                all.addAll(future.get(5, TimeUnit.MINUTES));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadWork {
        List<String> run(int thread) throws Exception;
    }
}
