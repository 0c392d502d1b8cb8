package dev.dlirun.bootstrap.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance of the packaged service, as an operator starts it, in front of the shared catalogue and Flink cluster of
 * {@link SeveralInstancesIT}: started, killed with {@code kill -9} and started again on its own data directory; its
 * output goes to {@code service-<n>.log} there, one file per start.
 */
final class Instance implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("dlirun.jar", "target/dlirun.jar"));
    private static final Path ARCHIVE = JAR.resolveSibling("dlirun.jsa");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) with");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    private final Path data;
    private final Path jobs;
    private final List<String> extraFlags = new ArrayList<>();
    private volatile Process process;
    private volatile int port;
    private int starts;

    Instance(String name, Path data, Path jobs) {
        this.name = name;
        this.data = data;
        this.jobs = jobs;
    }

    /** Starts the instance and returns once it listens (not once it is ready: Flink's client may still be starting). */
    synchronized Instance start() throws IOException, InterruptedException {
        Path log = data.resolve("service-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx384m", "-XX:MaxDirectMemorySize=128m",
                "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + ARCHIVE, "-jar", JAR.toString(),
                "--port=0", "--data-dir=" + data, "--jobs=" + jobs,
                "--catalogue=" + SeveralInstancesIT.postgres().jdbcUrl(),
                "--catalogue-credentials=" + SeveralInstancesIT.credentials(),
                "--flink-rest=" + SeveralInstancesIT.flinkRest(),
                "--lease-time=" + SeveralInstancesIT.LEASE.toSeconds() + "s",
                "--readiness-cache=0s"));
        command.addAll(extraFlags);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " ended (exit " + process.exitValue() + "); its log:\n"
                        + Files.readString(log));
            }
            Matcher listening = LISTENING.matcher(Files.readString(log));
            if (listening.find()) {
                port = Integer.parseInt(listening.group(1));
                return this;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(name + " did not listen within 60 s; its log:\n" + Files.readString(log));
    }

    /** {@code kill -9}: the process ends at once, writing nothing more. */
    synchronized void kill() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
            running.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Stops the process without ending it ({@code kill -STOP}), as a long pause or a machine cut off would: it keeps
     * its connections and believes what it believed, until {@link #resume}.
     */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused process go on ({@code kill -CONT}) from where it was. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(running.pid())).inheritIO().start().waitFor();
        }
    }

    boolean alive() {
        Process running = process;
        return running != null && running.isAlive();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A POST with a JSON body, and {@code Prefer: <prefer>} when not null. */
    HttpResponse<String> post(String path, String body, String prefer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What {@code /health/ready} answers, as JSON. */
    JsonNode ready() throws IOException, InterruptedException {
        return JSON.readTree(get("/health/ready").body());
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (get("/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not ready within 90 s: " + ready());
    }

    /** Waits until the instance says it holds the cluster's work ({@code true}) or not. */
    void awaitHoldsWork(boolean holds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = ready();
                if (last.path("holds_cluster_work").asText().equals(String.valueOf(holds))) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not come to hold_cluster_work=" + holds + ": " + last);
    }

    @Override
    public void close() throws InterruptedException {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            if (!running.waitFor(20, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        }
    }
}
