package dev.dlirun.adapters.client.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the test peers share: free ports, the tail of a log, and ending a process for certain. */
public final class Peers {

    /** How many tries a peer gets when another process takes one of its ports between our look and its bind. */
    public static final int ATTEMPTS = 3;

    private Peers() {
    }

    /** A port that nothing on 127.0.0.1 listens on now (another process may take it before the peer binds it). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The last {@code lines} lines of {@code log}, for the message of a peer that did not start. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + log + " could not be read: " + e + ")";
        }
    }

    /** Whether {@code log} says that a port was taken. */
    public static boolean portTaken(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains("Address already in use");
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends {@code process} and whatever it started, at once, and waits for them. */
    public static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The number of seconds since {@code startNanos}, with one decimal, for the peers' start-up lines. */
    public static String secondsSince(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
