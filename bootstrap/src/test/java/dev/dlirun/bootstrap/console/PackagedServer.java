package dev.dlirun.bootstrap.console;

import dev.dlirun.bootstrap.ScratchDirectory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar ({@code target/dlirun.jar}, system property {@code dlirun.jar}) running as a process of its own, as
 * an operator starts it: {@code java -Xmx512m ... -jar dlirun.jar --port=0 --data-dir=<temp> <flags>}, e.g.
 * {@code start("--engine=simulated")}, {@code start("--auth", "token", "--tokens", file)}. It waits for the server's
 * "listening on" line and knows its port; {@link #restart()} stops it with SIGTERM and starts it again on the same port
 * and data directory. Its output goes to {@code target/console-logs/packaged-server-*.log} and {@link #output()}.
 * Closing it stops the process (SIGTERM, then SIGKILL after 30 s) and removes the data directory it made.
 */
public final class PackagedServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:/\\s]+):(\\d+)");
    private static final Pattern CANNOT_LISTEN = Pattern.compile("^dlirun: cannot listen on ");
    private static final Path JAR = Path.of(System.getProperty("dlirun.jar", "target/dlirun.jar")).toAbsolutePath();
    /** The class-data archive the build trains next to the jar; used when there (a build with -Dexec.skip has none). */
    private static final Path ARCHIVE = JAR.resolveSibling("dlirun.jsa");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration STARTS_WITHIN = Duration.ofSeconds(90);
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(60);

    private final Map<String, String> environment;
    private final List<String> flags;
    private final Path dataDir;
    private final boolean ownDataDir;
    private final Path log;
    private final List<String> output = new ArrayList<>();
    private Process process;
    /** The process whose output has ended, every line of it read. */
    private Process finished;
    private int port;

    private PackagedServer(Map<String, String> environment, List<String> flags, Path dataDir, boolean ownDataDir,
                           Path log) {
        this.environment = Map.copyOf(environment);
        this.flags = List.copyOf(flags);
        this.dataDir = dataDir;
        this.ownDataDir = ownDataDir;
        this.log = log;
    }

    /** Starts the jar with {@code flags} (a {@code --port} of 0 and a fresh data directory unless they name theirs). */
    public static PackagedServer start(String... flags) {
        return start(Map.of(), flags);
    }

    /** As {@link #start(String...)}, with {@code environment} added to the process's. */
    public static PackagedServer start(Map<String, String> environment, String... flags) {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError("no packaged jar at " + JAR + ": run `./mvnw package` (or verify) first");
        }
        List<String> given = List.of(flags);
        try {
            Path dataDir = valueOf(given, "--data-dir").map(Path::of).orElse(null);
            boolean own = dataDir == null;
            if (own) {
                dataDir = Files.createTempDirectory("dlirun-console-data");
            }
            Path logs = Files.createDirectories(JAR.resolveSibling("console-logs"));
            PackagedServer server = new PackagedServer(environment, without(without(given, "--port"), "--data-dir"),
                    dataDir, own, Files.createTempFile(logs, "packaged-server-", ".log"));
            server.launch(valueOf(given, "--port").map(Integer::parseInt).orElse(0));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The port it listens on (the same across restarts). */
    public int port() {
        return port;
    }

    /** Its data directory (the same across restarts). */
    public Path dataDir() {
        return dataDir;
    }

    /** Every line the process printed, across restarts. */
    public synchronized List<String> output() {
        return List.copyOf(output);
    }

    /** Whether the process runs. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the process as an operator does, with SIGTERM, and answers its exit value; fails (after killing it) when it
     * is not gone within 60 s. The console sees the service gone until {@link #startAgain()}.
     */
    public int stop() {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        long started = System.nanoTime();
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipe we read its last lines from
        try {
            if (!process.waitFor(STOPS_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the server did not stop within " + STOPS_WITHIN.toSeconds()
                        + " s of SIGTERM; killed it. It printed:\n" + String.join("\n", output()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while the server stopped", e);
        }
        System.err.printf("[packaged-server] stopped in %d ms (exit %d)%n", (System.nanoTime() - started) / 1_000_000,
                process.exitValue());
        return process.exitValue();
    }

    /** Starts the process again, after {@link #stop()}: same flags, same port, same data directory. */
    public void startAgain() {
        if (running()) {
            throw new IllegalStateException("still running");
        }
        // The port was just freed: should anything hold it a moment longer, the server says it cannot listen; try again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                launch(port);
                return;
            } catch (PortTaken taken) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " stayed taken after the restart: " + taken.getMessage());
                }
                sleep(500);
            }
        }
    }

    /**
     * Stops the server with SIGTERM and starts it again on the same port and data directory: the console in the
     * browser sees the service go and come back at the same address. Fails if it did not exit 0.
     */
    public void restart() {
        int exit = stop();
        if (exit != 0) {
            throw new AssertionError("the server exited " + exit + " on SIGTERM; it printed:\n" + String.join("\n",
                    output()));
        }
        startAgain();
    }

    /** Stops the process (SIGTERM; SIGKILL if it is still there after 30 s) and removes the data directory it made. */
    @Override
    public void close() {
        try {
            if (running()) {
                process.toHandle().destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            if (ownDataDir) {
                delete(dataDir);
            }
        }
    }

    private void launch(int requestedPort) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx512m", "-XX:MaxDirectMemorySize=256m"));
        if (Files.isRegularFile(ARCHIVE)) {
            command.add("-XX:SharedArchiveFile=" + ARCHIVE);
        }
        command.addAll(List.of("-jar", JAR.toString(), "--port=" + requestedPort, "--data-dir=" + dataDir));
        command.addAll(flags);
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process launched;
        try {
            launched = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int firstLine;
        synchronized (this) {
            process = launched;
            firstLine = output.size();
        }
        append("=== " + String.join(" ", command));
        Thread reader = new Thread(() -> read(launched), "packaged-server-output");
        reader.setDaemon(true);
        reader.start();
        port = awaitListening(launched, firstLine);
        System.err.printf("[packaged-server] listening on %s in %d ms (log %s)%n", baseUrl(),
                (System.nanoTime() - started) / 1_000_000, log);
    }

    private void read(Process from) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(from.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                append(line);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // the process ended
        }
        synchronized (this) {
            finished = from;
            notifyAll();
        }
    }

    private synchronized void append(String line) {
        output.add(line);
        notifyAll();
        try (Writer writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            writer.write(line);
            writer.write('\n');
        } catch (IOException e) {
            // the log file is a convenience: the lines are in output() as well
        }
    }

    /** Waits for the "listening on" line the process prints from line {@code from} on; answers its port. */
    private synchronized int awaitListening(Process launched, int from) {
        long deadline = System.nanoTime() + STARTS_WITHIN.toNanos();
        int next = from;
        while (true) {
            for (; next < output.size(); next++) {
                Matcher listening = LISTENING.matcher(output.get(next));
                if (listening.find()) {
                    return Integer.parseInt(listening.group(2));
                }
                if (CANNOT_LISTEN.matcher(output.get(next)).find()) {
                    String line = output.get(next);
                    waitForExit(launched);
                    throw new PortTaken(line);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || finished == launched) {
                launched.destroyForcibly();
                throw new AssertionError((left <= 0 ? "the server printed no \"listening on\" line within "
                        + STARTS_WITHIN.toSeconds() + " s" : "the server ended before listening")
                        + "; it printed:\n" + String.join("\n", output.subList(from, output.size())));
            }
            try {
                wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                launched.destroyForcibly();
                throw new AssertionError("interrupted while the server started", e);
            }
        }
    }

    private static void waitForExit(Process launched) {
        try {
            if (!launched.waitFor(10, TimeUnit.SECONDS)) {
                launched.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            launched.destroyForcibly();
        }
    }

    /** The server said that its port is taken. */
    private static final class PortTaken extends RuntimeException {
        PortTaken(String line) {
            super(line, null, false, false);
        }
    }

    private static Optional<String> valueOf(List<String> flags, String name) {
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).startsWith(name + "=")) {
                return Optional.of(flags.get(i).substring(name.length() + 1));
            }
            if (flags.get(i).equals(name) && i + 1 < flags.size()) {
                return Optional.of(flags.get(i + 1));
            }
        }
        return Optional.empty();
    }

    private static List<String> without(List<String> flags, String name) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i).equals(name)) {
                i++; // and its value
            } else if (!flags.get(i).startsWith(name + "=")) {
                kept.add(flags.get(i));
            }
        }
        return kept;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void delete(Path root) {
        try {
            ScratchDirectory.delete(root);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[packaged-server] could not remove " + root + ": " + e.getMessage());
        }
    }
}
