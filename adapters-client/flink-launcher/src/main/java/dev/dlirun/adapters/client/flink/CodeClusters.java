package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.LocalFlinkCluster;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The clusters of the projects that may run code (jar jobs, functions): one each, started the first time one of the
 * project's jobs launches, in processes of its own and, when the service runs as root, as a user of its own
 * ({@link #FIRST_UID} on, in the order of the projects' names). A project's code then shares a TaskManager with its
 * own jobs only, and runs as a user that owns its own directories only: it reaches neither the service's files nor
 * another project's. The project's jobs are planned or started by job clients ({@link JobClient}) running as that
 * user, with its cluster's key.
 */
final class CodeClusters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CodeClusters.class);
    /** The user id of the first project that runs code, when the service runs as root; the next ones follow. */
    static final int FIRST_UID = 61000;

    /** A project's cluster, and what talks to it. */
    record Connection(ProjectId project, LocalFlinkCluster cluster, Configuration rest,
                      RestClusterClient<String> client, JobClient launcher) {
    }

    private final FlinkSettings settings;
    private final FlinkSettings.Local local;
    private final List<String> projects;
    private final Map<String, Connection> started = new ConcurrentHashMap<>();

    CodeClusters(FlinkSettings settings, FlinkSettings.Local local) {
        this.settings = settings;
        this.local = local;
        this.projects = settings.codeProjects().stream().sorted().toList();
    }

    /** Whether {@code project}'s jobs run on a cluster of their own. */
    boolean runsCode(ProjectId project) {
        return projects.contains(project.value());
    }

    /** The user {@code project}'s processes run as: its own when the service is root and it runs code. */
    Optional<OsUser> userOf(ProjectId project) {
        int index = projects.indexOf(project.value());
        if (index < 0 || local.user().isEmpty()) {
            return local.user();
        }
        return Optional.of(new OsUser(FIRST_UID + index, FIRST_UID + index, Integer.toString(FIRST_UID + index)));
    }

    /** The project's cluster, started if it is not yet. */
    Connection of(ProjectId project) throws IOException, InterruptedException {
        Connection known = started.get(project.value());
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = started.get(project.value());
            if (known != null) {
                return known;
            }
            Optional<OsUser> user = userOf(project);
            Path directory = settings.clusterDirectory().resolveSibling("clusters").resolve(project.value());
            Files.createDirectories(directory.getParent());
            Files.setPosixFilePermissions(directory.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
            long begun = System.nanoTime();
            LocalFlinkCluster cluster = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(directory,
                    directory.resolve("client"), local.lib(), Math.max(1, local.projectSlots() == 0 ? local.slots()
                    : local.projectSlots()), user, Optional.of(project.value())));
            Connection connection;
            try {
                Path classPath = serviceClassPath(directory, user);
                // The connectors' bundles, copied where the project's user can read them when it is a user of its own.
                Optional<Path> connectorJars = Optional.empty();
                if (user.isPresent() && settings.reach().connectorJars().isPresent()) {
                    Path copy = directory.resolve("connectors");
                    copyTree(settings.reach().connectorJars().get(), copy);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
                    connectorJars = Optional.of(copy);
                }
                connection = new Connection(project, cluster, cluster.clientConfiguration(),
                        new RestClusterClient<>(cluster.clientConfiguration(), "dlirun-" + project),
                        new JobClient(cluster, classPath, user, directory.resolve("home"), connectorJars));
            } catch (Exception e) {
                cluster.close();
                throw new IOException("project " + project + "'s cluster cannot be reached: " + e.getMessage(), e);
            }
            started.put(project.value(), connection);
            LOG.info("Project {} runs code: its cluster of its own runs{} after {} ms", project,
                    user.map(owner -> " as " + owner).orElse(""), (System.nanoTime() - begun) / 1_000_000);
            return connection;
        }
    }

    /** The clusters started so far. */
    Collection<Connection> started() {
        return List.copyOf(started.values());
    }

    /**
     * The service's own class path, for its job clients, in a file they can read; when they run as another user, a
     * copy of it (hard links where the file system allows) in the cluster's directory, which that user can read.
     */
    private static Path serviceClassPath(Path directory, Optional<OsUser> user) throws IOException {
        List<String> entries = new ArrayList<>();
        String[] own = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        Path copies = directory.resolve("service-lib");
        if (user.isPresent()) {
            Files.createDirectories(copies);
            Files.setPosixFilePermissions(copies, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (int i = 0; i < own.length; i++) {
            Path entry = Path.of(own[i]).toAbsolutePath();
            if (!Files.exists(entry)) {
                continue;
            }
            if (user.isEmpty()) {
                entries.add(entry.toString());
                continue;
            }
            Path copy = copies.resolve(i + "-" + entry.getFileName());
            if (Files.isDirectory(entry)) {
                copyTree(entry, copy);
            } else if (!Files.exists(copy) || Files.size(copy) != Files.size(entry)) {
                Files.deleteIfExists(copy);
                try {
                    Files.createLink(copy, entry);
                } catch (IOException | UnsupportedOperationException otherFileSystem) {
                    Files.copy(entry, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            }
            entries.add(copy.toString());
        }
        Path file = directory.resolve("service-class-path.txt");
        Files.write(file, entries);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** Stops every project's cluster. */
    @Override
    public void close() {
        for (Connection connection : started.values()) {
            connection.launcher().close();
            try {
                connection.client().close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the client of project {}'s cluster: {}", connection.project(), e.toString());
            }
            connection.cluster().close();
        }
        started.clear();
    }
}
