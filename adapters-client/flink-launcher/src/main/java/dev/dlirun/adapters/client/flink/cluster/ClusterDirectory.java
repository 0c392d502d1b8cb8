package dev.dlirun.adapters.client.flink.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local cluster's directory as every start prepares it, and who owns what in it: what the service writes for the
 * cluster (its configuration, its keys) is made anew in directories of the service's own, which the cluster's user may
 * read but not change; what the cluster writes (logs, temporary files, its home) is its user's own; its jars are a copy
 * its user can read.
 *
 * @param conf         the configuration's directory (the service's)
 * @param tlsDirectory the cluster's keys' directory (the service's)
 * @param restSecrets  the service's key for the cluster's REST API, in the service's secrets
 * @param log          Flink's logs (the cluster's user's)
 * @param tmp          the processes' temporary files (the cluster's user's)
 * @param lib          the jars the processes run from: a copy of their own when they run as a user of their own
 */
record ClusterDirectory(Path conf, Path tlsDirectory, Path restSecrets, Path log, Path tmp, Path lib) {

    /**
     * Prepares {@code directory}, which exists, for a start of the cluster of {@code settings}: the service's
     * directories made anew, the user's made its own, the jars copied where that user can read them.
     */
    static ClusterDirectory prepare(Path directory, LocalFlinkCluster.Settings settings) throws IOException {
        Optional<OsUser> user = settings.user();
        // The cluster's user may pass through its directory (to its own parts of it) but not list it.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(user.isPresent() ? "rwx--x--x"
                : "rwx------"));
        // What the service writes for the cluster (its configuration, its keys) is made anew in directories of the
        // service's own, which the cluster's user may read but not change.
        Path conf = fresh(directory.resolve("conf"));
        Path tls = fresh(directory.resolve("tls"));
        Path restSecrets = fresh(settings.secrets().resolve("flink-rest"));
        Path log = ownedBy(user, directory.resolve("log"));
        Path tmp = ownedBy(user, directory.resolve("tmp"));
        ownedBy(user, directory.resolve("home"));
        // Its own copy of its jars: the service's jar may lie where the cluster's user cannot read (e.g. under /root).
        Path lib = user.isPresent() ? copyOf(settings.lib(), directory.resolve("lib")) : settings.lib();
        return new ClusterDirectory(conf, tls, restSecrets, log, tmp, lib);
    }

    /**
     * Lets the cluster's user, if it has one of its own, read what the service wrote for it: its configuration
     * ({@code config}, {@code logback}) and its keys (and the service's key for the REST API too when the cluster is a
     * project's, whose job clients run as that user).
     *
     * @throws IOException naming the directory that keeps the cluster's user from its configuration, jars or logs
     */
    void openTo(LocalFlinkCluster.Settings settings, ClusterTls tls, Path config, Path logback) throws IOException {
        Optional<OsUser> user = settings.user();
        if (user.isPresent()) {
            for (Path readable : new Path[]{conf, tlsDirectory, tls.serverKeystore(), tls.serverTruststore(),
                    tls.internalKeystore(), config, logback}) {
                user.get().mayRead(readable);
            }
            if (settings.clientForTheUser()) {
                for (Path readable : new Path[]{tls.clientKeystore().getParent(), tls.clientKeystore(),
                        tls.clientTruststore()}) {
                    user.get().mayRead(readable);
                }
            }
            checkReachable(user.get(), config, lib, log);
        }
    }

    /** An empty directory of the service's own at {@code directory}, whatever was there (links not followed). */
    private static Path fresh(Path directory) throws IOException {
        LocalFiles.deleteWithoutFollowingLinks(directory);
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    private static Path ownedBy(Optional<OsUser> user, Path directory) throws IOException {
        return user.isPresent() ? user.get().own(directory) : Files.createDirectories(directory);
    }

    /**
     * A copy of the jars of {@code lib} in {@code copy}, readable by all (hard links where the file system allows);
     * kept from the last start when it holds the same files.
     */
    private static Path copyOf(Path lib, Path copy) throws IOException {
        Files.createDirectories(copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        java.util.Set<String> wanted = new java.util.HashSet<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(file -> file.getFileName().toString().endsWith(".jar")).toList()) {
                Path target = copy.resolve(jar.getFileName());
                wanted.add(jar.getFileName().toString());
                if (Files.exists(target) && Files.size(target) == Files.size(jar)) {
                    continue;
                }
                Files.deleteIfExists(target);
                try {
                    Files.createLink(target, jar);
                } catch (IOException | UnsupportedOperationException otherFileSystem) {
                    Files.copy(jar, target);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (Stream<Path> old = Files.list(copy)) {
            for (Path stale : old.filter(file -> !wanted.contains(file.getFileName().toString())).toList()) {
                Files.delete(stale);
            }
        }
        return copy;
    }

    /**
     * @throws IOException naming the directory that keeps the cluster's user from its configuration, jars or logs
     */
    private static void checkReachable(OsUser user, Path config, Path lib, Path log) throws IOException {
        for (Path path : new Path[]{config, lib, log}) {
            for (Path directory = path.toAbsolutePath().getParent(); directory != null; directory = directory.getParent()) {
                var attributes = Files.readAttributes(directory, java.nio.file.attribute.PosixFileAttributes.class);
                var permissions = attributes.permissions();
                boolean own = Files.getAttribute(directory, "unix:uid").equals(user.uid())
                        && permissions.contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
                boolean group = Files.getAttribute(directory, "unix:gid").equals(user.gid())
                        && permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
                boolean others = permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                if (!own && !group && !others) {
                    throw new IOException("the local Flink cluster runs as " + user + ", which cannot reach "
                            + path + ": " + directory + " is closed to other users. Choose a data directory it can "
                            + "reach (e.g. --data-dir /var/lib/dlirun), or open " + directory + " to others "
                            + "(chmod o+x)");
                }
            }
        }
    }
}
