package dev.dlirun.bootstrap.bench;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.messages.webmonitor.JobDetails;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobsOverviewHeaders;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The baseline of the Flink benchmarks: Flink itself, with none of the service in its path. A process of its own that
 * plans and submits a SQL script from a bare {@code TableEnvironment} to a cluster's REST API, and stops jobs with a
 * savepoint through Flink's own {@code RestClusterClient}, timing each step up to what Flink reports (all tasks
 * running, the savepoint done). It takes one command per line on standard input and answers one line each, after
 * {@link #ANSWER}:
 * <ul>
 *     <li>{@code run <sql file> [<savepoint>]} answers {@code ran <job id> <ms>}</li>
 *     <li>{@code stop <job id> <savepoint directory>} answers {@code stopped <savepoint> <ms>}</li>
 *     <li>{@code stopall <savepoint directory> <job id>...} stops every job at once, each with a savepoint, and
 *     answers {@code stoppedall <ms> <savepoint>...} once all are stopped</li>
 *     <li>{@code cancel <job id>} answers {@code cancelled}</li>
 * </ul>
 * Usage: {@code FlinkBaseline <rest host> <rest port> [<jar>...]}: the jars, if any, are given to every job as its own
 * ({@code pipeline.jars}, which Flink ships with the job to the cluster) and are on the class loader its SQL is planned
 * with, as a Flink program is given a connector that is not in the cluster's {@code lib/}.
 */
public final class FlinkBaseline {

    /** What starts each answer's line. */
    public static final String ANSWER = "BASELINE ";

    private FlinkBaseline() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        List<URL> jars = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            jars.add(Path.of(args[i]).toAbsolutePath().toUri().toURL());
        }
        ClassLoader planning = jars.isEmpty() ? FlinkBaseline.class.getClassLoader()
                : new URLClassLoader(jars.toArray(URL[]::new), FlinkBaseline.class.getClassLoader());
        Configuration client = new Configuration();
        client.set(RestOptions.ADDRESS, host);
        client.set(RestOptions.PORT, port);
        try (RestClusterClient<String> flink = new RestClusterClient<>(client, "baseline");
             BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            answer("ready");
            for (String line; (line = commands.readLine()) != null; ) {
                String[] command = line.split(" ");
                long start = System.nanoTime();
                switch (command[0]) {
                    case "run" -> {
                        JobID job = JobID.generate();
                        Configuration configuration = new Configuration();
                        configuration.set(DeploymentOptions.TARGET, "remote");
                        configuration.set(DeploymentOptions.ATTACHED, false);
                        configuration.set(RestOptions.ADDRESS, host);
                        configuration.set(RestOptions.PORT, port);
                        configuration.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, job.toHexString());
                        // The service's jobs run at their parallel_number, 1 unless told: the same job here.
                        configuration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
                        if (command.length > 2) {
                            configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, command[2]);
                        }
                        if (!jars.isEmpty()) {
                            configuration.set(PipelineOptions.JARS, jars.stream().map(URL::toString).toList());
                        }
                        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance()
                                .inStreamingMode().withConfiguration(configuration).withClassLoader(planning).build());
                        for (String statement : Files.readString(Path.of(command[1])).split(";")) {
                            if (!statement.isBlank()) {
                                tables.executeSql(statement);
                            }
                        }
                        awaitAllTasksRunning(flink, job);
                        answer("ran " + job + " " + (System.nanoTime() - start) / 1_000_000);
                    }
                    case "stop" -> {
                        String savepoint = flink.stopWithSavepoint(JobID.fromHexString(command[1]), false, command[2],
                                SavepointFormatType.CANONICAL).get();
                        answer("stopped " + savepoint + " " + (System.nanoTime() - start) / 1_000_000);
                    }
                    case "stopall" -> {
                        List<CompletableFuture<String>> stops = new ArrayList<>();
                        for (int i = 2; i < command.length; i++) {
                            stops.add(flink.stopWithSavepoint(JobID.fromHexString(command[i]), false, command[1],
                                    SavepointFormatType.CANONICAL));
                        }
                        List<String> savepoints = new ArrayList<>();
                        for (CompletableFuture<String> stop : stops) {
                            savepoints.add(stop.get());
                        }
                        answer("stoppedall " + (System.nanoTime() - start) / 1_000_000 + " "
                                + String.join(" ", savepoints));
                    }
                    case "cancel" -> {
                        flink.cancel(JobID.fromHexString(command[1])).get();
                        while (flink.getJobStatus(JobID.fromHexString(command[1])).get() != JobStatus.CANCELED) {
                            Thread.sleep(10);
                        }
                        answer("cancelled");
                    }
                    default -> throw new IllegalArgumentException("unknown command " + line);
                }
            }
        }
    }

    /** One answer: a line of its own, marked, since libraries may write to standard output too. */
    private static void answer(String text) {
        System.out.println(ANSWER + text);
    }

    /** Polls the overview every 10 ms until the job runs with all its tasks. */
    private static void awaitAllTasksRunning(RestClusterClient<String> flink, JobID job) throws Exception {
        while (true) {
            for (JobDetails details : flink.sendRequest(JobsOverviewHeaders.getInstance(),
                    EmptyMessageParameters.getInstance(), EmptyRequestBody.getInstance()).get().getJobs()) {
                if (details.getJobId().equals(job)) {
                    int[] tasks = details.getTasksPerState();
                    int running = tasks[ExecutionState.RUNNING.ordinal()] + tasks[ExecutionState.FINISHED.ordinal()];
                    if (details.getStatus() == JobStatus.RUNNING && details.getNumTasks() > 0
                            && running == details.getNumTasks()) {
                        return;
                    }
                    if (details.getStatus().isGloballyTerminalState()) {
                        throw new IllegalStateException("the baseline's job ended: " + details.getStatus());
                    }
                }
            }
            Thread.sleep(10);
        }
    }
}
