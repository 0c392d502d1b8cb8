package dev.dlirun.adapters.client.flink.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Ends, at the cluster's start, the processes a previous run of the service left behind (after a kill -9 where they
 * could not die with it): those its pid files name, when they still run the role's class for this cluster's directory.
 */
final class Leftovers {

    /** The cluster's own log: what is said here is said of the cluster. */
    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

    private Leftovers() {
    }

    /** Ends the processes the pid files in {@code directory} name, and deletes the files. */
    static void end(Path directory) throws IOException {
        for (ClusterRole role : ClusterRole.values()) {
            Path pidFile = role.pidFile(directory);
            if (!Files.exists(pidFile)) {
                continue;
            }
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                String line = commandLine(pid);
                if (process.isPresent() && line.contains(role.mainClass()) && line.contains(directory.toString())) {
                    LOG.warn("Ending the local Flink cluster's {} (pid {}) that an earlier run of the service left",
                            role.file(), pid);
                    process.get().destroyForcibly();
                    process.get().onExit().get(10, TimeUnit.SECONDS);
                }
            } catch (NumberFormatException | ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("Could not end what {} names: {}", pidFile, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(pidFile);
        }
    }

    /**
     * A process's whole command line: from {@code /proc} on Linux (the JDK's own cuts long ones short, and a Flink
     * process's class path is long), else as the JDK tells it.
     */
    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException | UncheckedIOException notLinux) {
            return ProcessHandle.of(pid).flatMap(process -> process.info().commandLine()).orElse("");
        }
    }
}
