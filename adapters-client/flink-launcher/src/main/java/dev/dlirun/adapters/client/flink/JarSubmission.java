package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.policy.JobRules;
import dev.dlirun.adapters.client.flink.policy.PolicyViolation;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.domain.model.JobDefinition;
import org.apache.flink.client.ClientUtils;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
        JobDefinition definition = launch.definition();
        String entrypoint = definition.config().entrypoint().filter(jar -> !jar.isBlank()).orElseThrow(() ->
                new LaunchRefusedException("Job " + launch.jobId() + " names no jar (job_config.entrypoint) to run."));
        Path jar;
        String mainClass;
        try {
            jar = rules.jar("the job's jar", entrypoint);
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
        PackagedProgram program;
        try {
            program = PackagedProgram.newBuilder()
                    .setJarFile(new File(jar.toString()))
                    .setUserClassPaths(classPath)
                    .setEntryPointClassName(mainClass)
                    .setArguments(Arrays.copyOf(arguments, arguments.length))
                    .setConfiguration(configuration)
                    .build();
        } catch (Exception e) {
            throw new LaunchRefusedException("The job's jar does not load: " + FlinkFailures.describe(e));
        }
        try {
            ClientUtils.executeProgram(new DefaultExecutorServiceLoader(), configuration, program, true, false);
        } catch (Exception e) {
            throw new LaunchRefusedException("The job's main method failed: " + FlinkFailures.describe(e));
        } finally {
            program.close();
        }
    }
}
