package dev.dlirun.adapters.client.flink;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Flink session cluster in processes of its own, as an operator runs one: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code TaskManagerRunner}), from the Flink jars on
 * this JVM's class path (Maven Central has no {@code flink-dist}), with the memory flags Flink's own scripts compute
 * ({@code BashJavaUtils}). Everything listens on 127.0.0.1; each process writes its output to a file in its directory.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final Path directory;
    private final URI rest;
    private final List<Process> processes = new ArrayList<>();

    private FlinkSessionCluster(Path directory, URI rest) {
        this.directory = directory;
        this.rest = rest;
    }

    /**
     * Starts the cluster in {@code directory} with {@code slots} task slots, and returns once its TaskManager has
     * registered them.
     *
     * @param classPath the class path of both processes: Flink's runtime, the connectors its jobs use, a logging
     *                  backend
     * @param jvmFlags  flags for both JVMs (what Flink needs opened on this Java)
     */
    public static FlinkSessionCluster start(Path directory, int slots, String classPath, List<String> jvmFlags)
            throws IOException, InterruptedException {
        return start(directory, slots, classPath, jvmFlags, Map.of());
    }

    /**
     * As {@link #start(Path, int, String, List)}, with {@code settings} of its {@code config.yaml} in place of the
     * defaults of the same keys (e.g. a larger {@code taskmanager.memory.process.size} for a job whose heap state is
     * large).
     */
    public static FlinkSessionCluster start(Path directory, int slots, String classPath, List<String> jvmFlags,
                                            Map<String, String> settings) throws IOException, InterruptedException {
        Path conf = Files.createDirectories(directory.resolve("conf"));
        int restPort = freePort();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.memory.process.size", "1024m");
        config.put("taskmanager.memory.process.size", "1600m");
        config.putAll(settings);
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                "io.tmp.dirs: " + Files.createDirectories(directory.resolve("tmp")),
                config.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue())
                        .collect(Collectors.joining("\n")),
                ""));
        FlinkSessionCluster cluster = new FlinkSessionCluster(directory, URI.create("http://127.0.0.1:" + restPort));
        try {
            cluster.processes.add(launch(directory, "jobmanager", "GET_JM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", conf, classPath, jvmFlags));
            // Started before the JobManager answers, a TaskManager waits ten seconds before it tries again.
            cluster.awaitRest("\"flink-version\"", Duration.ofMinutes(1));
            cluster.processes.add(launch(directory, "taskmanager", "GET_TM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf, classPath, jvmFlags));
            cluster.awaitRest("\"slots-total\":" + slots, Duration.ofMinutes(1));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static Process launch(Path directory, String name, String resourceQuery, String mainClass, Path conf,
                                  String classPath, List<String> jvmFlags) throws IOException, InterruptedException {
        List<String> resources = bashJavaUtils(resourceQuery, conf, classPath);
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(Arrays.asList(resources.get(0).split(" ")));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, mainClass, "--configDir", conf.toString()));
        command.addAll(Arrays.asList(resources.get(1).split(" ")));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".out").toFile()).start();
    }

    /** The JVM flags and the dynamic settings Flink's scripts compute for a process: two lines. */
    private static List<String> bashJavaUtils(String query, Path conf, String classPath)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(JAVA, "-cp", classPath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                query, "--configDir", conf.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + query + " failed:\n" + output);
        }
        List<String> results = output.lines().filter(line -> line.startsWith(RESULT))
                .map(line -> line.substring(RESULT.length()).strip()).toList();
        if (results.size() != 2) {
            throw new IllegalStateException("BashJavaUtils " + query + " answered:\n" + output);
        }
        return results;
    }

    private void awaitRest(String expected, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a Flink process ended; its output is in " + directory);
                }
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) rest.resolve("/overview").toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(5000);
                if (connection.getResponseCode() == 200
                        && new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .replace(" ", "").contains(expected)) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Flink cluster did not answer " + expected + " in " + timeout
                + "; its output is in " + directory);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The cluster's REST API, as {@code --flink-rest} takes it. */
    public URI rest() {
        return rest;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
