package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One embedded Flink runtime for every test class of this JVM that needs one: a cluster costs seconds to start and
 * hundreds of megabytes to hold. Its directories live under a temporary root; its jars directory is empty until a
 * test puts a jar there.
 */
public final class EmbeddedFlink {

    /** The projects whose jobs may bring code (jars, functions) in these tests. */
    public static final Set<String> CODE_PROJECTS = Set.of("jars", "code");

    /**
     * What jobs of these tests may reach: this machine's 127.0.0.1, where the tests' Kafka and PostgreSQL listen (and
     * not 127.0.0.2, where tests listen to prove that a refused job connected nowhere).
     */
    public static final List<String> ALLOW_HOSTS = List.of("127.0.0.1:*");

    private static FlinkJobRuntime runtime;
    private static Path root;

    private EmbeddedFlink() {
    }

    /** The shared runtime, started and ready. */
    public static synchronized FlinkJobRuntime runtime() throws IOException, InterruptedException {
        if (runtime == null) {
            root = Files.createTempDirectory("dlirun-flink-test");
            Files.createDirectories(jars());
            runtime = new FlinkJobRuntime(new FlinkSettings(new FlinkSettings.Embedded(24),
                    root.resolve("checkpoints").toUri(), root.resolve("savepoints").toUri(), projects(),
                    Optional.of(jars()), FlinkSettings.defaultConnectors(), CODE_PROJECTS, root.resolve("tmp"),
                    root.resolve("cluster"), new FlinkSettings.JobReach(Optional.of(connectorJars()),
                    ALLOW_HOSTS, Set::of)));
            runtime.start();
            if (!runtime.awaitReady(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the embedded Flink runtime did not start: " + runtime.notReady());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "embedded-flink-test-shutdown"));
        }
        return runtime;
    }

    /** The connectors' bundles the build gathers (adapters-client/flink-connectors/target/connectors). */
    public static Path connectorJars() {
        return Path.of(System.getProperty("dlirun.connector-jars", "../flink-connectors/target/connectors"))
                .toAbsolutePath().normalize();
    }

    public static Path projects() {
        return root.resolve("projects");
    }

    public static Path jars() {
        return root.resolve("jars");
    }

    public static Path root() {
        return root;
    }

    /** A launch of a SQL job of {@code project}. */
    public static Launch sqlLaunch(ProjectId project, long id, String sql, JobConfig config, Optional<String> restore) {
        return new Launch(project, JobId.of(id), RuntimeJobId.generate(),
                JobDefinition.sql("job-" + id, JobType.FLINK_OPENSOURCE_SQL_JOB, sql, config), restore);
    }

    /** Launches and waits until the runtime reports the launch in {@code state} (and, running, all its tasks). */
    public static ObservedJob launchUntil(Launch launch, ObservedJob.State state) throws LaunchRefusedException,
            IOException, InterruptedException {
        runtime().launch(launch);
        return awaitState(launch.runtimeJobId(), state);
    }

    public static ObservedJob awaitState(RuntimeJobId id, ObservedJob.State state) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ObservedJob seen = null;
        while (System.nanoTime() < deadline) {
            seen = runtime().observe().get(id);
            if (seen != null && seen.state() == state
                    && (state != ObservedJob.State.RUNNING || seen.allTasksRunning())) {
                return seen;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("launch " + id + " did not reach " + state + "; last seen " + seen);
    }

    /** Connectors of the default allowlist, for tests that check it. */
    static Set<String> connectors() {
        return FlinkSettings.defaultConnectors();
    }
}
