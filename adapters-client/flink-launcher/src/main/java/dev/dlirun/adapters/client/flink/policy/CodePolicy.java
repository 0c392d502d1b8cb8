package dev.dlirun.adapters.client.flink.policy;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a job's code may do, decided by allowlists only: the statements a script may hold ({@link Statement}), the
 * connectors, formats and catalogs its tables may use and every option of each ({@link TableOptions}), the Flink
 * settings it may make ({@link JobSettings}), where its files may lie (its project's own directory), and whether it may
 * bring code at all (jars and functions: only projects the operator names, from the jars directory only). Whatever is
 * not named is refused, with a message that names the rule. {@link #forJob(ProjectId)} gives the rules of one launch.
 */
public final class CodePolicy {

    /** The connectors a job may use unless the operator says otherwise. */
    public static final Set<String> DEFAULT_CONNECTORS = Set.of("datagen", "print", "blackhole", "filesystem", "kafka",
            "upsert-kafka", "jdbc");

    private final Path projectsRoot;
    private final Jars jars;
    private final Set<String> connectors;
    private final Set<String> codeProjects;
    private final ProjectDirectories newProjectDirectory;
    private final NetworkReach reach;

    /** What is done with a project's directory once the policy has created it. */
    @FunctionalInterface
    public interface ProjectDirectories {
        void created(Path directory) throws IOException;
    }

    /**
     * @param projectsRoot the directory holding each project's own directory
     * @param jars         where jars may come from; empty when no jar may be used
     * @param connectors   the connectors tables may use: classified ones ({@link TableOptions#classifiedConnectors()})
     * @param codeProjects the projects whose jobs may bring code (jar jobs, functions, {@code ADD JAR})
     */
    public CodePolicy(Path projectsRoot, Optional<Path> jars, Set<String> connectors, Set<String> codeProjects) {
        this(projectsRoot, jars, connectors, codeProjects, new NetworkReach(java.util.List.of(), Set::of),
                directory -> { });
    }

    /**
     * @param reach               the network places jobs' tables may connect to
     * @param newProjectDirectory what to do with a project's directory the policy has just created (give it to the
     *                            user the jobs run as)
     */
    public CodePolicy(Path projectsRoot, Optional<Path> jars, Set<String> connectors, Set<String> codeProjects,
                      NetworkReach reach, ProjectDirectories newProjectDirectory) {
        this.newProjectDirectory = newProjectDirectory;
        this.reach = reach;
        this.projectsRoot = projectsRoot.toAbsolutePath().normalize();
        this.jars = new Jars(jars);
        this.connectors = Set.copyOf(connectors);
        this.codeProjects = Set.copyOf(codeProjects);
        checkConnectors(connectors);
    }

    /** @throws IllegalArgumentException when a connector's options are not classified: no job could use it */
    public static void checkConnectors(Set<String> connectors) {
        Set<String> unclassified = new TreeSet<>(connectors);
        unclassified.removeAll(TableOptions.classifiedConnectors());
        if (!unclassified.isEmpty()) {
            throw new IllegalArgumentException("--connectors names " + String.join(", ", unclassified) + ", whose "
                    + "options this service has not classified, so no job may use it; it can allow "
                    + String.join(", ", TableOptions.classifiedConnectors()));
        }
    }

    /** The rules of a job of {@code project}, to check its code as it is created or changed. */
    public JobRules forJob(ProjectId project) {
        return new JobRules(this, project, Optional.empty(), projectDirectory(project));
    }

    /** The rules of one launch of the job {@code job} of {@code project}. */
    public JobRules forLaunch(ProjectId project, JobId job) {
        return new JobRules(this, project, Optional.of(job), projectDirectory(project));
    }

    /** The project's own directory: where its jobs' files live. Created if need be. */
    public Path projectDirectory(ProjectId project) {
        try {
            Path directory = projectsRoot.resolve(project.value());
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                newProjectDirectory.created(directory);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of project " + project, e);
        }
    }

    Set<String> connectors() {
        return connectors;
    }

    Jars jars() {
        return jars;
    }

    NetworkReach reach() {
        return reach;
    }

    /**
     * @throws PolicyViolation unless the project may bring code
     * @param what what the code is, for the message
     */
    void mayRunCode(ProjectId project, String what) {
        if (!codeProjects.contains(project.value())) {
            throw new PolicyViolation(what + " is code, and project " + project + " may not run code on this service: "
                    + "only the projects its operator names with --code-projects may ("
                    + (codeProjects.isEmpty() ? "none is named" : String.join(", ", new TreeSet<>(codeProjects)))
                    + ")");
        }
    }
}
