package dev.dlirun.adapters.client.flink;

import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a job's code may do. A job is code: its SQL reads and writes files through connectors, and a jar (or a
 * function's jar) runs any Java, on the embedded engine inside the service's own JVM. So, by default:
 * <ul>
 *     <li>tables use only the connectors of an allowlist;</li>
 *     <li>every table option that names a path names one inside the project's own directory (relative paths are taken
 *     from there), after {@code ..} and symbolic links are resolved;</li>
 *     <li>jars come only from the jars directory;</li>
 *     <li>Flink settings a job makes (its {@code runtime_config}, its {@code SET} statements) are those of the job
 *     itself, never ones that name a path, a jar or the cluster.</li>
 * </ul>
 * A job that breaks a rule is refused before it is submitted, with a message that names the rule.
 */
final class JobCodePolicy {

    /** The connectors a job may use unless the operator says otherwise. */
    static final Set<String> DEFAULT_CONNECTORS = Set.of("datagen", "print", "blackhole", "filesystem");

    /** Settings a job may make: its own execution, never the cluster's. */
    private static final List<String> ALLOWED_SETTING_PREFIXES = List.of("table.", "pipeline.", "execution.",
            "restart-strategy.", "parallelism.default", "state.backend.type", "state.ttl");
    /** Within those, settings that name a place, a jar or the cluster, or that the service sets itself. */
    private static final List<String> RESERVED_SETTINGS = List.of("execution.target", "execution.attached",
            "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "execution.state-recovery.",
            "pipeline.jars", "pipeline.classpaths", "pipeline.cached-files", "table.dynamic-table-options.enabled",
            "table.resources.download-dir");

    private final Path projectsRoot;
    private final Optional<Path> jarsDirectory;
    private final Set<String> connectors;

    /**
     * @param projectsRoot  the directory holding each project's own directory
     * @param jarsDirectory where jars may come from; empty when no jar may be used
     * @param connectors    the connectors tables may use
     */
    JobCodePolicy(Path projectsRoot, Optional<Path> jarsDirectory, Set<String> connectors) {
        this.projectsRoot = projectsRoot.toAbsolutePath().normalize();
        this.jarsDirectory = jarsDirectory.map(dir -> dir.toAbsolutePath().normalize());
        this.connectors = Set.copyOf(connectors);
    }

    /** The project's own directory: where its jobs' files live. Created if need be. */
    Path projectDirectory(ProjectId project) throws IOException {
        return Files.createDirectories(projectsRoot.resolve(project.value()));
    }

    /**
     * The table's options as the job may use them: its connector in the allowlist, and every option that names a
     * path turned into an absolute {@code file:} URI inside the project's directory.
     *
     * @throws RuleBroken when the table breaks a rule
     */
    Map<String, String> tableOptions(ProjectId project, String table, Map<String, String> options) throws RuleBroken {
        String connector = options.get("connector");
        if (connector == null) {
            throw new RuleBroken("table " + table + " names no connector; a job's tables use the connectors "
                    + names(connectors));
        }
        if (!connectors.contains(connector)) {
            throw new RuleBroken("table " + table + " uses the connector '" + connector + "', which this service does "
                    + "not allow; allowed: " + names(connectors));
        }
        Map<String, String> checked = new HashMap<>(options);
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (namesAPath(option.getKey())) {
                checked.put(option.getKey(), insideProject(project, table, option.getKey(), option.getValue()).toUri()
                        .toString());
            }
        }
        return checked;
    }

    private static boolean namesAPath(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("path") || k.endsWith(".path") || k.endsWith("-path") || k.endsWith(".dir")
                || k.endsWith("-dir") || k.endsWith(".file") || k.endsWith("-file");
    }

    private Path insideProject(ProjectId project, String table, String key, String value) throws RuleBroken {
        String rule = "table " + table + ": '" + key + "' must name a place inside the project's own directory";
        Path path;
        try {
            URI uri = new URI(value.strip());
            if (uri.getScheme() == null) {
                path = Path.of(value.strip());
            } else if (uri.getScheme().equalsIgnoreCase("file") && uri.getPath() != null) {
                path = Path.of(uri.getPath());
            } else {
                throw new RuleBroken(rule + " (a local path); got '" + value + "'");
            }
        } catch (URISyntaxException | InvalidPathException e) {
            throw new RuleBroken(rule + "; '" + value + "' is not a path");
        }
        try {
            Path projectDirectory = projectDirectory(project).toRealPath();
            Path resolved = realPath(path.isAbsolute() ? path : projectDirectory.resolve(path));
            if (!resolved.startsWith(projectDirectory)) {
                throw new RuleBroken(rule + "; '" + value + "' is outside it");
            }
            return resolved;
        } catch (IOException e) {
            throw new RuleBroken(rule + "; '" + value + "' cannot be checked: " + e.getMessage());
        }
    }

    /**
     * {@code path} with {@code ..} and every symbolic link resolved: the real path of its deepest existing ancestor,
     * with the rest (which does not exist yet) appended.
     */
    static Path realPath(Path path) throws IOException {
        Path normal = path.toAbsolutePath().normalize();
        Path existing = normal;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return normal;
        }
        return existing.toRealPath().resolve(existing.relativize(normal)).normalize();
    }

    /**
     * The jar {@code location} names, if it lies in the jars directory and can be read.
     *
     * @param what what the jar is for, for the message (e.g. {@code the job's entrypoint})
     */
    Path jar(String what, String location) throws RuleBroken {
        if (jarsDirectory.isEmpty()) {
            throw new RuleBroken(what + " '" + location + "' cannot be used: this service takes jars from no "
                    + "directory (its operator sets one with --jars-dir)");
        }
        Path directory = jarsDirectory.get();
        Path jar;
        try {
            URI uri = new URI(location.strip());
            Path named = uri.getScheme() == null ? Path.of(location.strip())
                    : uri.getScheme().equalsIgnoreCase("file") && uri.getPath() != null ? Path.of(uri.getPath()) : null;
            if (named == null) {
                throw new RuleBroken(what + " '" + location + "' must be a jar in the jars directory");
            }
            jar = realPath(named.isAbsolute() ? named : directory.resolve(named));
            if (!jar.startsWith(realPath(directory))) {
                throw new RuleBroken(what + " '" + location + "' is not in the jars directory; jars come from there only");
            }
        } catch (URISyntaxException | InvalidPathException | IOException e) {
            throw new RuleBroken(what + " '" + location + "' is not a path to a jar");
        }
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new RuleBroken(what + " '" + location + "' does not exist in the jars directory or cannot be read");
        }
        return jar;
    }

    /** @throws RuleBroken when a job may not make the Flink setting {@code key} */
    void setting(String key) throws RuleBroken {
        String k = key.strip();
        boolean allowed = ALLOWED_SETTING_PREFIXES.stream().anyMatch(k::startsWith);
        boolean reserved = RESERVED_SETTINGS.stream().anyMatch(k::startsWith) || namesAPath(k)
                || k.endsWith(".dirs") || k.endsWith("jars");
        if (!allowed || reserved) {
            throw new RuleBroken("the Flink setting '" + key + "' is not one a job may make: jobs set table.*, "
                    + "pipeline.*, execution.*, restart-strategy.*, parallelism.default and state.backend.type, "
                    + "never one that names a path, a jar or the cluster");
        }
    }

    private static String names(Set<String> values) {
        return String.join(", ", new TreeSet<>(values));
    }

    /** A rule of this policy the job breaks; the message names the rule. */
    static final class RuleBroken extends Exception {
        RuleBroken(String message) {
            super(Objects.requireNonNull(message, "message"));
        }
    }
}
