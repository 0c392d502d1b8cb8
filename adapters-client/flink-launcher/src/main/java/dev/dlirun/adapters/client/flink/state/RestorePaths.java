package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Which state a check may read: only a project's own, inside {@code <storage>/<project>/} of the runtime's savepoint
 * storage or of its checkpoint storage, as the engine's {@code SavepointPaths} judges a savepoint a caller names. A
 * path is judged absolute and normalised, its {@code ..} and {@code .} resolved and, on the local file system, its
 * symbolic links followed as far as it exists: the check reads no other project's state, nor any other file.
 */
public final class RestorePaths {

    private static final String RULE = "must name a savepoint or checkpoint of this project, in the runtime's "
            + "savepoint or checkpoint storage";

    private final List<URI> storages;

    /** @param storages the runtime's savepoint storage and checkpoint storage, URIs with a scheme */
    public RestorePaths(URI... storages) {
        this.storages = List.of(storages);
    }

    /**
     * Checks that {@code path} lies inside the project's directory of one of the storages.
     *
     * @throws InvalidInputException naming the path when it does not
     */
    public void check(ProjectId projectId, String path) {
        URI named;
        try {
            named = path.startsWith("/") ? new URI("file", null, path, null) : new URI(path);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(StateMetadata.FIELD, RULE + "; " + path + " is not a valid path or URI");
        }
        if (named.getScheme() == null) {
            throw new InvalidInputException(StateMetadata.FIELD, RULE + "; " + path + " is not an absolute path");
        }
        for (URI storage : storages) {
            URI home = projectDirectory(storage, projectId);
            if ("file".equalsIgnoreCase(home.getScheme()) ? localInside(home, named) : remoteInside(home, named)) {
                return;
            }
        }
        throw new InvalidInputException(StateMetadata.FIELD, RULE + "; " + path + " is not");
    }

    private static URI projectDirectory(URI storage, ProjectId projectId) {
        String base = storage.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + projectId.value() + "/");
    }

    private static boolean localInside(URI home, URI named) {
        if (!"file".equalsIgnoreCase(named.getScheme())
                || named.getRawAuthority() != null && !named.getRawAuthority().isEmpty()) {
            return false;
        }
        try {
            Path root = real(Path.of(home).normalize());
            Path path = real(Path.of(named).normalize());
            return path.startsWith(root) && !path.equals(root);
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /** The path with its symbolic links followed as far as it exists; the rest as it is. */
    private static Path real(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? path : existing.toRealPath().resolve(existing.relativize(path)).normalize();
    }

    private static boolean remoteInside(URI home, URI named) {
        URI path = named.normalize();
        String decoded = path.getPath();
        return home.getScheme().equalsIgnoreCase(path.getScheme())
                && Objects.equals(home.getRawAuthority(), path.getRawAuthority())
                && decoded != null && !decoded.contains("/../") && !decoded.endsWith("/..")
                && decoded.startsWith(home.getPath()) && !decoded.equals(home.getPath());
    }
}
