package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.flink.FlinkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The service's own files, kept from the local cluster's user: the data directory may be passed through (to the places
 * the cluster's user is given: projects, checkpoints, savepoints, its own directory) but not listed; the catalogue
 * and the service's temporary directory are the service's alone; and a credentials or tokens file other users can
 * read is named in the log at start.
 */
final class DataDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private DataDirectory() {
    }

    /**
     * Creates the data directory if need be and closes it: to everyone but the service, or, when a local cluster runs
     * as a user of its own, to everyone but the service and those passing through.
     */
    static void prepare(Path directory, Backend backend) {
        boolean passThrough = backend instanceof Backend.Flink flink
                && flink.cluster() instanceof FlinkSettings.Local local && local.user().isPresent();
        try {
            Files.createDirectories(directory);
            permissions(directory, passThrough ? "rwx--x--x" : "rwx------");
            Path tmp = directory.resolve("tmp");
            if (Files.isDirectory(tmp)) {
                permissions(tmp, "rwx------");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the data directory " + directory + " cannot be prepared: "
                    + e.getMessage(), e);
        }
    }

    /** The catalogue's files (H2 makes them readable by all): the service's alone. */
    static void protectCatalogue(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("catalogue")).toList()) {
                permissions(file, "rw-------");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the catalogue's files in " + directory + " cannot be protected: "
                    + e.getMessage(), e);
        }
    }

    /** Logs a warning when other users of this machine (a local cluster's user among them) can read {@code file}. */
    static void warnIfOthersCanRead(Path file, String what) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_READ)) {
                LOG.warn("The {} file {} can be read by other users of this machine (mode {}), the local Flink "
                        + "cluster's user among them: chmod 600 {}", what, file,
                        PosixFilePermissions.toString(permissions), file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // it is read, and its errors reported, with the rest of the configuration
        }
    }

    private static void permissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions keeps its own rules
        }
    }
}
