package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.adapters.client.flink.policy.CodePolicy;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The places each project's jobs write, and the users they belong to: a project's own directory under the projects'
 * root and, when local, under the checkpoints' and savepoints' roots. The code policy makes a project's own directory
 * when a job first needs it; it is made here, so that it hands each new one to the user the project's jobs run as.
 */
final class JobDirectories {

    private final FlinkSettings settings;
    /** The clusters of the projects that run code, on the local engine; null on the others. */
    private final CodeClusters code;
    private final CodePolicy policy;

    JobDirectories(FlinkSettings settings, CodeClusters code) {
        this.settings = settings;
        this.code = code;
        this.policy = new CodePolicy(settings.projects(), settings.jars(), settings.connectors(),
                settings.codeProjects(), settings.reach().network(), directory -> {
                    Optional<OsUser> owner = ownerOf(directory.getFileName().toString());
                    if (owner.isPresent()) {
                        owner.get().own(directory);
                    }
                });
    }

    /** The code policy jobs are checked by, whose new project directories go to their users. */
    CodePolicy policy() {
        return policy;
    }

    /**
     * Hands the places jobs write to the users their processes run as: the roots of the projects' directories and of
     * the checkpoints' and savepoints' (when local) stay the service's, open to pass through only; each project's own
     * directory in each is its user's alone (the local cluster's, or the project's own when it runs code).
     */
    void handOver() throws IOException {
        for (Path root : roots()) {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            try (var projects = Files.list(root)) {
                for (Path project : projects.filter(Files::isDirectory).toList()) {
                    Optional<OsUser> owner = ownerOf(project.getFileName().toString());
                    if (owner.isPresent()) {
                        owner.get().ownAll(project);
                    }
                }
            }
        }
    }

    private List<Path> roots() {
        List<Path> roots = new ArrayList<>(List.of(settings.projects()));
        for (URI state : new URI[]{settings.checkpoints(), settings.savepoints()}) {
            if ("file".equalsIgnoreCase(state.getScheme())) {
                roots.add(Path.of(state));
            }
        }
        return roots;
    }

    /** The user a project's jobs run as on the local cluster: the project's own when it runs code. */
    private Optional<OsUser> ownerOf(String project) {
        if (!(settings.cluster() instanceof FlinkSettings.Local local)) {
            return Optional.empty();
        }
        return code != null && project.matches("[A-Za-z0-9_-]{1,64}") ? code.userOf(ProjectId.of(project))
                : local.user();
    }

    /** The project's own directories where its jobs write, made if need be, given to the user its jobs run as. */
    void prepare(ProjectId project) throws IOException {
        policy.projectDirectory(project);
        Optional<OsUser> owner = ownerOf(project.value());
        List<Path> roots = roots();
        for (Path root : roots.subList(1, roots.size())) {
            Path own = root.resolve(project.value());
            if (owner.isPresent()) {
                owner.get().own(own);
            } else {
                Files.createDirectories(own);
            }
        }
    }
}
