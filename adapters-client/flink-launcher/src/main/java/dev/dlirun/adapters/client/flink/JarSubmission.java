package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.policy.JobRules;
import dev.dlirun.adapters.client.flink.policy.PolicyViolation;
import dev.dlirun.adapters.client.flink.state.PlannedJob;
import dev.dlirun.adapters.client.flink.state.PlannedOperators;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.domain.model.JobDefinition;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.dlirun.adapters.client.flink.JobSubmitter.capitalized;

/**
 * A jar job submitted: its jar and main class as the policy allows them, its main method run here, as
 * {@code flink run} runs it, and its pipeline sent to the cluster with its jar.
 */
final class JarSubmission {

    private JarSubmission() {
    }

    /**
     * @param configuration the launch's Flink configuration; the job's jar is added to it
     * @throws LaunchRefusedException when the job names no jar or one the policy refuses, or its jar does not load, or
     *                                its main method fails
     */
    static void submit(Launch launch, Configuration configuration, JobRules rules, List<Path> dependencies)
            throws LaunchRefusedException {
        Path jar = jar(launch, rules);
        PackagedProgram program = program(launch, configuration, rules, jar, dependencies);
        try {
            ClientUtils.executeProgram(new DefaultExecutorServiceLoader(), configuration, program, true, false);
        } catch (Exception e) {
            throw new LaunchRefusedException("The job's main method failed: " + FlinkFailures.describe(e));
        } finally {
            program.close();
        }
    }

    /**
     * Plans the job for a state check: its main method run as {@link #submit} runs it, with the same configuration,
     * but its pipeline handed to the {@link PlanOnlyExecutor} (the target of the configuration; the launch's fixed job
     * id is how the executor finds this check), which analyses its operators and submits nothing.
     *
     * @throws LaunchRefusedException exactly when {@link #submit} would refuse the job before submitting it
     */
    static PlannedJob planState(Launch launch, Configuration configuration, JobRules rules, List<Path> dependencies)
            throws LaunchRefusedException {
        Path jar = jar(launch, rules);
        configuration.set(DeploymentOptions.TARGET, PlanOnlyExecutor.NAME);
        PackagedProgram program = program(launch, configuration, rules, jar, dependencies);
        try (PlanOnlyExecutor.Capture capture = PlanOnlyExecutor.captureOperators(launch.runtimeJobId().value())) {
            try {
                ClientUtils.executeProgram(new DefaultExecutorServiceLoader(), configuration, program, true, false);
            } catch (Exception e) {
                if (!capture.planned()) {
                    throw new LaunchRefusedException("The job's main method failed: " + FlinkFailures.describe(e));
                }
            }
            PlannedOperators operators = capture.operators().orElseThrow(() -> new LaunchRefusedException("The job's "
                    + "main method ended without executing a pipeline: it would submit no job."));
            return new PlannedJob(operators, Optional.empty(), Optional.empty(), dependencies, Optional.of(jar));
        } finally {
            program.close();
        }
    }

    /** The job's jar, as the policy allows it. */
    private static Path jar(Launch launch, JobRules rules) throws LaunchRefusedException {
        String entrypoint = launch.definition().config().entrypoint().filter(location -> !location.isBlank())
                .orElseThrow(() -> new LaunchRefusedException("Job " + launch.jobId() + " names no jar "
                        + "(job_config.entrypoint) to run."));
        try {
            return rules.jar("the job's jar", entrypoint);
        } catch (PolicyViolation e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
    }

    /** The job's program: its jar, main class and arguments, with its dependencies, shipped as {@code flink run} does. */
    private static PackagedProgram program(Launch launch, Configuration configuration, JobRules rules, Path jar,
                                           List<Path> dependencies) throws LaunchRefusedException {
        JobDefinition definition = launch.definition();
        String mainClass;
        try {
            mainClass = rules.mainClass(jar, definition.mainClass());
        } catch (PolicyViolation e) {
            throw new LaunchRefusedException(capitalized(e.getMessage()) + ".");
        }
        // Shipped with the job, as `flink run` ships it: the cluster loads the job's classes from them.
        List<String> shipped = new java.util.ArrayList<>(List.of(jar.toUri().toString()));
        List<java.net.URL> classPath = new java.util.ArrayList<>();
        for (Path dependency : dependencies) {
            shipped.add(dependency.toUri().toString());
            try {
                classPath.add(dependency.toUri().toURL());
            } catch (java.net.MalformedURLException e) {
                throw new LaunchRefusedException("The dependency jar " + dependency + " cannot be named by a URL.");
            }
        }
        configuration.set(PipelineOptions.JARS, shipped);
        String[] arguments = definition.entrypointArgs().map(String::strip).filter(args -> !args.isEmpty())
                .map(args -> args.split("\\s+")).orElse(new String[0]);
        try {
            return PackagedProgram.newBuilder()
                    .setJarFile(new File(jar.toString()))
                    .setUserClassPaths(classPath)
                    .setEntryPointClassName(mainClass)
                    .setArguments(Arrays.copyOf(arguments, arguments.length))
                    .setConfiguration(configuration)
                    .build();
        } catch (Exception e) {
            throw new LaunchRefusedException("The job's jar does not load: " + FlinkFailures.describe(e));
        }
    }
}
